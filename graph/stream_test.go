package graph_test

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"testing"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/graph"
	"github.com/socialcrm/socialcrm/kafka"
	"github.com/socialcrm/socialcrm/store/memory"
)

// consume runs a consumer of group "graph" into g with snapshots to st
// until stop says so, then cancels and waits for both loops.
func consume(t *testing.T, brokers []string, g *graph.Graph, st graph.Store, stop func() bool) {
	t.Helper()
	c, err := kafka.NewConsumer(kafka.ConsumerConfig{Brokers: brokers, GroupID: "graph", Topic: socialcrm.TopicInteractions,
		MaxBytes: 16 << 10, SessionTimeout: 3 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	eg, ctx := errgroup.WithContext(ctx)
	eg.Go(func() error { return g.RunSnapshots(ctx, st, 20*time.Millisecond) })
	eg.Go(func() error {
		err := c.Run(ctx, func(ctx context.Context, b *kafka.Batch) error {
			values := make([][]byte, len(b.Messages))
			for i, m := range b.Messages {
				values[i] = m.Value
			}
			return g.AddMessages(ctx, values...)
		})
		if errors.Is(err, graph.ErrStopped) {
			return nil // a batch that came after the final snapshot: left uncommitted
		}
		return err
	})
	deadline := time.Now().Add(20 * time.Second)
	for !stop() && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	if err := eg.Wait(); err != nil {
		t.Fatal(err)
	}
}

func TestGraph_KafkaRestart(t *testing.T) {
	// Interactions flow through the real Kafka protocol; the consumer is
	// stopped half-way and a new graph restored from the snapshot resumes
	// the group: every interaction is counted exactly once.
	b, err := kafka.NewBroker(kafka.BrokerConfig{Addr: "127.0.0.1:0", Partitions: 3})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	ins := realistic(3000, 800, 6)
	msgs := make([]kafka.Message, 0, len(ins)+101)
	for i := range ins {
		ins[i].MentionID = "m" + strconv.Itoa(i)
		v, _ := json.Marshal(ins[i])
		msgs = append(msgs, kafka.Message{Key: []byte(ins[i].From), Value: v})
		if i%30 == 0 { // the producer's at-least-once: a redelivery
			msgs = append(msgs, msgs[len(msgs)-1])
		}
	}
	msgs = append(msgs, kafka.Message{Key: []byte("x"), Value: []byte(`{"v":1,"from":"x"`)}) // poison
	w, err := kafka.NewWriter(kafka.WriterConfig{Brokers: b.Brokers(), Topic: socialcrm.TopicInteractions})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < len(msgs); i += 200 {
		if err := w.Write(context.Background(), msgs[i:min(i+200, len(msgs))]...); err != nil {
			t.Fatal(err)
		}
	}
	w.Close()

	st := memory.New()
	g1 := mustNew(t, graph.DefaultConfig())
	consume(t, b.Brokers(), g1, st, func() bool { return g1.Stats().Interactions >= 1000 })
	first := g1.Stats().Interactions
	if first >= int64(len(ins)) {
		t.Logf("the first run read everything (%d); the restart has nothing left to add", first)
	}

	g2 := mustNew(t, graph.DefaultConfig())
	if err := g2.Load(context.Background(), st); err != nil {
		t.Fatal(err)
	}
	restored := g2.Stats().Interactions
	if restored < 1000 {
		t.Fatalf("restored %d interactions, want at least the 1000 read before the stop", restored)
	}
	consume(t, b.Brokers(), g2, st, func() bool { return g2.Stats().Interactions >= int64(len(ins)) })
	if got := g2.Stats().Interactions; got != int64(len(ins)) {
		t.Fatalf("after restart %d interactions (restored %d), want exactly %d", got, restored, len(ins))
	}
	want := mustNew(t, graph.DefaultConfig())
	if err := want.Add(ins...); err != nil {
		t.Fatal(err)
	}
	if d := g2.Stats().Duplicates; d != 100 {
		t.Errorf("%d duplicates recognised, want 100", d)
	}
	if g2.Stats().Pairs != want.Stats().Pairs {
		t.Errorf("pairs %d, want %d", g2.Stats().Pairs, want.Stats().Pairs)
	}
}
