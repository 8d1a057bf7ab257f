package alerts

import "github.com/prometheus/client_golang/prometheus"

type metrics struct {
	fired      *prometheus.CounterVec
	resolved   prometheus.Counter
	notified   *prometheus.CounterVec
	open       prometheus.Gauge
	windows    prometheus.Counter
	observed   prometheus.Counter
	suppressed *prometheus.CounterVec
}

func newMetrics(reg prometheus.Registerer) *metrics {
	m := &metrics{
		fired: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "socialcrm_alerts_fired_total", Help: "Alerts raised, by reason.",
		}, []string{"reason"}),
		resolved: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "socialcrm_alerts_resolved_total", Help: "Alerts resolved.",
		}),
		notified: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "socialcrm_alerts_notifications_total", Help: "Notification deliveries, by notifier and result (ok, error).",
		}, []string{"notifier", "result"}),
		open: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "socialcrm_alerts_open", Help: "Alerts firing or acknowledged.",
		}),
		windows: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "socialcrm_alerts_windows_closed_total", Help: "Counting windows closed and judged.",
		}),
		observed: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "socialcrm_alerts_mentions_observed_total", Help: "Scored mentions counted by the alerter.",
		}),
		suppressed: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "socialcrm_alerts_notifications_suppressed_total", Help: "Notifications not sent, by cause (silence, cap).",
		}, []string{"cause"}),
	}
	if reg != nil {
		reg.MustRegister(m.fired, m.resolved, m.notified, m.open, m.windows, m.observed, m.suppressed)
	}
	return m
}
