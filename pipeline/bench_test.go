package pipeline_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/kafka"
	"github.com/socialcrm/socialcrm/pipeline"
	"github.com/socialcrm/socialcrm/store/memory"
)

// BenchmarkPipeline sends b.N synthetic mentions through the embedded
// broker, the pipeline, the VADER scorer and a memory store, and reports
// the end-to-end rate (from the pipeline's start to the last stored batch).
func BenchmarkPipeline(b *testing.B) {
	br := MustBroker(b, 8)
	ms := mentions(b.N, 3)
	msgs := make([]kafka.Message, len(ms))
	for i, m := range ms {
		msgs[i] = encode(b, m)
	}
	produce(b, br.Brokers(), msgs)
	var stored atomic.Int64
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	p, err := pipeline.New(pipeline.Config{Brokers: br.Brokers(), Scorer: vader, Store: memory.New(),
		OnBatch: func(ms []*socialcrm.Mention) {
			if stored.Add(int64(len(ms))) >= int64(b.N) {
				cancel()
			}
		}})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	start := time.Now()
	if err := p.Run(ctx); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "mentions/s")
}

// BenchmarkVader is the scorer alone on the same texts.
func BenchmarkVader(b *testing.B) {
	ms := mentions(1000, 3)
	b.ResetTimer()
	n := 0
	for b.Loop() {
		m := ms[n%len(ms)]
		vader.Score(m.Text, m.Lang)
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "mentions/s")
}
