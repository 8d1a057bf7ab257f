package kafka_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm/kafka"
)

// MustBroker starts an embedded broker on a free port for one test.
func MustBroker(tb testing.TB) *kafka.Broker {
	tb.Helper()
	b, err := kafka.NewBroker(kafka.BrokerConfig{Addr: "127.0.0.1:0", Partitions: 4})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { b.Close() })
	return b
}

func testLogger() *slog.Logger {
	if testing.Verbose() {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.DiscardHandler)
}

// produce writes n keyed messages in record batches of at most chunk.
func produce(tb testing.TB, brokers []string, topic string, n, chunk int) {
	tb.Helper()
	w, err := kafka.NewWriter(kafka.WriterConfig{Brokers: brokers, Topic: topic})
	if err != nil {
		tb.Fatal(err)
	}
	msgs := make([]kafka.Message, n)
	for i := range msgs {
		msgs[i] = kafka.Message{Key: fmt.Appendf(nil, "k%d", i), Value: fmt.Appendf(nil, "v%d", i)}
	}
	for len(msgs) > 0 {
		k := min(chunk, len(msgs))
		if err := w.Write(context.Background(), msgs[:k]...); err != nil {
			tb.Fatal(err)
		}
		msgs = msgs[k:]
	}
	if err := w.Close(); err != nil {
		tb.Fatal(err)
	}
}

// collector is a Handler that records what it sees and cancels once it has
// seen want distinct keys.
type collector struct {
	mu     sync.Mutex
	seen   map[string]int
	last   map[int]int64 // partition → last offset, to check order
	first  map[int]int64 // partition → first offset seen
	want   int
	cancel context.CancelFunc
	fail   func(b *kafka.Batch) error
	errs   []error
}

func newCollector(want int, cancel context.CancelFunc) *collector {
	return &collector{seen: map[string]int{}, last: map[int]int64{}, first: map[int]int64{}, want: want, cancel: cancel}
}

func (c *collector) handle(ctx context.Context, b *kafka.Batch) error {
	if c.fail != nil {
		if err := c.fail(b); err != nil {
			return err
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, m := range b.Messages {
		if _, ok := c.first[b.Partition]; !ok {
			c.first[b.Partition] = m.Offset
		}
		if last, ok := c.last[b.Partition]; ok && m.Offset <= last {
			c.errs = append(c.errs, fmt.Errorf("partition %d: offset %d after %d", b.Partition, m.Offset, last))
		}
		c.last[b.Partition] = m.Offset
		c.seen[string(m.Key)]++
	}
	if len(c.seen) >= c.want {
		c.cancel()
	}
	return nil
}

func runConsumer(t *testing.T, brokers []string, topic string, c *collector, ctx context.Context) error {
	t.Helper()
	cons, err := kafka.NewConsumer(kafka.ConsumerConfig{
		Brokers: brokers, GroupID: "test", Topic: topic, Logger: testLogger(),
		SessionTimeout: 2 * time.Second, MaxWait: 20 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	return cons.Run(ctx, c.handle)
}

func TestEnsureTopics(t *testing.T) {
	b := MustBroker(t)
	ctx := context.Background()
	for range 2 { // the second call finds the topics there
		if err := kafka.EnsureTopics(ctx, b.Brokers(), []string{"a", "b"}, 3); err != nil {
			t.Fatal(err)
		}
	}
	for _, topic := range []string{"a", "b"} {
		n, err := kafka.PartitionCount(ctx, b.Brokers(), topic)
		if err != nil || n != 3 {
			t.Fatalf("%s: %d partitions, %v; want 3", topic, n, err)
		}
	}
	if n, err := kafka.PartitionCount(ctx, b.Brokers(), "mentions.raw"); err != nil || n != 4 {
		t.Fatalf("seeded mentions.raw: %d partitions, %v; want 4", n, err)
	}
	if err := kafka.Ping(ctx, b.Brokers()); err != nil {
		t.Fatal(err)
	}
}

func TestPing_Unreachable(t *testing.T) {
	b := MustBroker(t)
	addr := b.Addr()
	b.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := kafka.Ping(ctx, []string{addr}); err == nil {
		t.Fatal("ping of a closed broker succeeded")
	}
}

func TestConsumer_RoundTrip(t *testing.T) {
	b := MustBroker(t)
	const n = 5000
	produce(t, b.Brokers(), "mentions.raw", n, n)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	runCtx, stop := context.WithCancel(ctx)
	c := newCollector(n, stop)
	if err := runConsumer(t, b.Brokers(), "mentions.raw", c, runCtx); err != nil {
		t.Fatal(err)
	}
	if ctx.Err() != nil {
		t.Fatalf("timed out with %d of %d keys", len(c.seen), n)
	}
	for k, times := range c.seen {
		if times != 1 {
			t.Errorf("key %s seen %d times", k, times)
		}
	}
	if len(c.last) != 4 {
		t.Errorf("read %d partitions, want 4", len(c.last))
	}
	if err := errors.Join(c.errs...); err != nil {
		t.Error(err)
	}
}

// A group with StartAtEnd and no committed offsets reads only what is
// produced after it joined.
func TestConsumer_StartAtEnd(t *testing.T) {
	b := MustBroker(t)
	produce(t, b.Brokers(), "alerts", 200, 200)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	runCtx, stop := context.WithCancel(ctx)
	c := newCollector(3, stop)
	cons, err := kafka.NewConsumer(kafka.ConsumerConfig{
		Brokers: b.Brokers(), GroupID: "live", Topic: "alerts", Logger: testLogger(),
		SessionTimeout: 2 * time.Second, MaxWait: 20 * time.Millisecond, StartAtEnd: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cons.Run(runCtx, c.handle) }()
	w, err := kafka.NewWriter(kafka.WriterConfig{Brokers: b.Brokers(), Topic: "alerts"})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	for i := 0; runCtx.Err() == nil; i++ {
		if err := w.Write(ctx, kafka.Message{Key: fmt.Appendf(nil, "new%d", i), Value: []byte("v")}); err != nil {
			t.Fatal(err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if ctx.Err() != nil {
		t.Fatal("timed out before reading new messages")
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for k := range c.seen {
		if !strings.HasPrefix(k, "new") {
			t.Errorf("read %s, produced before the group joined", k)
		}
	}
}
