package pipeline_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/kafka"
	"github.com/socialcrm/socialcrm/pipeline"
	"github.com/socialcrm/socialcrm/store/memory"
)

// openers are the stores the integration tests run against.
func openers(t *testing.T) map[string]func(t *testing.T) socialcrm.MentionStore {
	return map[string]func(t *testing.T) socialcrm.MentionStore{
		"memory":   func(t *testing.T) socialcrm.MentionStore { return memory.New() },
		"postgres": openPostgres,
	}
}

// malformed are messages the pipeline must send to the dead-letter topic,
// by key, with a part of the error each must carry.
func malformed() map[string]struct {
	value []byte
	err   string
} {
	ok := func(edit string) []byte {
		return []byte(`{"v":1,"id":"bad:x","source":"x","author":{"handle":"a"},"text":"hi","created_at":"2026-11-20T10:00:00Z"` + edit + `}`)
	}
	huge := fmt.Sprintf(`{"v":1,"id":"bad:huge","source":"x","author":{"handle":"a"},"created_at":"2026-11-20T10:00:00Z","text":%q}`,
		strings.Repeat("a", 1<<20))
	return map[string]struct {
		value []byte
		err   string
	}{
		"bad:json":      {[]byte(`{"v":1,"id":"bad:json",`), "not a JSON object"},
		"bad:array":     {[]byte(`[1,2,3]`), "not a JSON object"},
		"bad:empty":     {nil, "not a JSON object"},
		"bad:noid":      {[]byte(`{"v":1,"source":"x","author":{"handle":"a"},"text":"hi","created_at":"2026-11-20T10:00:00Z"}`), `missing field "id"`},
		"bad:nodate":    {bytes.Replace(ok(""), []byte(`,"created_at":"2026-11-20T10:00:00Z"`), nil, 1), `missing field "created_at"`},
		"bad:noauthor":  {bytes.Replace(ok(""), []byte(`"author":{"handle":"a"},`), nil, 1), `missing field "author.id"`},
		"bad:notext":    {bytes.Replace(ok(""), []byte(`"text":"hi",`), nil, 1), `missing field "text"`},
		"bad:huge":      {[]byte(huge), "more than the limit"},
		"bad:utf8":      {append(ok("")[:60:60], 0xff, 0xfe, '"', '}'), "not valid UTF-8"},
		"bad:version":   {bytes.Replace(ok(""), []byte(`"v":1`), []byte(`"v":7`), 1), "unknown schema version 7"},
		"bad:kind":      {ok(`,"kind":"teleport"`), `unknown kind "teleport"`},
		"bad:wrongtype": {ok(`,"lang":42`), "mention:"},
		// Postgres would refuse these rows (index row size) for ever.
		"bad:hugeid": {bytes.Replace(ok(""), []byte(`"id":"bad:x"`), []byte(`"id":"bad:`+strings.Repeat("9", 10<<10)+`"`), 1),
			`field "id" is 10244 bytes, more than the limit of 512`},
		"bad:hugehandle": {bytes.Replace(ok(""), []byte(`"handle":"a"`), []byte(`"handle":"`+strings.Repeat("a", 10<<10)+`"`), 1),
			`field "author.handle" is 10240 bytes, more than the limit of 256`},
	}
}

// TestPipeline_Integration sends 10,000 messages (a few hundred duplicates
// and a dozen malformed) through the broker into the store.
func TestPipeline_Integration(t *testing.T) {
	for name, open := range openers(t) {
		t.Run(name, func(t *testing.T) { testIntegration(t, open(t)) })
	}
}

func testIntegration(t *testing.T, store socialcrm.MentionStore) {
	b := MustBroker(t, 4)
	const n, dups = 10000, 300
	bad := malformed()
	valid := mentions(n-dups-len(bad), 1)
	// The malformed messages come in the middle, so that the mentions
	// after them on their partitions show that the partitions go on.
	var msgs []kafka.Message
	for _, m := range valid[:len(valid)/2] {
		msgs = append(msgs, encode(t, m))
	}
	for key, m := range bad {
		msgs = append(msgs, kafka.Message{Key: []byte(key), Value: m.value})
	}
	for _, m := range valid[len(valid)/2:] {
		msgs = append(msgs, encode(t, m))
	}
	for i := range dups { // later copies of earlier mentions
		msgs = append(msgs, encode(t, valid[i*len(valid)/dups]))
	}
	if len(msgs) != n {
		t.Fatalf("built %d messages, want %d", len(msgs), n)
	}
	produce(t, b.Brokers(), msgs)

	dlq := readTopic(t, b.Brokers(), socialcrm.TopicDLQ)
	scored := readTopic(t, b.Brokers(), socialcrm.TopicScored)
	edges := readTopic(t, b.Brokers(), socialcrm.TopicInteractions)
	cs := newCountingStore(store)
	reg := prometheus.NewRegistry()
	p, err := pipeline.New(pipeline.Config{Brokers: b.Brokers(), Scorer: vader, Store: cs,
		Logger: testLogger(), Registerer: reg,
		Consumer: kafka.ConsumerConfig{MaxWait: 20 * time.Millisecond, SessionTimeout: 2 * time.Second}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- p.Run(ctx) }()
	waitFor(t, 60*time.Second, "the pipeline to store every mention", func() bool {
		return cs.distinct() == len(valid) && dlq.count() >= len(bad)
	})
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Run: %v", err)
	}

	if got := total(t, store); got != len(valid) {
		t.Errorf("store holds %d mentions, want %d", got, len(valid))
	}
	for _, m := range valid {
		got, err := store.FindMentionByID(context.Background(), m.ID)
		if err != nil {
			t.Fatal(err)
		}
		switch words := socialcrm.HasWords(m.Text); {
		case words && (got.Sentiment == nil || !socialcrm.ValidLabel(got.Sentiment.Label)):
			t.Fatalf("mention %s stored without a label: %+v", m.ID, got.Sentiment)
		case !words && got.Sentiment != nil:
			t.Fatalf("mention %s has no words (%q) but a sentiment: %+v", m.ID, m.Text, got.Sentiment)
		}
	}
	for key, m := range bad {
		got := dlq.get(key)
		if len(got) != 1 {
			t.Errorf("%s: %d dead letters, want 1", key, len(got))
			continue
		}
		d := decodeDeadLetter(t, got[0])
		if strings.HasPrefix(key, "bad:huge") {
			t.Logf("%s: dead letter at %s/%d/%d: %.120s", key, d.Topic, d.Partition, d.Offset, d.Error)
		}
		if !strings.Contains(d.Error, m.err) {
			t.Errorf("%s: error %q does not say %q", key, d.Error, m.err)
		}
		original := m.value
		if d.Truncated != (len(m.value) > socialcrm.MaxDeadLetterBytes) {
			t.Errorf("%s: truncated %v for %d bytes", key, d.Truncated, len(m.value))
		}
		if d.Truncated {
			original = original[:socialcrm.MaxDeadLetterBytes]
		}
		if !bytes.Equal(d.Value, original) || d.Size != len(m.value) || d.Topic != socialcrm.TopicRaw || d.Offset < 0 {
			t.Errorf("%s: dead letter does not hold the original message and its place: %s/%d/%d, %d bytes",
				key, d.Topic, d.Partition, d.Offset, len(d.Value))
		}
	}
	checkMetrics(t, reg, map[string]float64{
		"socialcrm_pipeline_consumed_total": n,
		"socialcrm_pipeline_dlq_total":      float64(len(bad)),
		"socialcrm_pipeline_stored_total":   -1, // at least the valid mentions; duplicates across batches are saved again
	}, len(valid))
	waitFor(t, 10*time.Second, "every scored mention", func() bool { return scored.count() >= len(valid) })
	for _, m := range valid {
		if len(scored.get(m.ID)) == 0 {
			t.Fatalf("mention %s not on %s", m.ID, socialcrm.TopicScored)
		}
	}
	checkEdges(t, valid, edges)
}

// checkEdges looks for the edge of every reply, share, like and quote.
func checkEdges(t *testing.T, valid []*socialcrm.Mention, edges *topicReader) {
	want := 0
	for _, m := range valid {
		switch m.Kind {
		case socialcrm.KindReply, socialcrm.KindShare, socialcrm.KindLike, socialcrm.KindQuote:
			if m.AuthorKey() != socialcrm.NodeKey(m.Source, m.Target, "") {
				want++
			}
		}
	}
	if want == 0 {
		t.Fatal("the synthetic mentions hold no interactions")
	}
	waitFor(t, 10*time.Second, "interactions", func() bool { return edges.count() >= want })
}

// TestPipeline_KilledBeforeCommit kills a pipeline after it stored a batch
// and before it committed it: the next one reads the batch again and the
// store ends with every mention once.
func TestPipeline_KilledBeforeCommit(t *testing.T) {
	for name, open := range openers(t) {
		t.Run(name, func(t *testing.T) { testKilled(t, open(t)) })
	}
}

func testKilled(t *testing.T, store socialcrm.MentionStore) {
	b := MustBroker(t, 2)
	valid := mentions(3000, 2)
	msgs := make([]kafka.Message, len(valid))
	for i, m := range valid {
		msgs[i] = encode(t, m)
	}
	produce(t, b.Brokers(), msgs)
	cs := newCountingStore(store)

	// First pipeline: dies right after storing its first batch.
	ks := &killSwitch{}
	var killed []*socialcrm.Mention // written before the kill, read after
	ctx1, cancel1 := context.WithCancel(context.Background())
	defer cancel1()
	p1, err := pipeline.New(pipeline.Config{Brokers: b.Brokers(), Scorer: vader, Store: cs, Logger: testLogger(),
		OnBatch: func(ms []*socialcrm.Mention) {
			if killed == nil {
				killed = ms
				ks.kill()
			}
		},
		Consumer: kafka.ConsumerConfig{MaxBytes: 64 << 10, SessionTimeout: 2 * time.Second,
			Dialer: &kafka.Dialer{DialFunc: ks.dial, Timeout: time.Second}},
	})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- p1.Run(ctx1) }()
	waitFor(t, 30*time.Second, "the first batch", func() bool { ks.mu.Lock(); defer ks.mu.Unlock(); return ks.killed })
	cancel1()
	<-done
	before := cs.distinct()
	if before == 0 || before == len(valid) {
		t.Fatalf("first pipeline stored %d of %d mentions", before, len(valid))
	}

	// Second pipeline, same group: reads the killed batch again.
	ctx2, cancel2 := context.WithCancel(context.Background())
	defer cancel2()
	p2, err := pipeline.New(pipeline.Config{Brokers: b.Brokers(), Scorer: vader, Store: cs, Logger: testLogger(),
		Consumer: kafka.ConsumerConfig{MaxWait: 20 * time.Millisecond, SessionTimeout: 2 * time.Second}})
	if err != nil {
		t.Fatal(err)
	}
	go func() { done <- p2.Run(ctx2) }()
	waitFor(t, 60*time.Second, "the second pipeline", func() bool { return cs.distinct() == len(valid) })
	cancel2()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	twice := cs.savedTwice()
	if len(twice) < len(killed) {
		t.Errorf("%d mentions saved twice, fewer than the %d of the killed batch", len(twice), len(killed))
	}
	cs.mu.Lock()
	defer cs.mu.Unlock()
	for _, m := range killed {
		if cs.saves[m.ID] < 2 {
			t.Fatalf("mention %s of the uncommitted batch was not read again", m.ID)
		}
	}
	if got := total(t, store); got != len(valid) {
		t.Errorf("store holds %d mentions, want %d (no duplicates)", got, len(valid))
	}
	t.Logf("killed batch: %d mentions; saved twice: %d", len(killed), len(twice))
}

// checkMetrics compares counters with want; -1 means at least min.
func checkMetrics(t *testing.T, reg *prometheus.Registry, want map[string]float64, min int) {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]float64{}
	names := map[string]bool{}
	for _, mf := range mfs {
		names[mf.GetName()] = true
		for _, m := range mf.GetMetric() {
			if c := m.GetCounter(); c != nil {
				got[mf.GetName()] += c.GetValue()
			}
		}
	}
	for name, w := range want {
		switch {
		case w < 0 && got[name] < float64(min):
			t.Errorf("%s = %v, want at least %d", name, got[name], min)
		case w >= 0 && got[name] != w:
			t.Errorf("%s = %v, want %v", name, got[name], w)
		}
	}
	for _, name := range []string{"socialcrm_pipeline_scored_total", "socialcrm_pipeline_lag_messages",
		"socialcrm_pipeline_batch_duration_seconds", "socialcrm_pipeline_errors_total", "socialcrm_pipeline_produced_total"} {
		if !names[name] {
			t.Errorf("metric %s missing", name)
		}
	}
}
