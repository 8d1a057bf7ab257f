package kafka_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm/kafka"
)

// produceKeys writes messages k<from>…k<to-1>.
func produceKeys(tb testing.TB, brokers []string, topic string, from, to int) {
	tb.Helper()
	w, err := kafka.NewWriter(kafka.WriterConfig{Brokers: brokers, Topic: topic})
	if err != nil {
		tb.Fatal(err)
	}
	defer w.Close()
	msgs := make([]kafka.Message, 0, to-from)
	for i := from; i < to; i++ {
		msgs = append(msgs, kafka.Message{Key: fmt.Appendf(nil, "k%d", i), Value: fmt.Appendf(nil, "v%d", i)})
	}
	if err := w.Write(context.Background(), msgs...); err != nil {
		tb.Fatal(err)
	}
}

// A broker with a data directory keeps its messages and the groups'
// committed offsets across a restart: a group resumes where it was.
func TestBroker_DataDir(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	b1, err := kafka.NewBroker(kafka.BrokerConfig{Addr: "127.0.0.1:0", Partitions: 2, DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	const n = 500
	// The group consumes and commits a first half; the second half is
	// produced after it and left for after the restart.
	produceKeys(t, b1.Brokers(), "mentions.raw", 0, n/2)
	runCtx, stop := context.WithCancel(ctx)
	c1 := newCollector(n/2, stop)
	if err := runConsumer(t, b1.Brokers(), "mentions.raw", c1, runCtx); err != nil {
		t.Fatal(err)
	}
	produceKeys(t, b1.Brokers(), "mentions.raw", n/2, n)
	left, err := kafka.Lag(ctx, b1.Brokers(), "test", "mentions.raw")
	if err != nil || left != n/2 {
		t.Fatalf("lag before the restart %d (%v), want %d", left, err, n/2)
	}
	b1.Close()

	b2, err := kafka.NewBroker(kafka.BrokerConfig{Addr: "127.0.0.1:0", Partitions: 2, DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer b2.Close()
	after, err := kafka.Lag(ctx, b2.Brokers(), "test", "mentions.raw")
	if err != nil || after != left {
		t.Fatalf("after restart: lag %d (%v), want %d as before", after, err, left)
	}
	runCtx2, stop2 := context.WithCancel(ctx)
	c2 := newCollector(int(left), stop2)
	if err := runConsumer(t, b2.Brokers(), "mentions.raw", c2, runCtx2); err != nil {
		t.Fatal(err)
	}
	if ctx.Err() != nil {
		t.Fatalf("timed out with %d of %d after the restart", len(c2.seen), left)
	}
	for k := range c2.seen {
		if c1.seen[k] > 0 {
			t.Errorf("%s was committed before the restart and delivered again", k)
		}
	}
	t.Logf("%d messages before the restart, %d after, none twice", len(c1.seen), len(c2.seen))
	if len(c1.seen)+len(c2.seen) != n {
		t.Errorf("%d + %d messages, want %d", len(c1.seen), len(c2.seen), n)
	}
}

// After CloseIntake the broker acknowledges nothing more on the closed
// topic, and still takes the others.
func TestBroker_CloseIntake(t *testing.T) {
	b := MustBroker(t)
	ctx := context.Background()
	w, err := kafka.NewWriter(kafka.WriterConfig{Brokers: b.Brokers()})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	raw := kafka.Message{Topic: "mentions.raw", Key: []byte("k"), Value: []byte("v")}
	if err := w.Write(ctx, raw); err != nil {
		t.Fatal(err)
	}
	b.CloseIntake("mentions.raw")
	short, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	err = w.Write(short, raw)
	if err == nil {
		t.Fatal("a closed topic acknowledged a message")
	}
	t.Logf("refused: %v", err)
	if err := w.Write(ctx, kafka.Message{Topic: "mentions.scored", Key: []byte("k"), Value: []byte("v")}); err != nil {
		t.Fatalf("another topic refused too: %v", err)
	}
	if lag, err := kafka.Lag(ctx, b.Brokers(), "nobody", "mentions.raw"); err != nil || lag != 1 {
		t.Fatalf("mentions.raw holds %d messages (%v), want the 1 before the close", lag, err)
	}
}
