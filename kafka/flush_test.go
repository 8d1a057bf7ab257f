package kafka_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm/kafka"
)

// With Flush, consumption goes on while Flush waits, and nothing is
// committed until it returns nil: a failing Flush leaves every offset
// uncommitted, and the first that succeeds commits all that was handled
// before it was called.
func TestConsumer_FlushCommitsAfterward(t *testing.T) {
	b := MustBroker(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := kafka.EnsureTopics(ctx, b.Brokers(), []string{"flushed"}, 2); err != nil {
		t.Fatal(err)
	}
	const n = 400
	produce(t, b.Brokers(), "flushed", n, 20)

	gate := make(chan struct{})
	var failing atomic.Bool
	failing.Store(true)
	var flushes, failed atomic.Int32
	flush := func(ctx context.Context) error {
		flushes.Add(1)
		if failing.Load() {
			failed.Add(1)
			return errors.New("not durable yet")
		}
		select {
		case <-gate:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	all := make(chan struct{})
	c := newCollector(n, func() { close(all) })
	cons, err := kafka.NewConsumer(kafka.ConsumerConfig{
		Brokers: b.Brokers(), GroupID: "test", Topic: "flushed", Logger: testLogger(),
		SessionTimeout: 2 * time.Second, MaxBytes: 2000, MaxWait: 20 * time.Millisecond, Flush: flush,
	})
	if err != nil {
		t.Fatal(err)
	}
	ran := make(chan error, 1)
	go func() { ran <- cons.Run(runCtx, c.handle) }()

	// Every message is handled although no flush has succeeded.
	select {
	case <-all:
	case <-ctx.Done():
		t.Fatalf("handled %d of %d messages while flushes failed", len(c.seen), n)
	}
	if failed.Load() == 0 {
		t.Fatal("no flush was asked for")
	}
	if lag, err := kafka.Lag(ctx, b.Brokers(), "test", "flushed"); err != nil || lag != n {
		t.Fatalf("lag %d, %v after failed flushes; want all %d uncommitted", lag, err, n)
	}
	// Flushes now wait at the gate: still nothing committed; then open it.
	failing.Store(false)
	for flushes.Load() == failed.Load() && ctx.Err() == nil {
		// A new round starts once a message is noted, or at the drain:
		// stop the member so that its last round flushes.
		stop()
		time.Sleep(10 * time.Millisecond)
	}
	if lag, err := kafka.Lag(ctx, b.Brokers(), "test", "flushed"); err != nil || lag != n {
		t.Fatalf("lag %d, %v while the flush waits; want all %d uncommitted", lag, err, n)
	}
	close(gate)
	if err := <-ran; err != nil {
		t.Fatal(err)
	}
	if lag, err := kafka.Lag(ctx, b.Brokers(), "test", "flushed"); err != nil || lag != 0 {
		t.Fatalf("lag %d, %v after the flush succeeded; want 0", lag, err)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, err := range c.errs {
		t.Error(err)
	}
}
