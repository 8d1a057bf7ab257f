package pipeline_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/kafka"
	"github.com/socialcrm/socialcrm/pipeline"
	"github.com/socialcrm/socialcrm/store/memory"
)

type linkerFunc func(m *socialcrm.Mention) []string

func (f linkerFunc) Link(m *socialcrm.Mention) []string { return f(m) }

// Stages enrich mentions; one that finds a mention invalid sends it to the
// DLQ, one that panics or fails leaves it unenriched but stored.
func TestPipeline_StagesAndLinker(t *testing.T) {
	b := MustBroker(t, 2)
	ms := mentions(200, 4)
	invalid, panics, corrected := ms[10].ID, ms[20].ID, ms[30].ID
	ms[30].Kind, ms[30].Text = socialcrm.KindPost, "I love it"
	ms[30].Sentiment = &socialcrm.Sentiment{Label: socialcrm.Negative, Model: "hand", Corrected: true}
	msgs := make([]kafka.Message, len(ms))
	for i, m := range ms {
		msgs[i] = encode(t, m)
	}
	produce(t, b.Brokers(), msgs)
	dlq := readTopic(t, b.Brokers(), socialcrm.TopicDLQ)

	store := memory.New()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	p, err := pipeline.New(pipeline.Config{Brokers: b.Brokers(), Scorer: vader, Store: store, Logger: testLogger(),
		Linker: linkerFunc(func(m *socialcrm.Mention) []string { return []string{"contact:" + m.AuthorKey()} }),
		Stages: []pipeline.Stage{
			pipeline.StageFunc(func(ctx context.Context, m *socialcrm.Mention) error {
				switch m.ID {
				case invalid:
					return socialcrm.Invalidf("mention %q: spam", m.ID)
				case panics:
					panic("boom")
				}
				m.Intent = socialcrm.IntentOther
				return nil
			}),
		},
		Consumer: kafka.ConsumerConfig{MaxWait: 20 * time.Millisecond, SessionTimeout: 2 * time.Second}})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- p.Run(ctx) }()
	waitFor(t, 30*time.Second, "the mentions", func() bool { n := total(t, store); return n == len(ms)-1 && dlq.count() == 1 })
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if len(dlq.get(invalid)) != 1 || !contains(decodeDeadLetter(t, dlq.get(invalid)[0]).Error, "spam") {
		t.Errorf("invalid mention not in the DLQ with its error")
	}
	for _, m := range ms {
		got, err := store.FindMentionByID(context.Background(), m.ID)
		if m.ID == invalid {
			if err == nil {
				t.Errorf("invalid mention stored")
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Contains(got.Contacts, "contact:"+m.AuthorKey()) {
			t.Errorf("%s: contacts %v, want the linker's", m.ID, got.Contacts)
		}
		if wantIntent := socialcrm.IntentOther; m.ID != panics && got.Intent != wantIntent {
			t.Errorf("%s: intent %q, want %q", m.ID, got.Intent, wantIntent)
		}
	}
	got, _ := store.FindMentionByID(context.Background(), corrected)
	if got.Sentiment.Label != socialcrm.Negative || got.Sentiment.Model != "hand" {
		t.Errorf("a hand-corrected sentiment was scored again: %+v", got.Sentiment)
	}
}

// brandScorer scores by brand, to show that the pipeline hands a
// MentionScorer the whole mention.
type brandScorer struct{}

func (brandScorer) Score(text, lang string) socialcrm.Sentiment {
	return socialcrm.Sentiment{Label: socialcrm.Neutral, Model: "text"}
}

func (brandScorer) ScoreMention(m *socialcrm.Mention) socialcrm.Sentiment {
	return socialcrm.Sentiment{Label: socialcrm.Positive, Model: "brand:" + m.Brand}
}

func TestPipeline_MentionScorer(t *testing.T) {
	b := MustBroker(t, 2)
	ms := mentions(50, 7)
	msgs := make([]kafka.Message, len(ms))
	for i, m := range ms {
		msgs[i] = encode(t, m)
	}
	produce(t, b.Brokers(), msgs)
	store := memory.New()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	p, err := pipeline.New(pipeline.Config{Brokers: b.Brokers(), Scorer: brandScorer{}, Store: store,
		Consumer: kafka.ConsumerConfig{MaxWait: 20 * time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- p.Run(ctx) }()
	waitFor(t, 30*time.Second, "the mentions", func() bool { return total(t, store) == len(ms) })
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		got, err := store.FindMentionByID(context.Background(), m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !socialcrm.HasWords(m.Text) { // nothing to score
			continue
		}
		if got.Sentiment.Model != "brand:"+m.Brand {
			t.Fatalf("%s scored by %q, want the brand scorer", m.ID, got.Sentiment.Model)
		}
	}
}
