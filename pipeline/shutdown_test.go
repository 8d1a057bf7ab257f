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

// A pipeline stopped in the middle finishes and commits the batches in
// hand: its successor stores the rest and nothing twice.
func TestPipeline_GracefulShutdown(t *testing.T) {
	b := MustBroker(t, 4)
	ms := mentions(8000, 6)
	msgs := make([]kafka.Message, len(ms))
	for i, m := range ms {
		msgs[i] = encode(t, m)
	}
	produce(t, b.Brokers(), msgs)
	store := memory.New()
	cs := newCountingStore(store)
	conf := pipeline.Config{Brokers: b.Brokers(), Scorer: vader, Store: cs, Logger: testLogger(),
		Consumer: kafka.ConsumerConfig{MaxBytes: 32 << 10, MaxWait: 20 * time.Millisecond, SessionTimeout: 2 * time.Second}}

	ctx1, stop1 := context.WithCancel(context.Background())
	defer stop1()
	var batches atomic.Int64
	conf1 := conf
	conf1.OnBatch = func(ms []*socialcrm.Mention) {
		if batches.Add(1) == 3 {
			stop1() // stop while other partitions are mid-batch
		}
		time.Sleep(10 * time.Millisecond)
	}
	p1, err := pipeline.New(conf1)
	if err != nil {
		t.Fatal(err)
	}
	if err := p1.Run(ctx1); err != nil {
		t.Fatalf("stopped pipeline: %v", err)
	}
	first := cs.distinct()
	if first == 0 || first == len(ms) {
		t.Fatalf("first pipeline stored %d of %d", first, len(ms))
	}

	ctx2, stop2 := context.WithCancel(context.Background())
	defer stop2()
	p2, err := pipeline.New(conf)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- p2.Run(ctx2) }()
	waitFor(t, 60*time.Second, "the rest", func() bool { return cs.distinct() == len(ms) })
	stop2()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if twice := cs.savedTwice(); len(twice) > 0 {
		t.Errorf("%d mentions stored twice after a clean stop, e.g. %s", len(twice), twice[0])
	}
	t.Logf("first pipeline stored %d of %d", first, len(ms))
}
