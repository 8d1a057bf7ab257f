package entity

import "github.com/prometheus/client_golang/prometheus"

type poolMetrics struct {
	queued    prometheus.Counter
	extracted prometheus.Counter
	skipped   *prometheus.CounterVec
	duration  prometheus.Histogram
}

func newPoolMetrics(reg prometheus.Registerer, queueLen func() float64) (*poolMetrics, error) {
	m := &poolMetrics{
		queued: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "socialcrm_entity_mentions_queued_total",
			Help: "Mentions accepted into the entity extraction queue.",
		}),
		extracted: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "socialcrm_entity_mentions_extracted_total",
			Help: "Mentions whose entities were extracted.",
		}),
		skipped: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "socialcrm_entity_mentions_skipped_total",
			Help: "Mentions left without entities, by reason (queue_full, closed, shutdown, failed).",
		}, []string{"reason"}),
		duration: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "socialcrm_entity_extract_duration_seconds",
			Help:    "Time to extract the entities of one mention.",
			Buckets: prometheus.ExponentialBuckets(0.0001, 2, 12), // 0.1 ms … 205 ms
		}),
	}
	for _, r := range []string{skipQueueFull, skipClosed, skipShutdown, skipFailed} {
		m.skipped.WithLabelValues(r)
	}
	queue := prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "socialcrm_entity_queue_mentions",
		Help: "Mentions waiting in the entity extraction queue.",
	}, queueLen)
	if reg != nil {
		for _, c := range []prometheus.Collector{m.queued, m.extracted, m.skipped, m.duration, queue} {
			if err := reg.Register(c); err != nil {
				return nil, err
			}
		}
	}
	return m, nil
}
