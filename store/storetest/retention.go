package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
)

func testRetentionStore(t *testing.T, open Open) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		day := 24 * time.Hour
		old := func(id string, ago time.Duration, contacts ...string) *socialcrm.Mention {
			m := mention(id, "acme", socialcrm.Negative, segNow.Add(-ago))
			m.Contacts = contacts
			return m
		}
		tomb := old("r-tomb", 200*day)
		tomb.Deleted = true
		must(t, "SaveMentions", s.SaveMentions(ctx, old("r-1", 120*day), old("r-2", 110*day), old("r-3", 100*day),
			old("r-linked", 150*day, "c-1"), old("r-new", 10*day), tomb))
		before := segNow.Add(-90 * day)
		for i, want := range []int{2, 1, 0} {
			n, err := s.RedactMentions(ctx, before, 2)
			must(t, "RedactMentions", err)
			if n != want {
				t.Errorf("call %d redacted %d, want %d", i+1, n, want)
			}
		}
		for _, id := range []string{"r-1", "r-2", "r-3"} {
			got, err := s.FindMentionByID(ctx, "mastodon:"+id)
			must(t, "FindMentionByID", err)
			want := old(id, 0)
			want.CreatedAt, want.Contacts = got.CreatedAt, nil
			socialcrm.Redact(want)
			diff(t, "redacted "+id, want, got)
			if got.Deleted || got.Sentiment == nil || got.Sentiment.Score != -0.25 || len(got.Topics) != 2 {
				t.Errorf("%s lost what the aggregates count: %+v", id, got)
			}
		}
		for _, id := range []string{"r-linked", "r-new"} {
			got, err := s.FindMentionByID(ctx, "mastodon:"+id)
			must(t, "FindMentionByID", err)
			if got.Text == "" || got.Author.Handle == "" {
				t.Errorf("%s was redacted: %+v", id, got)
			}
		}
		_, total, err := s.FindMentions(ctx, socialcrm.MentionFilter{Limit: 10})
		must(t, "FindMentions", err)
		if total != 5 {
			t.Errorf("%d live mentions after redaction, want 5", total)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		t.Parallel()
		if _, err := open(t).RedactMentions(ctx, t0, 0); !errors.Is(err, socialcrm.ErrInvalid) {
			t.Errorf("limit 0: %v, want ErrInvalid", err)
		}
	})
}
