package kafka_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm/kafka"
)

func TestNewWriter_BadConfig(t *testing.T) {
	for name, conf := range map[string]kafka.WriterConfig{
		"NoBrokers":   {},
		"Compression": {Brokers: []string{"x:1"}, Compression: "brotli"},
		"Acks":        {Brokers: []string{"x:1"}, Acks: "some"},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := kafka.NewWriter(conf); err == nil {
				t.Error("no error")
			}
		})
	}
}

// Keys keep their partition: a message's key decides where it goes.
func TestWriter_KeyedPartitioning(t *testing.T) {
	b := MustBroker(t)
	w, err := kafka.NewWriter(kafka.WriterConfig{Brokers: b.Brokers(), Compression: "lz4"})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var msgs []kafka.Message
	for round := range 3 {
		for k := range 20 {
			msgs = append(msgs, kafka.Message{Topic: "mentions.scored", Key: fmt.Appendf(nil, "k%d", k), Value: fmt.Appendf(nil, "%d", round)})
		}
	}
	if err := w.Write(ctx, msgs...); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	runCtx, stop := context.WithTimeout(ctx, 30*time.Second)
	defer stop()
	parts := map[string]map[int]bool{}
	got := 0
	cons, err := kafka.NewConsumer(kafka.ConsumerConfig{Brokers: b.Brokers(), GroupID: "keys", Topic: "mentions.scored"})
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex // partitions are handled concurrently
	err = cons.Run(runCtx, func(ctx context.Context, batch *kafka.Batch) error {
		mu.Lock()
		defer mu.Unlock()
		for _, m := range batch.Messages {
			if parts[string(m.Key)] == nil {
				parts[string(m.Key)] = map[int]bool{}
			}
			parts[string(m.Key)][m.Partition] = true
			if got++; got == len(msgs) {
				stop()
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got != len(msgs) {
		t.Fatalf("read %d of %d messages", got, len(msgs))
	}
	used := map[int]bool{}
	for k, ps := range parts {
		if len(ps) != 1 {
			t.Errorf("key %s went to partitions %v", k, ps)
		}
		for p := range ps {
			used[p] = true
		}
	}
	if len(used) < 2 {
		t.Errorf("20 keys all went to %d partition(s)", len(used))
	}
}

// An async writer returns at once and still delivers every message.
func TestWriter_Async(t *testing.T) {
	b := MustBroker(t)
	var mu sync.Mutex
	var errs []error
	w, err := kafka.NewWriter(kafka.WriterConfig{Brokers: b.Brokers(), Topic: "one-by-one", Async: true,
		OnError: func(msgs []kafka.Message, err error) { mu.Lock(); errs = append(errs, err); mu.Unlock() }})
	if err != nil {
		t.Fatal(err)
	}
	if err := kafka.EnsureTopics(context.Background(), b.Brokers(), []string{"one-by-one"}, 2); err != nil {
		t.Fatal(err)
	}
	const n = 2000
	for i := range n {
		if err := w.Write(context.Background(), kafka.Message{Key: fmt.Appendf(nil, "%d", i), Value: []byte("x")}); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	runCtx, stop := context.WithTimeout(context.Background(), 30*time.Second)
	defer stop()
	var got sync.Map
	var count int
	cons, _ := kafka.NewConsumer(kafka.ConsumerConfig{Brokers: b.Brokers(), GroupID: "async", Topic: "one-by-one"})
	err = cons.Run(runCtx, func(ctx context.Context, batch *kafka.Batch) error {
		mu.Lock()
		defer mu.Unlock()
		for _, m := range batch.Messages {
			if _, dup := got.LoadOrStore(string(m.Key), true); !dup {
				if count++; count == n {
					stop()
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(errs) > 0 {
		t.Fatal(errs[0])
	}
	if count != n {
		t.Fatalf("read %d of %d messages", count, n)
	}
}
