package pipeline_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/kafka"
	"github.com/socialcrm/socialcrm/pipeline"
	"github.com/socialcrm/socialcrm/store/memory"
)

// Two pipelines in one group share the partitions: the second joins while
// the first is busy, the group rebalances, and every mention is stored
// with nothing lost.
func TestPipeline_TwoMembers(t *testing.T) {
	b := MustBroker(t, 4)
	ms := mentions(20000, 5)
	msgs := make([]kafka.Message, len(ms))
	for i, m := range ms {
		msgs[i] = encode(t, m)
	}
	store := memory.New()
	cs := newCountingStore(store)
	var mu sync.Mutex
	by := map[int]int{} // member → mentions stored
	start := func(ctx context.Context, member int) <-chan error {
		p, err := pipeline.New(pipeline.Config{Brokers: b.Brokers(), Scorer: vader, Store: cs, Logger: testLogger(),
			OnBatch: func(ms []*socialcrm.Mention) {
				mu.Lock()
				by[member] += len(ms)
				mu.Unlock()
				time.Sleep(5 * time.Millisecond) // slow enough for the second member to get work
			},
			Consumer: kafka.ConsumerConfig{MaxBytes: 32 << 10, MaxWait: 20 * time.Millisecond,
				SessionTimeout: 2 * time.Second, HeartbeatInterval: 200 * time.Millisecond}})
		if err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- p.Run(ctx) }()
		return done
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done1 := start(ctx, 1)
	produce(t, b.Brokers(), msgs[:len(msgs)/2])
	waitFor(t, 30*time.Second, "the first member to start", func() bool { return cs.distinct() > 0 })
	done2 := start(ctx, 2)
	produce(t, b.Brokers(), msgs[len(msgs)/2:])
	waitFor(t, 60*time.Second, "every mention", func() bool { return cs.distinct() == len(ms) })
	cancel()
	for _, done := range []<-chan error{done1, done2} {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	if got := total(t, store); got != len(ms) {
		t.Errorf("store holds %d mentions, want %d", got, len(ms))
	}
	mu.Lock()
	defer mu.Unlock()
	if by[2] == 0 {
		t.Errorf("the second member stored nothing: %v", by)
	}
	t.Logf("stored by member: %v; saved more than once: %d", by, len(cs.savedTwice()))
}
