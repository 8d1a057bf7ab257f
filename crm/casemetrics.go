package crm

import (
	"slices"

	"github.com/prometheus/client_golang/prometheus"
)

// otherChannel labels the metrics of channels without an SLA of their own,
// so that label values stay bounded.
const otherChannel = "other"

type caseMetrics struct {
	known         []string
	opened        *prometheus.CounterVec
	breaches      *prometheus.CounterVec
	firstResponse *prometheus.HistogramVec
	open          *prometheus.GaugeVec
	overdue       *prometheus.GaugeVec
}

func newCaseMetrics(reg prometheus.Registerer, known []string) (*caseMetrics, error) {
	m := &caseMetrics{
		known: known,
		opened: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "socialcrm_cases_opened_total",
			Help: "Cases opened from mentions, by channel and kind."}, []string{"channel", "kind"}),
		breaches: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "socialcrm_cases_sla_breaches_total",
			Help: "Cases that went past their service-level time unanswered, by channel."}, []string{"channel"}),
		firstResponse: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "socialcrm_cases_first_response_seconds",
			Help:    "Time from a case's opening to the brand's first answer, by channel.",
			Buckets: []float64{300, 900, 1800, 3600, 2 * 3600, 4 * 3600, 8 * 3600, 24 * 3600, 72 * 3600}}, []string{"channel"}),
		open: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "socialcrm_cases_open",
			Help: "Open cases (waiting for the brand's answer), by channel."}, []string{"channel"}),
		overdue: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "socialcrm_cases_overdue",
			Help: "Open cases past their due time, by channel."}, []string{"channel"}),
	}
	if reg != nil {
		for _, c := range []prometheus.Collector{m.opened, m.breaches, m.firstResponse, m.open, m.overdue} {
			if err := reg.Register(c); err != nil {
				return nil, err
			}
		}
	}
	return m, nil
}

// channel returns the metric label of a channel.
func (m *caseMetrics) channel(ch string) string {
	if slices.Contains(m.known, ch) {
		return ch
	}
	return otherChannel
}
