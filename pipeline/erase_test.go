package pipeline_test

import (
	"context"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/crm"
	"github.com/socialcrm/socialcrm/kafka"
	"github.com/socialcrm/socialcrm/pipeline"
	"github.com/socialcrm/socialcrm/store/memory"
)

// A mention collected again from an identity erased under the GDPR is
// dropped: not stored, not produced, its offset committed all the same.
func TestPipeline_DropsErasedAuthors(t *testing.T) {
	ctx := context.Background()
	b := MustBroker(t, 1) // one partition: once the last mention is in, all were handled
	ms := mentions(300, 9)
	erasedKey := ms[0].AuthorKey()
	for i := 40; i < len(ms)-1; i += 40 {
		ms[i].Author, ms[i].Source = ms[0].Author, ms[0].Source // she writes again
	}
	var fromErased []string
	for _, m := range ms {
		if m.AuthorKey() == erasedKey {
			fromErased = append(fromErased, m.ID)
		}
	}
	if len(fromErased) < 2 || ms[len(ms)-1].AuthorKey() == erasedKey {
		t.Fatalf("fixture: %d mentions of the erased author, want several and the last by another", len(fromErased))
	}
	msgs := make([]kafka.Message, len(ms))
	for i, m := range ms {
		msgs[i] = encode(t, m)
	}
	store := memory.New()
	// The erasure happened in another process: only the state store knows.
	if err := crm.NewErased(store, 0).Add(ctx, erasedKey); err != nil {
		t.Fatal(err)
	}
	erased := crm.NewErased(store, time.Minute)
	if err := erased.Load(ctx); err != nil {
		t.Fatal(err)
	}
	produce(t, b.Brokers(), msgs)
	scored := readTopic(t, b.Brokers(), socialcrm.TopicScored)
	dlq := readTopic(t, b.Brokers(), socialcrm.TopicDLQ)

	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	p, err := pipeline.New(pipeline.Config{Brokers: b.Brokers(), Scorer: vader, Store: store, Logger: testLogger(),
		Stages:   []pipeline.Stage{pipeline.Filter(erased.Keep)},
		Consumer: kafka.ConsumerConfig{MaxWait: 20 * time.Millisecond, SessionTimeout: 2 * time.Second}})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- p.Run(runCtx) }()
	want := len(ms) - len(fromErased)
	last := ms[len(ms)-1].ID
	waitFor(t, 30*time.Second, "the kept mentions", func() bool {
		_, err := store.FindMentionByID(ctx, last)
		return err == nil && total(t, store) == want && scored.count() == want
	})
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	for _, id := range fromErased {
		if _, err := store.FindMentionByID(ctx, id); err == nil {
			t.Errorf("mention %s of the erased author was stored", id)
		}
		if len(scored.get(id)) != 0 {
			t.Errorf("mention %s of the erased author was produced", id)
		}
	}
	if dlq.count() != 0 {
		t.Errorf("%d dead letters, want none: a drop is not an error", dlq.count())
	}
	if _, n, _ := store.FindMentions(ctx, socialcrm.MentionFilter{Author: &erasedKey}); n != 0 {
		t.Errorf("%d mentions by the erased author listed", n)
	}
}
