package storetest

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
)

func testMentionStore(t *testing.T, open Open) {
	ctx := context.Background()
	t.Run("SaveMentions", func(t *testing.T) {
		t.Run("OK", func(t *testing.T) {
			t.Parallel()
			s := open(t)
			unscored := mention("2", "acme", "", at(time.Minute))
			unscored.Intent, unscored.Entities, unscored.Topics, unscored.Contacts, unscored.Extra = "", nil, nil, nil, nil
			want := []*socialcrm.Mention{mention("1", "acme", socialcrm.Negative, t0), unscored}
			must(t, "SaveMentions", s.SaveMentions(ctx, clone(want[0]), clone(want[1])))
			for _, w := range want {
				got, err := s.FindMentionByID(ctx, w.ID)
				must(t, "FindMentionByID", err)
				diff(t, "mention "+w.ID, w, got)
			}
		})
		t.Run("Empty", func(t *testing.T) {
			t.Parallel()
			must(t, "SaveMentions()", open(t).SaveMentions(ctx))
		})
		t.Run("Idempotent", func(t *testing.T) {
			t.Parallel()
			s := open(t)
			a, b := mention("1", "acme", socialcrm.Positive, t0), mention("2", "acme", socialcrm.Neutral, at(time.Second))
			must(t, "SaveMentions", s.SaveMentions(ctx, a, b))
			must(t, "SaveMentions again", s.SaveMentions(ctx, clone(a), clone(b), clone(a)))
			got, n, err := s.FindMentions(ctx, socialcrm.MentionFilter{})
			must(t, "FindMentions", err)
			if n != 2 {
				t.Errorf("total = %d, want 2", n)
			}
			diff(t, "mentions", []*socialcrm.Mention{b, a}, got)
		})
		t.Run("LastCopyInBatchWins", func(t *testing.T) {
			t.Parallel()
			s := open(t)
			first, last := mention("1", "acme", socialcrm.Positive, t0), mention("1", "acme", socialcrm.Negative, t0)
			last.Text = "edited"
			must(t, "SaveMentions", s.SaveMentions(ctx, first, last))
			got, err := s.FindMentionByID(ctx, first.ID)
			must(t, "FindMentionByID", err)
			diff(t, "mention", last, got)
		})
		t.Run("Replace", func(t *testing.T) {
			t.Parallel()
			s := open(t)
			m := mention("1", "acme", socialcrm.Positive, t0)
			must(t, "SaveMentions", s.SaveMentions(ctx, m))
			m2 := mention("1", "globex", socialcrm.Negative, at(time.Hour))
			m2.Text, m2.Topics, m2.Contacts, m2.Author.Followers = "edited", []string{"refund"}, nil, 5
			must(t, "SaveMentions", s.SaveMentions(ctx, m2))
			got, err := s.FindMentionByID(ctx, m.ID)
			must(t, "FindMentionByID", err)
			diff(t, "mention", m2, got)
			list, n, err := s.FindMentions(ctx, socialcrm.MentionFilter{Brand: ptr("acme")})
			must(t, "FindMentions", err)
			if n != 0 || len(list) != 0 {
				t.Errorf("old brand still finds %d (total %d) mentions, want none", len(list), n)
			}
		})
		t.Run("KeepsCorrectedSentiment", func(t *testing.T) {
			t.Parallel()
			s := open(t)
			m := mention("1", "acme", socialcrm.Negative, t0)
			must(t, "SaveMentions", s.SaveMentions(ctx, m))
			fix := socialcrm.Sentiment{Label: socialcrm.Positive, Score: 0.5, Confidence: 1, Model: "manual"}
			must(t, "CorrectSentiment", s.CorrectSentiment(ctx, m.ID, fix))
			m.Text = "rescored"
			must(t, "SaveMentions", s.SaveMentions(ctx, m))
			got, err := s.FindMentionByID(ctx, m.ID)
			must(t, "FindMentionByID", err)
			fix.Corrected = true
			want := clone(m)
			want.Sentiment = &fix
			diff(t, "mention after re-save", want, got)

			// A corrected sentiment in the saved mention replaces the stored one.
			m.Sentiment = &socialcrm.Sentiment{Label: socialcrm.Neutral, Model: "manual", Corrected: true}
			must(t, "SaveMentions", s.SaveMentions(ctx, m))
			got, err = s.FindMentionByID(ctx, m.ID)
			must(t, "FindMentionByID", err)
			diff(t, "mention after corrected save", m, got)
		})
		t.Run("ErrInvalid", func(t *testing.T) {
			for name, bad := range map[string]*socialcrm.Mention{
				"NoID":     {Source: "x", CreatedAt: t0},
				"Nil":      nil,
				"BadLabel": {ID: "x:1", Source: "x", CreatedAt: t0, Sentiment: &socialcrm.Sentiment{Label: "angry"}},
				"BadExtra": {ID: "x:1", Source: "x", CreatedAt: t0, Extra: socialcrm.RawFields{"k": json.RawMessage(`{"a":`)}},
			} {
				t.Run(name, func(t *testing.T) {
					t.Parallel()
					s := open(t)
					ok := mention("1", "acme", socialcrm.Positive, t0)
					wantErr(t, "SaveMentions", s.SaveMentions(ctx, ok, bad), socialcrm.ErrInvalid)
					_, err := s.FindMentionByID(ctx, ok.ID)
					wantErr(t, "valid mention of a rejected batch", err, socialcrm.ErrNotFound)
				})
			}
		})
		t.Run("Unrepresentable", func(t *testing.T) {
			// NUL and invalid UTF-8, which Postgres cannot keep in text,
			// become U+FFFD rather than failing the batch.
			t.Parallel()
			s := open(t)
			m := mention("1", "acme", socialcrm.Negative, t0)
			m.ID, m.Text, m.Author.Name = "mastodon:\xff1", "a\x00b\xffc", "Z\x00"
			m.Topics, m.Entities = []string{"ok", "t\xff"}, []socialcrm.Entity{{Text: "E\x00", Type: "ORG"}}
			m.Extra = socialcrm.RawFields{"k": json.RawMessage("\"\xff\""), "nul": json.RawMessage(`"\u0000"`)}
			m.Sentiment.Explain = []socialcrm.TokenWeight{{Token: "\x00", Weight: 1}}
			want := clone(m)
			want.ID, want.Text, want.Author.Name = "mastodon:\uFFFD1", "a\uFFFDb\uFFFDc", "Z\uFFFD"
			want.Topics, want.Entities = []string{"ok", "t\uFFFD"}, []socialcrm.Entity{{Text: "E\uFFFD", Type: "ORG"}}
			want.Extra = socialcrm.RawFields{"k": json.RawMessage("\"\uFFFD\""), "nul": json.RawMessage(`"\u0000"`)}
			want.Sentiment.Explain = []socialcrm.TokenWeight{{Token: "\uFFFD", Weight: 1}}
			must(t, "SaveMentions", s.SaveMentions(ctx, m))
			got, err := s.FindMentionByID(ctx, m.ID)
			must(t, "FindMentionByID", err)
			diff(t, "mention", want, got)
			if m.Text != "a\x00b\xffc" || m.Topics[1] != "t\xff" {
				t.Errorf("SaveMentions changed the mention it was given")
			}
		})
		t.Run("Copies", func(t *testing.T) {
			t.Parallel()
			s := open(t)
			m := mention("1", "acme", socialcrm.Negative, t0)
			want := clone(m)
			must(t, "SaveMentions", s.SaveMentions(ctx, m))
			m.Text, m.Topics[0], m.Sentiment.Label, m.Entities[0].Text = "changed", "changed", "changed", "changed"
			got, err := s.FindMentionByID(ctx, m.ID)
			must(t, "FindMentionByID", err)
			diff(t, "mention after changing the saved value", want, got)
			got.Text, got.Topics[0], got.Sentiment.Label, got.Contacts[0] = "changed", "changed", "changed", "changed"
			got, err = s.FindMentionByID(ctx, m.ID)
			must(t, "FindMentionByID", err)
			diff(t, "mention after changing a returned value", want, got)
		})
		t.Run("Microseconds", func(t *testing.T) {
			t.Parallel()
			s := open(t)
			m := mention("1", "acme", socialcrm.Negative, time.Date(2026, 11, 20, 11, 0, 0, 123456789, time.FixedZone("CET", 3600)))
			must(t, "SaveMentions", s.SaveMentions(ctx, m))
			got, err := s.FindMentionByID(ctx, m.ID)
			must(t, "FindMentionByID", err)
			want := time.Date(2026, 11, 20, 10, 0, 0, 123456000, time.UTC)
			if !got.CreatedAt.Equal(want) || got.CreatedAt.Location() != time.UTC {
				t.Errorf("CreatedAt = %v, want %v", got.CreatedAt, want)
			}
		})
	})
	t.Run("FindMentionByID", func(t *testing.T) {
		t.Run("ErrNotFound", func(t *testing.T) {
			t.Parallel()
			_, err := open(t).FindMentionByID(ctx, "mastodon:nope")
			wantErr(t, "FindMentionByID", err, socialcrm.ErrNotFound)
		})
	})
	t.Run("FindMentions", func(t *testing.T) { testFindMentions(t, open) })
	t.Run("CorrectSentiment", func(t *testing.T) { testCorrectSentiment(t, open) })
	t.Run("DeleteMention", func(t *testing.T) { testDeleteMention(t, open) })
}

func testCorrectSentiment(t *testing.T, open Open) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		m := mention("1", "acme", "", t0)
		must(t, "SaveMentions", s.SaveMentions(ctx, m))
		must(t, "CorrectSentiment", s.CorrectSentiment(ctx, m.ID, socialcrm.Sentiment{Label: socialcrm.Negative, Model: "manual"}))
		got, err := s.FindMentionByID(ctx, m.ID)
		must(t, "FindMentionByID", err)
		m.Sentiment = &socialcrm.Sentiment{Label: socialcrm.Negative, Model: "manual", Corrected: true}
		diff(t, "mention", m, got)
		list, n, err := s.FindMentions(ctx, socialcrm.MentionFilter{Sentiment: ptr(socialcrm.Negative)})
		must(t, "FindMentions", err)
		if n != 1 || len(list) != 1 {
			t.Errorf("FindMentions(negative) = %d mentions, total %d; want the corrected one", len(list), n)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		t.Parallel()
		err := open(t).CorrectSentiment(ctx, "mastodon:nope", socialcrm.Sentiment{Label: socialcrm.Positive})
		wantErr(t, "CorrectSentiment", err, socialcrm.ErrNotFound)
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		m := mention("1", "acme", socialcrm.Negative, t0)
		must(t, "SaveMentions", s.SaveMentions(ctx, m))
		err := s.CorrectSentiment(ctx, m.ID, socialcrm.Sentiment{Label: "meh"})
		wantErr(t, "CorrectSentiment", err, socialcrm.ErrInvalid)
		got, err := s.FindMentionByID(ctx, m.ID)
		must(t, "FindMentionByID", err)
		diff(t, "mention", m, got)
	})
}

func testDeleteMention(t *testing.T, open Open) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		m, other := mention("1", "acme", socialcrm.Negative, t0), mention("2", "acme", socialcrm.Negative, t0)
		must(t, "SaveMentions", s.SaveMentions(ctx, m, other))
		must(t, "DeleteMention", s.DeleteMention(ctx, m.ID))
		must(t, "DeleteMention again", s.DeleteMention(ctx, m.ID))
		got, err := s.FindMentionByID(ctx, m.ID)
		must(t, "FindMentionByID", err)
		diff(t, "tombstone", tombstoneOf(m), got)

		// A redelivery of the original does not bring it back.
		must(t, "SaveMentions", s.SaveMentions(ctx, m))
		got, err = s.FindMentionByID(ctx, m.ID)
		must(t, "FindMentionByID", err)
		diff(t, "tombstone after re-save", tombstoneOf(m), got)

		list, n, err := s.FindMentions(ctx, socialcrm.MentionFilter{})
		must(t, "FindMentions", err)
		diff(t, "FindMentions", []string{other.ID}, ids(list))
		if n != 1 {
			t.Errorf("total = %d, want 1", n)
		}
		sum, err := s.SentimentSummary(ctx, socialcrm.SummaryFilter{})
		must(t, "SentimentSummary", err)
		diff(t, "summary", []socialcrm.SummaryBucket{{Start: t0, Negative: 1}}, sum)
	})
	t.Run("SavedTombstone", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		m := mention("1", "acme", socialcrm.Negative, t0)
		m.Deleted = true
		must(t, "SaveMentions", s.SaveMentions(ctx, m))
		got, err := s.FindMentionByID(ctx, m.ID)
		must(t, "FindMentionByID", err)
		diff(t, "tombstone", tombstoneOf(m), got)
		_, n, err := s.FindMentions(ctx, socialcrm.MentionFilter{})
		must(t, "FindMentions", err)
		if n != 0 {
			t.Errorf("total = %d, want 0", n)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		t.Parallel()
		wantErr(t, "DeleteMention", open(t).DeleteMention(ctx, "mastodon:nope"), socialcrm.ErrNotFound)
	})
}
