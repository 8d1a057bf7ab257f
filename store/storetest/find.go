package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
)

// findFixture saves mentions a1…a4 of brand acme and g1, g2 of globex and
// returns the store.
func findFixture(t *testing.T, open Open) socialcrm.Store {
	t.Helper()
	a1 := mention("a1", "acme", socialcrm.Negative, t0)
	a2 := mention("a2", "acme", socialcrm.Positive, at(time.Hour))
	a3 := mention("a3", "acme", "", at(time.Hour)) // same time as a2: ID breaks the tie
	a4 := mention("a4", "acme", socialcrm.Negative, at(3*time.Hour))
	a4.Source, a4.ID = "bluesky", "bluesky:a4"
	a4.Author = socialcrm.Author{ID: "did:plc:42"}
	g1 := mention("g1", "globex", socialcrm.Negative, at(2*time.Hour))
	g1.Author.Handle = "@User" + "a1" + "@Example.social" // same person as a1
	g1.Contacts = []string{"c-a1", "c-g1"}
	a1.Topics, a4.Topics, g1.Topics = []string{"refund", "delay"}, []string{"delay"}, []string{"refund"}
	a2.Rule, a4.Rule = "acme-brand", "acme-brand"
	g2 := mention("g2", "globex", socialcrm.Neutral, at(4*time.Hour))
	s := open(t)
	must(t, "SaveMentions", s.SaveMentions(context.Background(), a1, a2, a3, a4, g1, g2))
	return s
}

func testFindMentions(t *testing.T, open Open) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		t.Parallel()
		s := findFixture(t, open)
		for _, tc := range []struct {
			name  string
			f     socialcrm.MentionFilter
			want  []string
			total int
		}{
			{"All", socialcrm.MentionFilter{}, []string{"mastodon:g2", "bluesky:a4", "mastodon:g1", "mastodon:a3", "mastodon:a2", "mastodon:a1"}, 6},
			{"Brand", socialcrm.MentionFilter{Brand: ptr("acme")}, []string{"bluesky:a4", "mastodon:a3", "mastodon:a2", "mastodon:a1"}, 4},
			{"UnknownBrand", socialcrm.MentionFilter{Brand: ptr("initech")}, nil, 0},
			{"Sentiment", socialcrm.MentionFilter{Sentiment: ptr(socialcrm.Negative)}, []string{"bluesky:a4", "mastodon:g1", "mastodon:a1"}, 3},
			{"BrandSentiment", socialcrm.MentionFilter{Brand: ptr("globex"), Sentiment: ptr(socialcrm.Negative)}, []string{"mastodon:g1"}, 1},
			{"Source", socialcrm.MentionFilter{Source: ptr("bluesky")}, []string{"bluesky:a4"}, 1},
			{"Contact", socialcrm.MentionFilter{ContactID: ptr("c-a1")}, []string{"mastodon:g1", "mastodon:a1"}, 2},
			{"Author", socialcrm.MentionFilter{Author: ptr("mastodon:usera1@example.social")}, []string{"mastodon:g1", "mastodon:a1"}, 2},
			{"Topic", socialcrm.MentionFilter{Topic: ptr("refund")}, []string{"mastodon:g1", "mastodon:a1"}, 2},
			{"BrandTopic", socialcrm.MentionFilter{Brand: ptr("acme"), Topic: ptr("delay")}, []string{"bluesky:a4", "mastodon:a1"}, 2},
			{"Rule", socialcrm.MentionFilter{Rule: ptr("acme-brand")}, []string{"bluesky:a4", "mastodon:a2"}, 2},
			{"AuthorByID", socialcrm.MentionFilter{Author: ptr("bluesky:did:plc:42")}, []string{"bluesky:a4"}, 1},
			{"Since", socialcrm.MentionFilter{Since: ptr(at(2 * time.Hour))}, []string{"mastodon:g2", "bluesky:a4", "mastodon:g1"}, 3},
			{"Until", socialcrm.MentionFilter{Until: ptr(at(2 * time.Hour))}, []string{"mastodon:a3", "mastodon:a2", "mastodon:a1"}, 3},
			{"SinceUntil", socialcrm.MentionFilter{Since: ptr(at(time.Hour)), Until: ptr(at(3 * time.Hour))}, []string{"mastodon:g1", "mastodon:a3", "mastodon:a2"}, 3},
			{"SinceOtherZone", socialcrm.MentionFilter{Since: ptr(at(4 * time.Hour).In(time.FixedZone("X", -5*3600)))}, []string{"mastodon:g2"}, 1},
			{"Limit", socialcrm.MentionFilter{Limit: 2}, []string{"mastodon:g2", "bluesky:a4"}, 6},
			{"Offset", socialcrm.MentionFilter{Offset: 4, Limit: 1}, []string{"mastodon:a2"}, 6},
			{"OffsetPastEnd", socialcrm.MentionFilter{Offset: 10}, nil, 6},
			{"BrandLimit", socialcrm.MentionFilter{Brand: ptr("acme"), Offset: 1, Limit: 2}, []string{"mastodon:a3", "mastodon:a2"}, 4},
		} {
			t.Run(tc.name, func(t *testing.T) {
				got, n, err := s.FindMentions(ctx, tc.f)
				must(t, "FindMentions", err)
				diff(t, "IDs", tc.want, ids(got))
				if n != tc.total {
					t.Errorf("total = %d, want %d", n, tc.total)
				}
			})
		}
	})
	t.Run("Full", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		m := mention("1", "acme", socialcrm.Negative, t0)
		must(t, "SaveMentions", s.SaveMentions(ctx, m))
		got, _, err := s.FindMentions(ctx, socialcrm.MentionFilter{})
		must(t, "FindMentions", err)
		diff(t, "mentions", []*socialcrm.Mention{m}, got)
	})
	t.Run("DefaultLimit", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		var ms []*socialcrm.Mention
		for i := range 60 {
			ms = append(ms, mention(fmt.Sprintf("%02d", i), "acme", socialcrm.Neutral, at(time.Duration(i)*time.Second)))
		}
		must(t, "SaveMentions", s.SaveMentions(ctx, ms...))
		got, n, err := s.FindMentions(ctx, socialcrm.MentionFilter{})
		must(t, "FindMentions", err)
		if len(got) != 50 || n != 60 {
			t.Errorf("got %d mentions, total %d; want 50 of 60", len(got), n)
		}
		if len(got) > 0 && got[0].ID != "mastodon:59" {
			t.Errorf("first = %s, want the newest, mastodon:59", got[0].ID)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		for name, f := range map[string]socialcrm.MentionFilter{
			"NegativeLimit":  {Limit: -1},
			"NegativeOffset": {Offset: -1},
			"UnknownLabel":   {Sentiment: ptr("angry")},
		} {
			t.Run(name, func(t *testing.T) {
				_, _, err := s.FindMentions(ctx, f)
				wantErr(t, "FindMentions", err, socialcrm.ErrInvalid)
			})
		}
	})
}
