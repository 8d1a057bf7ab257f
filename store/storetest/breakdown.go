package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/socialcrm/socialcrm"
)

func testSentimentBreakdown(t *testing.T, open Open) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		var ms []*socialcrm.Mention
		add := func(id, brand, label string, score float64, d time.Duration, change func(*socialcrm.Mention)) {
			m := mention(id, brand, label, at(d))
			if m.Sentiment != nil {
				m.Sentiment.Score = score
			}
			if change != nil {
				change(m)
			}
			ms = append(ms, m)
		}
		fr := func(m *socialcrm.Mention) {
			m.Lang, m.Source, m.ID, m.Topics = "fr", "bluesky", "bluesky:"+m.ID, []string{"price", "price"}
		}
		noTopics := func(m *socialcrm.Mention) { m.Topics, m.Contacts = nil, []string{"c-1", "c-vip"} }
		add("1", "acme", socialcrm.Negative, -0.8, 0, nil)
		add("2", "acme", socialcrm.Negative, -0.4, 10*time.Minute, fr)
		add("3", "acme", socialcrm.Positive, 0.6, time.Hour, noTopics)
		add("4", "acme", "", 0, time.Hour, nil) // unscored: not counted
		add("5", "globex", socialcrm.Neutral, 0, 2*time.Hour, noTopics)
		add("6", "", socialcrm.Positive, 0.2, 3*time.Hour, fr)
		must(t, "SaveMentions", s.SaveMentions(ctx, ms...))
		must(t, "DeleteMention", s.DeleteMention(ctx, "mastodon:1")) // tombstones are not counted
		for _, tc := range []struct {
			name string
			f    socialcrm.BreakdownFilter
			want []socialcrm.BreakdownRow
		}{
			{"All", socialcrm.BreakdownFilter{}, []socialcrm.BreakdownRow{
				{Negative: 1, Positive: 2, Neutral: 1, MeanScore: 0.1}}},
			{"Brand", socialcrm.BreakdownFilter{By: socialcrm.ByBrand}, []socialcrm.BreakdownRow{
				{Key: "acme", Negative: 1, Positive: 1, MeanScore: 0.1},
				{Key: "", Positive: 1, MeanScore: 0.2},
				{Key: "globex", Neutral: 1},
			}},
			{"Topic", socialcrm.BreakdownFilter{By: socialcrm.ByTopic}, []socialcrm.BreakdownRow{
				{Key: "price", Negative: 1, Positive: 1, MeanScore: -0.1},
			}},
			{"Source", socialcrm.BreakdownFilter{By: socialcrm.BySource, Brand: ptr("acme")}, []socialcrm.BreakdownRow{
				{Key: "bluesky", Negative: 1, MeanScore: -0.4},
				{Key: "mastodon", Positive: 1, MeanScore: 0.6},
			}},
			{"Lang", socialcrm.BreakdownFilter{By: socialcrm.ByLang, Limit: 1}, []socialcrm.BreakdownRow{
				{Key: "en", Positive: 1, Neutral: 1, MeanScore: 0.3},
			}},
			{"Contact", socialcrm.BreakdownFilter{ContactID: ptr("c-vip")}, []socialcrm.BreakdownRow{
				{Positive: 1, Neutral: 1, MeanScore: 0.3}}},
			{"SinceUntil", socialcrm.BreakdownFilter{By: socialcrm.ByBrand, Since: ptr(at(10 * time.Minute)), Until: ptr(at(2 * time.Hour))}, []socialcrm.BreakdownRow{
				{Key: "acme", Negative: 1, Positive: 1, MeanScore: 0.1},
			}},
			{"Nothing", socialcrm.BreakdownFilter{Brand: ptr("initech")}, []socialcrm.BreakdownRow{{}}},
			{"NothingGrouped", socialcrm.BreakdownFilter{Brand: ptr("initech"), By: socialcrm.ByTopic}, nil},
		} {
			t.Run(tc.name, func(t *testing.T) {
				got, err := s.SentimentBreakdown(ctx, tc.f)
				must(t, "SentimentBreakdown", err)
				diffApprox(t, "rows", tc.want, got)
			})
		}
	})
	t.Run("Volume", func(t *testing.T) {
		// Every mention in scope counts, however many there are.
		t.Parallel()
		s := open(t)
		var ms []*socialcrm.Mention
		for i := range 1500 {
			label := socialcrm.Labels[i%3]
			ms = append(ms, mention(fmt.Sprint("v", i), "acme", label, at(time.Duration(i)*time.Minute)))
		}
		must(t, "SaveMentions", s.SaveMentions(ctx, ms...))
		got, err := s.SentimentBreakdown(ctx, socialcrm.BreakdownFilter{By: socialcrm.ByTopic})
		must(t, "SentimentBreakdown", err)
		diffApprox(t, "rows", []socialcrm.BreakdownRow{
			{Key: "delivery", Negative: 500, Neutral: 500, Positive: 500, MeanScore: -0.25},
			{Key: "price", Negative: 500, Neutral: 500, Positive: 500, MeanScore: -0.25},
		}, got)
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		for _, f := range []socialcrm.BreakdownFilter{{By: "author"}, {Limit: -1}} {
			_, err := s.SentimentBreakdown(ctx, f)
			wantErr(t, fmt.Sprintf("SentimentBreakdown(%+v)", f), err, socialcrm.ErrInvalid)
		}
	})
}

// testSummaryContact checks that a summary can count one contact's
// mentions alone.
func testSummaryContact(t *testing.T, open Open) {
	t.Parallel()
	ctx := context.Background()
	s := open(t)
	a, b, c := mention("1", "acme", socialcrm.Negative, at(0)), mention("2", "acme", socialcrm.Positive, at(time.Minute)),
		mention("3", "globex", socialcrm.Neutral, at(2*time.Hour))
	a.Contacts, b.Contacts, c.Contacts = []string{"c-vip"}, []string{"c-other"}, []string{"c-other", "c-vip"}
	must(t, "SaveMentions", s.SaveMentions(ctx, a, b, c))
	got, err := s.SentimentSummary(ctx, socialcrm.SummaryFilter{ContactID: ptr("c-vip")})
	must(t, "SentimentSummary", err)
	diff(t, "buckets", []socialcrm.SummaryBucket{{Start: t0, Negative: 1}, {Start: at(2 * time.Hour), Neutral: 1}}, got)
	got, err = s.SentimentSummary(ctx, socialcrm.SummaryFilter{ContactID: ptr("c-nobody")})
	must(t, "SentimentSummary", err)
	diff(t, "buckets", []socialcrm.SummaryBucket(nil), got)
}

// diffApprox is diff with float64 values equal within 1e-9.
func diffApprox(t *testing.T, what string, want, got any) {
	t.Helper()
	if d := cmp.Diff(want, got, opts, cmpopts.EquateApprox(0, 1e-9)); d != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", what, d)
	}
}
