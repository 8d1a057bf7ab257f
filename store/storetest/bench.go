package storetest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
)

// Mentions returns n scored mentions of a few brands, written by a few
// hundred authors over n seconds from start, as the pipeline stores them.
// Their IDs are prefix followed by a number, so that calls with different
// prefixes give distinct mentions. The same seed gives the same mentions.
func Mentions(n int, prefix string, start time.Time, seed uint64) []*socialcrm.Mention {
	r := rand.New(rand.NewPCG(seed, 42))
	brands := []string{"acme", "globex", "initech", "umbrella"}
	texts := []string{
		"@%s my order is late again, really disappointed",
		"Loving the new %s app, checkout is so fast now!",
		"Does anyone know when %s opens the Lyon store?",
		"%s support answered in five minutes, impressed",
		"Third time the %s delivery is wrong. Cancelling my subscription.",
	}
	labels := []string{socialcrm.Negative, socialcrm.Positive, socialcrm.Neutral, socialcrm.Positive, socialcrm.Negative}
	kinds := []socialcrm.InteractionKind{socialcrm.KindPost, socialcrm.KindReply, socialcrm.KindShare, socialcrm.KindQuote}
	ms := make([]*socialcrm.Mention, n)
	for i := range ms {
		brand, k, author := brands[r.IntN(len(brands))], r.IntN(len(texts)), r.IntN(300)
		m := &socialcrm.Mention{
			V: socialcrm.SchemaVersion, ID: fmt.Sprintf("%s%d", prefix, i), Source: "mastodon", Brand: brand,
			Author: socialcrm.Author{ID: fmt.Sprint(author), Handle: fmt.Sprintf("user%d@example.social", author),
				Name: fmt.Sprintf("User %d", author), Followers: r.IntN(5000)},
			Text: fmt.Sprintf(texts[k], brand), Lang: "en", Kind: kinds[r.IntN(len(kinds))],
			URL:       fmt.Sprintf("https://example.social/@user%d/%d", author, i),
			CreatedAt: start.Add(time.Duration(i) * time.Second),
			Sentiment: &socialcrm.Sentiment{Label: labels[k], Score: r.Float64()*2 - 1, Confidence: r.Float64(), Model: "vader"},
			Intent:    socialcrm.IntentOther,
			Entities:  []socialcrm.Entity{{Text: brand, Type: "ORG"}},
			Topics:    []string{"delivery"},
		}
		if author < 30 {
			m.Contacts = []string{fmt.Sprintf("contact-%d", author)}
		}
		ms[i] = m
	}
	return ms
}

// BenchmarkSaveMentions measures SaveMentions of new mentions in batches of
// batch on s and reports rows/s. The mentions are made before the timer
// starts; b.N counts batches.
func BenchmarkSaveMentions(b *testing.B, s socialcrm.MentionStore, batch int) {
	ctx := context.Background()
	prefix := fmt.Sprintf("bench%d:", time.Now().UnixNano())
	pool := Mentions(batch*64, prefix, time.Now().Add(-time.Hour), 1)
	round := 0
	b.ResetTimer()
	for b.Loop() {
		i := round % 64
		if i == 0 && round > 0 {
			// Every mention of the pool is stored: make new IDs (untimed).
			b.StopTimer()
			for j, m := range pool {
				m.ID = fmt.Sprintf("%s%d:%d", prefix, round, j)
			}
			b.StartTimer()
		}
		if err := s.SaveMentions(ctx, pool[i*batch:(i+1)*batch]...); err != nil {
			b.Fatalf("SaveMentions: %v", err)
		}
		round++
	}
	b.ReportMetric(float64(round*batch)/b.Elapsed().Seconds(), "rows/s")
}
