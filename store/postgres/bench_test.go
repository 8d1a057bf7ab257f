package postgres_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/store/postgres/pgtest"
	"github.com/socialcrm/socialcrm/store/storetest"
)

// go test -run '^$' -bench SaveMentions -benchtime 100x ./store/postgres/
func BenchmarkStore_SaveMentions(b *testing.B) {
	for _, batch := range []int{100, 500, 2000} {
		b.Run(fmt.Sprintf("batch=%d", batch), func(b *testing.B) {
			storetest.BenchmarkSaveMentions(b, pgtest.MustOpenTestDB(b, pgtest.DSN(b)), batch)
		})
	}
}

// BenchmarkStore_Resave measures saving batches that are all stored
// already, as after a consumer restart.
func BenchmarkStore_Resave(b *testing.B) {
	ctx := context.Background()
	s := pgtest.MustOpenTestDB(b, pgtest.DSN(b))
	ms := storetest.Mentions(500, "m:", time.Now(), 1)
	if err := s.SaveMentions(ctx, ms...); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := s.SaveMentions(ctx, ms...); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*len(ms))/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkStore_Queries measures the dashboard's queries on 100,000
// mentions.
func BenchmarkStore_Queries(b *testing.B) {
	ctx := context.Background()
	s := pgtest.MustOpenTestDB(b, pgtest.DSN(b))
	ms := storetest.Mentions(100_000, "m:", time.Now().Add(-100_000*time.Second), 1)
	for i := 0; i < len(ms); i += 5000 {
		if err := s.SaveMentions(ctx, ms[i:i+5000]...); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := s.Pool().Exec(ctx, "VACUUM ANALYZE mentions"); err != nil {
		b.Fatal(err)
	}
	brand, neg, author, contact := "acme", socialcrm.Negative, "mastodon:user7@example.social", "contact-7"
	since := time.Now().Add(-time.Hour)
	for name, f := range map[string]socialcrm.MentionFilter{
		"All":           {Limit: 20},
		"Brand":         {Brand: &brand, Limit: 20},
		"BrandNegative": {Brand: &brand, Sentiment: &neg, Limit: 20},
		"Author":        {Author: &author, Limit: 20},
		"Contact":       {ContactID: &contact, Limit: 20},
		"LastHour":      {Since: &since, Limit: 20},
	} {
		b.Run("FindMentions/"+name, func(b *testing.B) {
			for b.Loop() {
				if _, _, err := s.FindMentions(ctx, f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	for name, f := range map[string]socialcrm.SummaryFilter{
		"All":      {},
		"Brand":    {Brand: &brand, Window: 5 * time.Minute},
		"LastHour": {Since: &since, Window: time.Minute},
	} {
		b.Run("SentimentSummary/"+name, func(b *testing.B) {
			for b.Loop() {
				if _, err := s.SentimentSummary(ctx, f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
