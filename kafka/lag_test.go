package kafka_test

import (
	"context"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm/kafka"
)

// Lag counts what a group has not committed; WaitCaughtUp returns once
// it is zero, and says what is left when its context ends first.
func TestLag(t *testing.T) {
	b := MustBroker(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	const n = 120
	produce(t, b.Brokers(), "interactions", n, 40)
	lag, err := kafka.Lag(ctx, b.Brokers(), "test", "interactions")
	if err != nil || lag != n {
		t.Fatalf("Lag of a new group = %d, %v; want %d", lag, err, n)
	}
	short, stop := context.WithTimeout(ctx, 300*time.Millisecond)
	defer stop()
	if err := kafka.WaitCaughtUp(short, b.Brokers(), 50*time.Millisecond, kafka.GroupTopic{Group: "test", Topic: "interactions"}); err == nil {
		t.Fatal("WaitCaughtUp returned nil with nothing consumed")
	} else {
		t.Logf("before consuming: %v", err)
	}
	runCtx, done := context.WithCancel(ctx)
	c := newCollector(n, func() {})
	go func() { _ = runConsumer(t, b.Brokers(), "interactions", c, runCtx) }()
	defer done()
	start := time.Now()
	if err := kafka.WaitCaughtUp(ctx, b.Brokers(), 50*time.Millisecond, kafka.GroupTopic{Group: "test", Topic: "interactions"}); err != nil {
		t.Fatal(err)
	}
	t.Logf("caught up with %d messages in %s", n, time.Since(start).Round(time.Millisecond))
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.seen) != n {
		t.Errorf("caught up after handling %d of %d messages", len(c.seen), n)
	}
}
