package pipeline_test

import (
	"context"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/collectors/lang"
	"github.com/socialcrm/socialcrm/kafka"
	"github.com/socialcrm/socialcrm/pipeline"
	"github.com/socialcrm/socialcrm/sentiment"
	"github.com/socialcrm/socialcrm/store/memory"
)

// TestPipeline_DetectsLanguage produces mentions without a language to
// mentions.raw and wants each scored by the model of its language: Italian
// by the Italian model, French marked unsupported, a declared language
// kept, and a text the detector is unsure of given its brand's default.
func TestPipeline_DetectsLanguage(t *testing.T) {
	b := MustBroker(t, 2)
	at := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	mk := func(id, brand, lang, text string) *socialcrm.Mention {
		return &socialcrm.Mention{V: socialcrm.SchemaVersion, ID: "x:" + id, Source: "x", Brand: brand, Lang: lang,
			Author: socialcrm.Author{ID: "1", Handle: "a"}, Text: text, CreatedAt: at}
	}
	ms := []*socialcrm.Mention{
		mk("it", "acme", "", "Il servizio clienti è stato davvero pessimo, non comprerò mai più niente da loro"),
		mk("fr", "acme", "", "Le service client était vraiment horrible, je ne commanderai plus jamais chez eux"),
		mk("en", "acme", "", "The customer service was really awful, I will never order from them again"),
		mk("declared", "acme", "en", "Il servizio clienti è stato davvero pessimo, non comprerò mai più niente da loro"),
		mk("unsure", "pizzeria", "", "👍👍"),
	}
	msgs := make([]kafka.Message, len(ms))
	for i, m := range ms {
		msgs[i] = encode(t, m)
	}
	produce(t, b.Brokers(), msgs)
	router, err := sentiment.NewRouter()
	if err != nil {
		t.Fatal(err)
	}
	det, err := lang.New(nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	l := &pipeline.Language{Detector: det}
	if err := l.ParseLangDefaults("pizzeria=it,fallback=en"); err != nil {
		t.Fatal(err)
	}
	store := memory.New()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	p, err := pipeline.New(pipeline.Config{Brokers: b.Brokers(), Scorer: pipeline.WithLanguage(router, l), Store: store,
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
	for _, tc := range []struct {
		id, lang, model, from string
		unsupported           bool
	}{
		{"it", "it", "socialcrm-it-v1", "detected", false},
		{"fr", "fr", "none:fr", "detected", true},
		{"en", "en", "socialcrm-en-v1", "detected", false},
		{"declared", "en", "socialcrm-en-v1", "", false},
		{"unsure", "it", "socialcrm-it-v1", "brand", false},
	} {
		got, err := store.FindMentionByID(context.Background(), "x:"+tc.id)
		if err != nil {
			t.Fatal(err)
		}
		if got.Lang != tc.lang || got.Sentiment.Model != tc.model || got.Sentiment.Unsupported != tc.unsupported {
			t.Errorf("%s: lang %q, model %q, unsupported %v; want %q, %q, %v",
				tc.id, got.Lang, got.Sentiment.Model, got.Sentiment.Unsupported, tc.lang, tc.model, tc.unsupported)
		}
		if from := string(got.Extra["lang_from"]); tc.from != "" && from != `"`+tc.from+`"` {
			t.Errorf("%s: lang_from %s, want %q", tc.id, from, tc.from)
		}
		if tc.id == "it" && got.Sentiment.Label != socialcrm.Negative {
			t.Errorf("Italian complaint scored %s by %s", got.Sentiment.Label, got.Sentiment.Model)
		}
	}
}

func TestLanguage_ParseLangDefaults(t *testing.T) {
	var l pipeline.Language
	if err := l.ParseLangDefaults("skyway=it, source:reddit=en-GB,fallback=en"); err != nil {
		t.Fatal(err)
	}
	if l.Brand["skyway"] != "it" || l.Source["reddit"] != "en" || l.Fallback != "en" {
		t.Errorf("parsed %+v", l)
	}
	for _, bad := range []string{"skyway", "=it", "skyway=", "skyway=und"} {
		if err := new(pipeline.Language).ParseLangDefaults(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}
