// Package collectorstest helps collector tests check what reaches Kafka:
// a sink that produces mentions to mentions.raw on the embedded broker and
// reads the topic back.
package collectorstest

import (
	"context"
	"encoding/json"
	"sync"
	"testing"
	"time"

	kafkago "github.com/segmentio/kafka-go"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/kafka"
)

const partitions = 3

// Sink produces mentions to mentions.raw on an embedded broker.
type Sink struct {
	broker *kafka.Broker
	w      *kafka.Writer

	mu      sync.Mutex
	emitted []*socialcrm.Mention
}

// NewSink starts an embedded broker, closed when the test ends.
func NewSink(t testing.TB) *Sink {
	t.Helper()
	b, err := kafka.NewBroker(kafka.BrokerConfig{Addr: "127.0.0.1:0", Partitions: partitions})
	if err != nil {
		t.Fatal(err)
	}
	w, err := kafka.NewWriter(kafka.WriterConfig{Brokers: b.Brokers(), Topic: socialcrm.TopicRaw})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = w.Close(); _ = b.Close() })
	return &Sink{broker: b, w: w}
}

// Emit produces one mention keyed by its id, as cmd does.
func (s *Sink) Emit(ctx context.Context, m *socialcrm.Mention) error {
	b, err := socialcrm.EncodeMention(m)
	if err != nil {
		return err
	}
	if err := s.w.Write(ctx, kafka.Message{Key: []byte(m.ID), Value: b}); err != nil {
		return err
	}
	s.mu.Lock()
	s.emitted = append(s.emitted, m)
	s.mu.Unlock()
	return nil
}

// Mentions reads every message of mentions.raw, partition by partition,
// checking that each key is its mention's id.
func (s *Sink) Mentions(t testing.TB) []*socialcrm.Mention {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var out []*socialcrm.Mention
	for p := range partitions {
		conn, err := kafkago.DialLeader(ctx, "tcp", s.broker.Addr(), socialcrm.TopicRaw, p)
		if err != nil {
			t.Fatal(err)
		}
		last, err := conn.ReadLastOffset()
		if err != nil {
			t.Fatal(err)
		}
		for off := int64(0); off < last; off++ {
			_ = conn.SetReadDeadline(time.Now().Add(5 * time.Second))
			msg, err := conn.ReadMessage(1 << 20)
			if err != nil {
				t.Fatal(err)
			}
			m := new(socialcrm.Mention)
			if err := json.Unmarshal(msg.Value, m); err != nil || string(msg.Key) != m.ID {
				t.Errorf("message key %q value %s: %v", msg.Key, msg.Value, err)
			}
			out = append(out, m)
		}
		_ = conn.Close()
	}
	return out
}

// Keys names each mention read back for comparison: its id, marked when
// it is a tombstone or an edit, so that "once each" can be checked.
func Keys(ms []*socialcrm.Mention) map[string]int {
	out := map[string]int{}
	for _, m := range ms {
		k := m.ID
		if m.Deleted {
			k += " (deleted)"
		}
		if _, ok := m.Extra["edited_at"]; ok {
			k += " (edited)"
		}
		out[k]++
	}
	return out
}

// Check reads mentions.raw back and fails the test unless it holds
// exactly the mentions emitted so far, each once.
func (s *Sink) Check(t testing.TB) {
	t.Helper()
	s.mu.Lock()
	want := Keys(s.emitted)
	s.mu.Unlock()
	got := Keys(s.Mentions(t))
	for k, n := range got {
		if n != 1 {
			t.Errorf("mentions.raw holds %s %d times", k, n)
		}
		if want[k] == 0 {
			t.Errorf("mentions.raw holds %s, which was not emitted", k)
		}
	}
	for k := range want {
		if got[k] == 0 {
			t.Errorf("mentions.raw lacks %s", k)
		}
	}
}
