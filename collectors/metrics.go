package collectors

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
)

// Drop reasons, the bounded values of the "reason" label.
const (
	DropNoMatch   = "no_match"  // no tracking rule matched
	DropDuplicate = "duplicate" // already emitted
	DropMalformed = "malformed" // the source sent something unreadable
	DropInvalid   = "invalid"   // normalised mention failed validation
	DropOld       = "old"       // older than --since
	DropFiltered  = "filtered"  // an event type or collection not tracked
)

// Metrics counts what every source receives, matches and drops. A nil
// *Metrics counts nothing.
type Metrics struct {
	received   *prometheus.CounterVec
	matched    *prometheus.CounterVec
	dropped    *prometheus.CounterVec
	reconnects *prometheus.CounterVec
	healthy    *prometheus.GaugeVec

	mu        sync.Mutex
	lastEvent map[string]time.Time
	retriers  map[string]healthChecker
	now       func() time.Time
}

type healthChecker interface{ Healthy(context.Context) error }

// NewMetrics registers the collector metrics with reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		received: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "socialcrm_collector_received_total",
			Help: "Events received from a source."}, []string{"source"}),
		matched: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "socialcrm_collector_matched_total",
			Help: "Mentions emitted that matched a brand."}, []string{"source", "brand"}),
		dropped: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "socialcrm_collector_dropped_total",
			Help: "Events dropped, by reason."}, []string{"source", "reason"}),
		reconnects: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "socialcrm_collector_reconnects_total",
			Help: "Reconnects and retries after a failure or disconnect."}, []string{"source"}),
		healthy: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "socialcrm_collector_healthy",
			Help: "1 while the source's circuit is closed, 0 while it is open."}, []string{"source"}),
		lastEvent: map[string]time.Time{},
		retriers:  map[string]healthChecker{},
		now:       time.Now,
	}
	reg.MustRegister(m.received, m.matched, m.dropped, m.reconnects, m.healthy, ageCollector{m})
	return m
}

// Received counts one event from source and notes its time.
func (m *Metrics) Received(source string) {
	if m == nil {
		return
	}
	m.received.WithLabelValues(source).Inc()
	m.mu.Lock()
	m.lastEvent[source] = m.now()
	m.mu.Unlock()
}

// Dropped counts one event dropped for reason.
func (m *Metrics) Dropped(source, reason string) {
	if m != nil {
		m.dropped.WithLabelValues(source, reason).Inc()
	}
}

func (m *Metrics) matchedBrand(source, brand string) {
	if m != nil {
		m.matched.WithLabelValues(source, brand).Inc()
	}
}

func (m *Metrics) reconnect(source string) {
	if m != nil {
		m.reconnects.WithLabelValues(source).Inc()
	}
}

func (m *Metrics) setHealthy(source string, ok bool) {
	if m == nil {
		return
	}
	v := 0.0
	if ok {
		v = 1
	}
	m.healthy.WithLabelValues(source).Set(v)
}

func (m *Metrics) register(source string, r healthChecker) {
	if m == nil {
		return
	}
	m.mu.Lock()
	m.retriers[source] = r
	m.mu.Unlock()
}

// Checks returns one /readyz check per source built so far: it fails while
// the source's circuit is open.
func (m *Metrics) Checks() map[string]func(context.Context) error {
	out := map[string]func(context.Context) error{}
	if m == nil {
		return out
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for name, r := range m.retriers {
		out["collector:"+name] = r.Healthy
	}
	return out
}

// Healthy is one /readyz check for every source: it fails, naming them,
// while any source's circuit is open. Sources started later are included.
func (m *Metrics) Healthy(ctx context.Context) error {
	if m == nil {
		return nil
	}
	m.mu.Lock()
	names := make([]string, 0, len(m.retriers))
	for n := range m.retriers {
		names = append(names, n)
	}
	m.mu.Unlock()
	sort.Strings(names)
	var errs []error
	for _, n := range names {
		m.mu.Lock()
		r := m.retriers[n]
		m.mu.Unlock()
		if err := r.Healthy(ctx); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", n, err))
		}
	}
	return errors.Join(errs...)
}

var ageDesc = prometheus.NewDesc("socialcrm_collector_last_event_age_seconds",
	"Seconds since the source's last event.", []string{"source"}, nil)

// ageCollector reports the age of each source's last event at scrape time.
type ageCollector struct{ m *Metrics }

func (a ageCollector) Describe(ch chan<- *prometheus.Desc) { ch <- ageDesc }

func (a ageCollector) Collect(ch chan<- prometheus.Metric) {
	a.m.mu.Lock()
	defer a.m.mu.Unlock()
	now := a.m.now()
	for src, t := range a.m.lastEvent {
		ch <- prometheus.MustNewConstMetric(ageDesc, prometheus.GaugeValue, now.Sub(t).Seconds(), src)
	}
}

// DroppedCounter returns the counter of drops for source and reason, for
// tests and reports.
func (m *Metrics) DroppedCounter(source, reason string) prometheus.Counter {
	return m.dropped.WithLabelValues(source, reason)
}

// ReconnectCounter returns the reconnect counter of source.
func (m *Metrics) ReconnectCounter(source string) prometheus.Counter {
	return m.reconnects.WithLabelValues(source)
}

// Value returns a counter's current value, for tests and reports.
func Value(c prometheus.Counter) float64 {
	var m dto.Metric
	if err := c.Write(&m); err != nil {
		return 0
	}
	return m.GetCounter().GetValue()
}
