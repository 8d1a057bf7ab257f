package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
)

func testSentimentSummary(t *testing.T, open Open) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		var ms []*socialcrm.Mention
		add := func(id, brand, label string, d time.Duration) {
			ms = append(ms, mention(id, brand, label, at(d)))
		}
		add("1", "acme", socialcrm.Negative, 0)
		add("2", "acme", socialcrm.Negative, 10*time.Minute)
		add("3", "acme", socialcrm.Positive, 59*time.Minute+59*time.Second)
		add("4", "acme", socialcrm.Neutral, time.Hour)
		add("5", "acme", "", time.Hour) // unscored: not counted
		add("6", "acme", socialcrm.Positive, 5*time.Hour+30*time.Minute)
		add("7", "globex", socialcrm.Negative, 20*time.Minute)
		add("8", "globex", socialcrm.Negative, -time.Minute)
		must(t, "SaveMentions", s.SaveMentions(ctx, ms...))
		sevenDays := time.Date(2026, 11, 19, 0, 0, 0, 0, time.UTC) // a Thursday, like the epoch
		for _, tc := range []struct {
			name string
			f    socialcrm.SummaryFilter
			want []socialcrm.SummaryBucket
		}{
			{"Hourly", socialcrm.SummaryFilter{}, []socialcrm.SummaryBucket{
				{Start: at(-time.Hour), Negative: 1},
				{Start: t0, Negative: 3, Positive: 1},
				{Start: at(time.Hour), Neutral: 1},
				{Start: at(5 * time.Hour), Positive: 1},
			}},
			{"Brand", socialcrm.SummaryFilter{Brand: ptr("acme")}, []socialcrm.SummaryBucket{
				{Start: t0, Negative: 2, Positive: 1},
				{Start: at(time.Hour), Neutral: 1},
				{Start: at(5 * time.Hour), Positive: 1},
			}},
			{"Window", socialcrm.SummaryFilter{Brand: ptr("acme"), Window: 15 * time.Minute}, []socialcrm.SummaryBucket{
				{Start: t0, Negative: 2},
				{Start: at(45 * time.Minute), Positive: 1},
				{Start: at(time.Hour), Neutral: 1},
				{Start: at(5*time.Hour + 30*time.Minute), Positive: 1},
			}},
			{"Day", socialcrm.SummaryFilter{Window: 24 * time.Hour}, []socialcrm.SummaryBucket{
				{Start: time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), Negative: 4, Positive: 2, Neutral: 1},
			}},
			{"Week", socialcrm.SummaryFilter{Window: 7 * 24 * time.Hour}, []socialcrm.SummaryBucket{
				{Start: sevenDays, Negative: 4, Positive: 2, Neutral: 1},
			}},
			{"SinceUntil", socialcrm.SummaryFilter{Since: ptr(at(10 * time.Minute)), Until: ptr(at(time.Hour))}, []socialcrm.SummaryBucket{
				{Start: t0, Negative: 2, Positive: 1},
			}},
			{"Nothing", socialcrm.SummaryFilter{Brand: ptr("initech")}, nil},
		} {
			t.Run(tc.name, func(t *testing.T) {
				got, err := s.SentimentSummary(ctx, tc.f)
				must(t, "SentimentSummary", err)
				diff(t, "buckets", tc.want, got)
				for _, b := range got {
					if b.Start.Location() != time.UTC {
						t.Errorf("bucket start %v is not in UTC", b.Start)
					}
				}
			})
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		for _, w := range []time.Duration{-time.Hour, time.Millisecond} {
			_, err := s.SentimentSummary(ctx, socialcrm.SummaryFilter{Window: w})
			wantErr(t, "SentimentSummary(window "+w.String()+")", err, socialcrm.ErrInvalid)
		}
	})
}
