package kafka_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/kafka"
)

// A batch whose handler fails transiently is retried and never committed
// meanwhile: the partition holds. When the member stops, the next member
// of the group starts exactly at that batch, and nothing committed before
// is delivered again.
func TestConsumer_TransientHoldsPartition(t *testing.T) {
	b := MustBroker(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := kafka.EnsureTopics(ctx, b.Brokers(), []string{"one"}, 1); err != nil {
		t.Fatal(err)
	}
	const n = 300
	produce(t, b.Brokers(), "one", n, 10)

	// First member: handles the first 100 messages, then fails on every
	// attempt at the next batch until it is stopped.
	runCtx1, stop1 := context.WithCancel(ctx)
	var failedAt atomic.Int64
	failedAt.Store(-1)
	var retries atomic.Int32
	c1 := newCollector(n, func() {})
	c1.fail = func(b *kafka.Batch) error {
		if b.Messages[len(b.Messages)-1].Offset >= 100 {
			failedAt.Store(b.Messages[0].Offset)
			return errors.New("store unavailable")
		}
		return nil
	}
	// Small fetches so that the 300 messages come in several batches.
	cons, err := kafka.NewConsumer(kafka.ConsumerConfig{
		Brokers: b.Brokers(), GroupID: "test", Topic: "one", Logger: testLogger(),
		SessionTimeout: 2 * time.Second, MaxBytes: 2000, MaxWait: 20 * time.Millisecond,
		OnRetry: func(error) {
			if retries.Add(1) == 3 {
				stop1()
			}
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := cons.Run(runCtx1, c1.handle); err != nil {
		t.Fatalf("Run: %v, want nil after a stop", err)
	}
	at := failedAt.Load()
	t.Logf("first member retried the batch at %d %d times, then stopped", at, retries.Load())
	if at <= 0 || at > 100 || retries.Load() < 3 {
		t.Fatalf("failed at %d after %d retries", at, retries.Load())
	}
	handled := len(c1.seen)
	if handled != int(at) {
		t.Fatalf("first member handled %d messages, failed batch starts at %d", handled, at)
	}

	// Second member: starts exactly at the failed batch.
	runCtx, stop := context.WithCancel(ctx)
	c2 := newCollector(n-handled, stop)
	if err := runConsumer(t, b.Brokers(), "one", c2, runCtx); err != nil {
		t.Fatal(err)
	}
	if ctx.Err() != nil {
		t.Fatalf("timed out with %d keys", len(c2.seen))
	}
	for k := range c1.seen {
		if c2.seen[k] != 0 {
			t.Errorf("committed message %s delivered again", k)
		}
	}
	if first := c2.first[0]; first != at {
		t.Errorf("second member started at %d, want %d", first, at)
	}
}

// A transient failure is retried with backoff until it passes, and then
// every message is handled and committed once.
func TestConsumer_TransientThenSuccess(t *testing.T) {
	b := MustBroker(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	const n = 200
	produce(t, b.Brokers(), "mentions.raw", n, n)
	runCtx, stop := context.WithCancel(ctx)
	c := newCollector(n, stop)
	var failures atomic.Int32
	c.fail = func(*kafka.Batch) error {
		if failures.Add(1) <= 4 {
			return errors.New("connection refused")
		}
		return nil
	}
	start := time.Now()
	if err := runConsumer(t, b.Brokers(), "mentions.raw", c, runCtx); err != nil {
		t.Fatal(err)
	}
	if ctx.Err() != nil {
		t.Fatalf("timed out with %d of %d keys", len(c.seen), n)
	}
	t.Logf("%d messages after 4 transient failures in %s", len(c.seen), time.Since(start).Round(time.Millisecond))
	for k, times := range c.seen {
		if times != 1 {
			t.Errorf("key %s handled %d times", k, times)
		}
	}
}

// A message its handler refuses for good (ErrInvalid) goes to the
// dead-letter topic with the error, its origin and key, and the partition
// goes on: every other message of its batch and after it is handled, and
// everything is committed.
func TestConsumer_PermanentDeadLetters(t *testing.T) {
	b := MustBroker(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := kafka.EnsureTopics(ctx, b.Brokers(), []string{"one"}, 1); err != nil {
		t.Fatal(err)
	}
	const n = 100
	produce(t, b.Brokers(), "one", n, n) // one batch
	bad := map[string]bool{"k7": true, "k42": true}
	runCtx, stop := context.WithCancel(ctx)
	c := newCollector(n-len(bad), stop)
	var dead atomic.Int32
	handle := func(ctx context.Context, kb *kafka.Batch) error {
		for _, m := range kb.Messages {
			if bad[string(m.Key)] {
				return socialcrm.Invalidf("message %s is refused", m.Key)
			}
		}
		return c.handle(ctx, kb)
	}
	cons, err := kafka.NewConsumer(kafka.ConsumerConfig{
		Brokers: b.Brokers(), GroupID: "test", Topic: "one", Logger: testLogger(),
		SessionTimeout: 2 * time.Second, MaxWait: 20 * time.Millisecond,
		OnDeadLetter: func(error) { dead.Add(1) },
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := cons.Run(runCtx, handle); err != nil {
		t.Fatal(err)
	}
	if ctx.Err() != nil {
		t.Fatalf("timed out with %d keys", len(c.seen))
	}
	for k := range bad {
		if c.seen[k] != 0 {
			t.Errorf("refused %s was handled", k)
		}
	}
	letters := readDeadLetters(t, b.Brokers(), len(bad))
	for _, d := range letters {
		key := string(d.Key)
		if !bad[key] || d.Topic != "one" || d.Partition != 0 || d.Offset != int64(keyIndex(key)) ||
			d.Error != fmt.Sprintf("message %s is refused: invalid", key) || string(d.Value) != "v"+key[1:] {
			t.Errorf("dead letter %+v", d)
		}
	}
	t.Logf("%d handled, %d dead-lettered (%d callbacks)", len(c.seen), len(letters), dead.Load())

	// Everything was committed: a new member of the group gets nothing.
	idle, stopIdle := context.WithTimeout(ctx, 3*time.Second)
	defer stopIdle()
	again := newCollector(1, stopIdle)
	if err := runConsumer(t, b.Brokers(), "one", again, idle); err != nil {
		t.Fatal(err)
	}
	if len(again.seen) != 0 {
		t.Errorf("%d messages delivered again after commit", len(again.seen))
	}
}

func keyIndex(key string) int {
	var i int
	fmt.Sscanf(key, "k%d", &i)
	return i
}

// readDeadLetters reads want dead letters from the dead-letter topic.
func readDeadLetters(t *testing.T, brokers []string, want int) []socialcrm.DeadLetter {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	runCtx, stop := context.WithCancel(ctx)
	var out []socialcrm.DeadLetter
	cons, err := kafka.NewConsumer(kafka.ConsumerConfig{Brokers: brokers, GroupID: "dlq-reader",
		Topic: socialcrm.TopicDLQ, MaxWait: 20 * time.Millisecond, SessionTimeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	err = cons.Run(runCtx, func(_ context.Context, b *kafka.Batch) error {
		for _, m := range b.Messages {
			var d socialcrm.DeadLetter
			if err := json.Unmarshal(m.Value, &d); err != nil {
				t.Errorf("dead letter at %d: %v", m.Offset, err)
			}
			if string(m.Key) != string(d.Key) {
				t.Errorf("dead letter keyed %q holds key %q", m.Key, d.Key)
			}
			out = append(out, d)
		}
		if len(out) >= want {
			stop()
		}
		return nil
	})
	if err != nil || ctx.Err() != nil {
		t.Fatalf("read %d of %d dead letters (%v)", len(out), want, err)
	}
	return out
}
