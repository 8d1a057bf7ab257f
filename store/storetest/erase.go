package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
)

// testErase covers what a GDPR erasure asks of a store: removing an
// author's mentions and a contact's cases for good, and unlinking the
// contact from other mentions and from alerts.
func testErase(t *testing.T, open Open) {
	ctx := context.Background()
	t.Run("DeleteMentionsByAuthor", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		m1, m2, m3 := mention("1", "acme", socialcrm.Negative, at(0)), mention("2", "acme", socialcrm.Positive, at(time.Minute)), mention("3", "acme", socialcrm.Negative, at(2*time.Minute))
		m3.Author = m1.Author // the same author again
		idOnly := mention("4", "acme", socialcrm.Neutral, at(3*time.Minute))
		idOnly.Author.Handle = "" // keyed by its ID: mastodon:u4
		tomb := mention("5", "acme", socialcrm.Negative, at(4*time.Minute))
		tomb.Author, tomb.Deleted = m1.Author, true
		must(t, "SaveMentions", s.SaveMentions(ctx, m1, m2, m3, idOnly, tomb))

		n, err := s.DeleteMentionsByAuthor(ctx, nil)
		must(t, "DeleteMentionsByAuthor(nil)", err)
		if n != 0 {
			t.Errorf("no keys removed %d mentions, want 0", n)
		}
		n, err = s.DeleteMentionsByAuthor(ctx, []string{m1.AuthorKey(), "mastodon:u4", "reddit:nobody"})
		must(t, "DeleteMentionsByAuthor", err)
		if n != 3 {
			t.Errorf("removed %d mentions, want 3 (two by handle, one by id)", n)
		}
		for _, id := range []string{m1.ID, m3.ID, idOnly.ID} {
			_, err := s.FindMentionByID(ctx, id)
			wantErr(t, "FindMentionByID "+id, err, socialcrm.ErrNotFound)
		}
		list, total, err := s.FindMentions(ctx, socialcrm.MentionFilter{})
		must(t, "FindMentions", err)
		diff(t, "live mentions", []string{m2.ID}, ids(list))
		if total != 1 {
			t.Errorf("total = %d, want 1", total)
		}
		sum, err := s.SentimentSummary(ctx, socialcrm.SummaryFilter{Window: 24 * time.Hour})
		must(t, "SentimentSummary", err)
		if len(sum) != 1 || sum[0].Total() != 1 || sum[0].Positive != 1 {
			t.Errorf("summary = %+v, want one positive mention", sum)
		}
		// The tombstone has no author left and stays.
		got, err := s.FindMentionByID(ctx, tomb.ID)
		must(t, "FindMentionByID tombstone", err)
		diff(t, "tombstone", tombstoneOf(tomb), got)
		n, err = s.DeleteMentionsByAuthor(ctx, []string{m1.AuthorKey()})
		must(t, "DeleteMentionsByAuthor again", err)
		if n != 0 {
			t.Errorf("second removal removed %d mentions, want 0", n)
		}
	})
	t.Run("UnlinkContact", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		m1, m2, m3 := mention("1", "acme", socialcrm.Negative, at(0)), mention("2", "acme", socialcrm.Positive, at(time.Minute)), mention("3", "acme", socialcrm.Negative, at(2*time.Minute))
		m1.Contacts, m2.Contacts, m3.Contacts = []string{"c-x", "c-y"}, []string{"c-x"}, []string{"c-z"}
		must(t, "SaveMentions", s.SaveMentions(ctx, m1, m2, m3))
		n, err := s.UnlinkContact(ctx, "c-x")
		must(t, "UnlinkContact", err)
		if n != 2 {
			t.Errorf("unlinked %d mentions, want 2", n)
		}
		list, total, err := s.FindMentions(ctx, socialcrm.MentionFilter{ContactID: ptr("c-x")})
		must(t, "FindMentions of c-x", err)
		if total != 0 || len(list) != 0 {
			t.Errorf("c-x still has %d mentions", total)
		}
		want1, want2 := clone(m1), clone(m2)
		want1.Contacts, want2.Contacts = []string{"c-y"}, nil
		for _, want := range []*socialcrm.Mention{want1, want2, m3} {
			got, err := s.FindMentionByID(ctx, want.ID)
			must(t, "FindMentionByID", err)
			diff(t, "mention "+want.ID, want, got)
		}
		n, err = s.UnlinkContact(ctx, "c-x")
		must(t, "UnlinkContact again", err)
		if n != 0 {
			t.Errorf("second unlink changed %d mentions, want 0", n)
		}
	})
	t.Run("DeleteContactCases", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		open1, done1 := kase("k1", "1", t0), kase("k2", "1", at(-48*time.Hour))
		done1.Status = socialcrm.CaseResolved
		stranger := kase("k3", "3", at(time.Hour)) // opened by c-1's handle before it was linked
		stranger.ContactID, stranger.AccountID = "", ""
		stranger.Key, stranger.Author = socialcrm.CaseKey("acme", "mastodon", "mastodon:alice"), "mastodon:alice"
		other := kase("k4", "2", at(2*time.Hour))
		for _, c := range []*socialcrm.Case{open1, done1, stranger, other} {
			must(t, "SaveCase "+c.ID, s.SaveCase(ctx, c))
		}
		n, err := s.DeleteContactCases(ctx, "c-1", []string{"mastodon:alice"})
		must(t, "DeleteContactCases", err)
		if n != 3 {
			t.Errorf("removed %d cases, want 3", n)
		}
		list, total, err := s.FindCases(ctx, socialcrm.CaseFilter{Limit: -1})
		must(t, "FindCases", err)
		diff(t, "cases left", []string{other.ID}, caseIDs(list))
		if total != 1 {
			t.Errorf("total = %d, want 1", total)
		}
		_, err = s.FindCaseByID(ctx, open1.ID)
		wantErr(t, "FindCaseByID", err, socialcrm.ErrNotFound)
		// The key of the removed active case is free again.
		must(t, "SaveCase with the freed key", s.SaveCase(ctx, kase("k5", "1", at(5*time.Hour))))
		n, err = s.DeleteContactCases(ctx, "", nil)
		must(t, "DeleteContactCases of nobody", err)
		if n != 0 {
			t.Errorf("removing nobody's cases removed %d, want 0", n)
		}
	})
	t.Run("UnlinkAlerts", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		a1, a2, a3 := alert("a1", "acme", t0), alert("a2", "acme", at(time.Hour)), alert("a3", "acme", at(2*time.Hour))
		a1.Contacts, a1.Authors = []string{"c-1", "c-2"}, []string{"mastodon:alice", "mastodon:bob"}
		a2.Contacts, a2.Authors = nil, []string{"mastodon:alice"}
		a3.Contacts, a3.Authors = []string{"c-2"}, []string{"mastodon:bob"}
		a4 := alert("a4", "acme", at(3*time.Hour))
		a4.Contacts, a4.Authors, a4.Mentions = nil, nil, []string{"mastodon:1", "mastodon:alice-1", "mastodon:2"}
		for _, a := range []*socialcrm.Alert{a1, a2, a3, a4} {
			must(t, "SaveAlert", s.SaveAlert(ctx, a))
		}
		n, err := s.UnlinkAlerts(ctx, "c-1", []string{"mastodon:alice"}, []string{"mastodon:alice-1"})
		must(t, "UnlinkAlerts", err)
		if n != 3 {
			t.Errorf("changed %d alerts, want 3", n)
		}
		want1, want2, want4 := *a1, *a2, *a4
		want1.Contacts, want1.Authors = []string{"c-2"}, []string{"mastodon:bob"}
		want2.Authors = nil
		want4.Mentions = []string{"mastodon:1", "mastodon:2"}
		for _, want := range []*socialcrm.Alert{&want1, &want2, a3, &want4} {
			got, err := s.FindAlertByID(ctx, want.ID)
			must(t, "FindAlertByID", err)
			diff(t, "alert "+want.ID, want, got)
		}
		n, err = s.UnlinkAlerts(ctx, "c-1", []string{"mastodon:alice"}, []string{"mastodon:alice-1"})
		must(t, "UnlinkAlerts again", err)
		if n != 0 {
			t.Errorf("second unlink changed %d alerts, want 0", n)
		}
	})
}

func testErasedStore(t *testing.T, open Open) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		got, err := s.FindErased(ctx)
		must(t, "FindErased", err)
		if len(got) != 0 {
			t.Errorf("FindErased on an empty store = %v", got)
		}
		must(t, "AddErased", s.AddErased(ctx, "x:b", "mastodon:a", ""))
		must(t, "AddErased", s.AddErased(ctx, "x:b", "x:c\x00"))
		must(t, "AddErased", s.AddErased(ctx))
		got, err = s.FindErased(ctx)
		must(t, "FindErased", err)
		diff(t, "erased", []string{"mastodon:a", "x:b", "x:c\uFFFD"}, got)
	})
}
