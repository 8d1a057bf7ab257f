package pipeline_test

import (
	"context"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/kafka"
	"github.com/socialcrm/socialcrm/pipeline"
	"github.com/socialcrm/socialcrm/sentiment"
	"github.com/socialcrm/socialcrm/store/memory"
)

// TestPipeline_NoWordsNoSentiment wants likes and bare shares, which have
// no words, stored without a sentiment rather than called neutral, and a
// hand correction kept whatever the text.
func TestPipeline_NoWordsNoSentiment(t *testing.T) {
	b := MustBroker(t, 1)
	at := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	mk := func(id string, kind socialcrm.InteractionKind, text string) *socialcrm.Mention {
		return &socialcrm.Mention{V: socialcrm.SchemaVersion, ID: "x:" + id, Source: "x", Brand: "acme", Lang: "en", Kind: kind,
			Author: socialcrm.Author{ID: "1", Handle: "a"}, Target: "acme", Text: text, CreatedAt: at}
	}
	corrected := mk("fixed", socialcrm.KindShare, "")
	corrected.Sentiment = &socialcrm.Sentiment{Label: socialcrm.Positive, Score: 1, Confidence: 1, Model: "manual", Corrected: true}
	ms := []*socialcrm.Mention{mk("like", socialcrm.KindLike, ""), mk("share", socialcrm.KindShare, "  "),
		mk("tag", socialcrm.KindReply, "@acme @bob"), mk("words", socialcrm.KindReply, "@acme worst delay ever"), corrected}
	msgs := make([]kafka.Message, len(ms))
	for i, m := range ms {
		msgs[i] = encode(t, m)
	}
	produce(t, b.Brokers(), msgs)
	store := memory.New()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	p, err := pipeline.New(pipeline.Config{Brokers: b.Brokers(), Scorer: sentiment.NewVader(), Store: store,
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
	for id, want := range map[string]string{"like": "", "share": "", "tag": "", "words": socialcrm.Negative, "fixed": socialcrm.Positive} {
		got, err := store.FindMentionByID(context.Background(), "x:"+id)
		if err != nil {
			t.Fatal(err)
		}
		label := ""
		if got.Sentiment != nil {
			label = got.Sentiment.Label
		}
		if label != want {
			t.Errorf("%s (%q): sentiment %+v, want %q", id, got.Text, got.Sentiment, want)
		}
	}
}
