package pipeline_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/collectors/synthetic"
	"github.com/socialcrm/socialcrm/kafka"
	"github.com/socialcrm/socialcrm/pipeline"
	"github.com/socialcrm/socialcrm/sentiment"
)

func testLogger() *slog.Logger {
	if testing.Verbose() {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	}
	return slog.New(slog.DiscardHandler)
}

// MustBroker starts an embedded broker on a free port.
func MustBroker(tb testing.TB, partitions int) *kafka.Broker {
	tb.Helper()
	b, err := kafka.NewBroker(kafka.BrokerConfig{Addr: "127.0.0.1:0", Partitions: partitions})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { b.Close() })
	return b
}

// vader is the govader baseline behind the pipeline's Scorer interface.
var vader = sentiment.NewVader()

// mentions returns n distinct synthetic mentions.
func mentions(n int, seed int64) []*socialcrm.Mention {
	g := synthetic.NewGenerator(seed)
	at := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	ms := make([]*socialcrm.Mention, n)
	for i := range ms {
		ms[i] = g.Next(at.Add(time.Duration(i) * time.Second))
	}
	return ms
}

func encode(tb testing.TB, m *socialcrm.Mention) kafka.Message {
	tb.Helper()
	v, err := socialcrm.EncodeMention(m)
	if err != nil {
		tb.Fatal(err)
	}
	return kafka.Message{Key: []byte(m.ID), Value: v}
}

func produce(tb testing.TB, brokers []string, msgs []kafka.Message) {
	tb.Helper()
	w, err := kafka.NewWriter(kafka.WriterConfig{Brokers: brokers, Topic: socialcrm.TopicRaw})
	if err != nil {
		tb.Fatal(err)
	}
	defer w.Close()
	for len(msgs) > 0 {
		k := min(500, len(msgs))
		if err := w.Write(context.Background(), msgs[:k]...); err != nil {
			tb.Fatal(err)
		}
		msgs = msgs[k:]
	}
}

// topicReader collects the messages of a topic by key, in the background.
type topicReader struct {
	mu     sync.Mutex
	byKey  map[string][]kafka.Message
	total  int
	cancel context.CancelFunc
	done   chan error
}

func readTopic(tb testing.TB, brokers []string, topic string) *topicReader {
	tb.Helper()
	c, err := kafka.NewConsumer(kafka.ConsumerConfig{Brokers: brokers, GroupID: "test-reader-" + topic,
		Topic: topic, MaxWait: 20 * time.Millisecond, SessionTimeout: 2 * time.Second})
	if err != nil {
		tb.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	r := &topicReader{byKey: map[string][]kafka.Message{}, cancel: cancel, done: make(chan error, 1)}
	go func() {
		r.done <- c.Run(ctx, func(ctx context.Context, b *kafka.Batch) error {
			r.mu.Lock()
			defer r.mu.Unlock()
			for _, m := range b.Messages {
				key := string(m.Key)
				if topic == socialcrm.TopicScored { // keyed by brand: index by mention ID
					sm, err := socialcrm.DecodeMention(m.Value)
					if err != nil {
						return err
					}
					if key != pipeline.ScoredKey(sm) {
						return fmt.Errorf("scored mention %s has key %q, want %q", sm.ID, key, pipeline.ScoredKey(sm))
					}
					key = sm.ID
				}
				r.byKey[key] = append(r.byKey[key], m)
				r.total++
			}
			return nil
		})
	}()
	tb.Cleanup(func() { r.cancel(); <-r.done })
	return r
}

func (r *topicReader) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.total
}

func (r *topicReader) get(key string) []kafka.Message {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.byKey[key]
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(tb testing.TB, d time.Duration, what string, cond func() bool) {
	tb.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			tb.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// countingStore counts the saves of each mention on top of a real store.
type countingStore struct {
	socialcrm.MentionStore
	mu    sync.Mutex
	saves map[string]int
}

func newCountingStore(s socialcrm.MentionStore) *countingStore {
	return &countingStore{MentionStore: s, saves: map[string]int{}}
}

func (s *countingStore) SaveMentions(ctx context.Context, ms ...*socialcrm.Mention) error {
	if err := s.MentionStore.SaveMentions(ctx, ms...); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, m := range ms {
		s.saves[m.ID]++
	}
	return nil
}

func (s *countingStore) distinct() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.saves)
}

func (s *countingStore) savedTwice() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var ids []string
	for id, n := range s.saves {
		if n > 1 {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	return ids
}

// total is the number of mentions the store holds.
func total(tb testing.TB, s socialcrm.MentionStore) int {
	tb.Helper()
	_, n, err := s.FindMentions(context.Background(), socialcrm.MentionFilter{Limit: 1})
	if err != nil {
		tb.Fatal(err)
	}
	return n
}

// killSwitch is a dialer whose connections can all be cut at once, as if
// the process died.
type killSwitch struct {
	mu     sync.Mutex
	conns  []net.Conn
	killed bool
}

func (k *killSwitch) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.killed {
		return nil, fmt.Errorf("dial %s: process killed", addr)
	}
	c, err := (&net.Dialer{}).DialContext(ctx, network, addr)
	if err == nil {
		k.conns = append(k.conns, c)
	}
	return c, err
}

func (k *killSwitch) kill() {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.killed = true
	for _, c := range k.conns {
		c.Close()
	}
}

func decodeDeadLetter(tb testing.TB, m kafka.Message) socialcrm.DeadLetter {
	tb.Helper()
	var d socialcrm.DeadLetter
	if err := json.Unmarshal(m.Value, &d); err != nil {
		tb.Fatalf("dead letter %s: %v", m.Key, err)
	}
	return d
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
