package pipeline

import (
	"strconv"

	"github.com/prometheus/client_golang/prometheus"
)

// metrics are the pipeline's Prometheus metrics.
type metrics struct {
	consumed   prometheus.Counter
	scored     *prometheus.CounterVec // by label
	stored     prometheus.Counter
	duplicates prometheus.Counter
	dropped    prometheus.Counter
	dlq        prometheus.Counter
	retries    prometheus.Counter
	produced   *prometheus.CounterVec // by topic
	errors     *prometheus.CounterVec // by step and class
	lag        *prometheus.GaugeVec   // by partition
	batchSize  prometheus.Histogram
	duration   *prometheus.HistogramVec // by step
}

func newMetrics(reg prometheus.Registerer) (*metrics, error) {
	const ns, sub = "socialcrm", "pipeline"
	counter := func(name, help string) prometheus.Counter {
		return prometheus.NewCounter(prometheus.CounterOpts{Namespace: ns, Subsystem: sub, Name: name, Help: help})
	}
	m := &metrics{
		consumed:   counter("consumed_total", "Messages read from mentions.raw."),
		stored:     counter("stored_total", "Mentions written to the store."),
		duplicates: counter("duplicates_total", "Mentions dropped as duplicates of a later copy in the same batch."),
		dlq:        counter("dlq_total", "Messages sent to mentions.dlq."),
		retries:    counter("retries_total", "Batches retried after a transient failure (store or Kafka down)."),
		dropped:    counter("dropped_total", "Mentions a stage left out on purpose (erased authors)."),
		scored: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Subsystem: sub,
			Name: "scored_total", Help: "Mentions scored, by sentiment label."}, []string{"label"}),
		produced: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Subsystem: sub,
			Name: "produced_total", Help: "Messages produced, by topic."}, []string{"topic"}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Subsystem: sub,
			Name: "errors_total", Help: "Errors, by pipeline step and error class."}, []string{"step", "class"}),
		lag: prometheus.NewGaugeVec(prometheus.GaugeOpts{Namespace: ns, Subsystem: sub,
			Name: "lag_messages", Help: "Messages of mentions.raw not yet processed, by partition."}, []string{"partition"}),
		batchSize: prometheus.NewHistogram(prometheus.HistogramOpts{Namespace: ns, Subsystem: sub,
			Name: "batch_size_messages", Help: "Messages per processed batch.",
			Buckets: prometheus.ExponentialBuckets(1, 4, 9)}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: ns, Subsystem: sub,
			Name: "batch_duration_seconds", Help: "Time to process one batch, by step (decode, score, store, produce, total).",
			Buckets: prometheus.ExponentialBuckets(0.0005, 2.5, 12)}, []string{"step"}),
	}
	for _, c := range []prometheus.Collector{m.consumed, m.scored, m.stored, m.duplicates, m.dropped, m.dlq, m.retries,
		m.produced, m.errors, m.lag, m.batchSize, m.duration} {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	return m, nil
}

func partitionLabel(p int) string { return strconv.Itoa(p) }
