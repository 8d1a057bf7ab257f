package graph

import (
	"fmt"

	"github.com/prometheus/client_golang/prometheus"
)

type metrics struct {
	added, rejected prometheus.Counter
	duplicates      prometheus.Counter
	nodes, pairs    prometheus.Gauge
	analyze         prometheus.Histogram
	snapshot        prometheus.Histogram
	savedRows       prometheus.Counter
}

func newMetrics(reg prometheus.Registerer) (*metrics, error) {
	m := &metrics{
		added: prometheus.NewCounter(prometheus.CounterOpts{Name: "socialcrm_graph_interactions_total",
			Help: "Interactions added to the relationship graph."}),
		rejected: prometheus.NewCounter(prometheus.CounterOpts{Name: "socialcrm_graph_rejected_interactions_total",
			Help: "Invalid interactions the graph skipped."}),
		duplicates: prometheus.NewCounter(prometheus.CounterOpts{Name: "socialcrm_graph_duplicate_interactions_total",
			Help: "Redelivered interactions the graph recognised and skipped."}),
		nodes: prometheus.NewGauge(prometheus.GaugeOpts{Name: "socialcrm_graph_nodes",
			Help: "Nodes (authors and contacts) in the graph."}),
		pairs: prometheus.NewGauge(prometheus.GaugeOpts{Name: "socialcrm_graph_pairs",
			Help: "Connected pairs (ties) in the graph."}),
		analyze: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "socialcrm_graph_analyze_duration_seconds",
			Help: "Time to compute tie strengths, communities and PageRank.", Buckets: prometheus.ExponentialBuckets(0.001, 4, 9)}),
		snapshot: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "socialcrm_graph_save_duration_seconds",
			Help: "Time to save the graph's changes to the store.", Buckets: prometheus.ExponentialBuckets(0.001, 4, 9)}),
		savedRows: prometheus.NewCounter(prometheus.CounterOpts{Name: "socialcrm_graph_saved_rows_total",
			Help: "Node and pair rows written by graph saves."}),
	}
	if reg == nil {
		return m, nil
	}
	for _, c := range []prometheus.Collector{m.added, m.rejected, m.duplicates, m.nodes, m.pairs, m.analyze, m.snapshot, m.savedRows} {
		if err := reg.Register(c); err != nil {
			return nil, fmt.Errorf("graph: register metrics: %w", err)
		}
	}
	return m, nil
}
