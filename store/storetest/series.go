package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
)

func testCountSeries(t *testing.T, open Open) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		add := func(id, brand, label, rule string, topics []string, d time.Duration) *socialcrm.Mention {
			m := mention(id, brand, label, at(d))
			m.Rule, m.Topics = rule, topics
			return m
		}
		ms := []*socialcrm.Mention{
			add("1", "acme", socialcrm.Negative, "r1", []string{"late"}, 0),
			add("2", "acme", socialcrm.Positive, "r1", []string{"late", "price"}, 4*time.Minute),
			add("3", "acme", socialcrm.Negative, "", nil, 5*time.Minute),
			add("4", "globex", socialcrm.Negative, "", []string{"late"}, time.Minute),
			add("5", "acme", "", "r1", []string{"late"}, time.Minute),             // unscored
			add("6", "", socialcrm.Negative, "r1", []string{"late"}, time.Minute), // no brand
			add("7", "acme", socialcrm.Negative, "r1", nil, time.Hour),            // after Until
			add("8", "acme", socialcrm.Negative, "r1", nil, -time.Minute),         // before Since
			add("9", "acme", socialcrm.Negative, "r1", []string{"gone"}, 2*time.Minute),
		}
		must(t, "SaveMentions", s.SaveMentions(ctx, ms...))
		must(t, "DeleteMention", s.DeleteMention(ctx, "mastodon:9"))
		got, err := s.CountSeries(ctx, socialcrm.SeriesFilter{Since: t0, Until: at(time.Hour), Window: 5 * time.Minute})
		must(t, "CountSeries", err)
		w := at(5 * time.Minute)
		diff(t, "counts", []socialcrm.SeriesCount{
			{Brand: "acme", Start: t0, Total: 2, Negative: 1},
			{Brand: "acme", Start: w, Total: 1, Negative: 1},
			{Brand: "acme", Rule: "r1", Start: t0, Total: 2, Negative: 1},
			{Brand: "acme", Topic: "late", Start: t0, Total: 2, Negative: 1},
			{Brand: "acme", Topic: "price", Start: t0, Total: 1},
			{Brand: "globex", Start: t0, Total: 1, Negative: 1},
			{Brand: "globex", Topic: "late", Start: t0, Total: 1, Negative: 1},
		}, got)
	})
	t.Run("Contacts", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		add := func(id, label string, contacts []string, d time.Duration) *socialcrm.Mention {
			m := mention(id, "acme", label, at(d))
			m.Rule, m.Topics, m.Contacts = "", nil, contacts
			return m
		}
		must(t, "SaveMentions", s.SaveMentions(ctx,
			add("1", socialcrm.Negative, []string{"c1"}, 0),
			add("2", socialcrm.Positive, []string{"c9", "c2"}, time.Minute),
			add("3", socialcrm.Negative, []string{"c3"}, 2*time.Minute), // not a member
			add("4", socialcrm.Negative, nil, 3*time.Minute),            // no contact
			add("5", socialcrm.Negative, []string{"c1"}, 6*time.Minute),
			add("6", socialcrm.Negative, []string{"c2"}, time.Hour), // after Until
		))
		got, err := s.CountSeries(ctx, socialcrm.SeriesFilter{Since: t0, Until: at(time.Hour), Window: 5 * time.Minute, Contacts: []string{"c1", "c2"}})
		must(t, "CountSeries(contacts)", err)
		diff(t, "members' counts", []socialcrm.SeriesCount{
			{Brand: "acme", Start: t0, Total: 2, Negative: 1},
			{Brand: "acme", Start: at(5 * time.Minute), Total: 1, Negative: 1},
		}, got)
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		t.Parallel()
		_, err := open(t).CountSeries(ctx, socialcrm.SeriesFilter{Until: t0, Window: time.Millisecond})
		wantErr(t, "CountSeries(window 1ms)", err, socialcrm.ErrInvalid)
	})
}

func testOpenAlerts(t *testing.T, open Open) {
	ctx := context.Background()
	t.Run("OnePerFingerprint", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		a1, a2 := alert("a1", "acme", t0), alert("a2", "acme", at(time.Hour))
		a1.Fingerprint, a2.Fingerprint = "acme", "acme"
		must(t, "SaveAlert", s.SaveAlert(ctx, a1))
		wantErr(t, "SaveAlert(second open)", s.SaveAlert(ctx, a2), socialcrm.ErrConflict)
		a1.Status = socialcrm.AlertAcknowledged
		must(t, "SaveAlert(ack)", s.SaveAlert(ctx, a1))
		wantErr(t, "SaveAlert(second open, first acked)", s.SaveAlert(ctx, a2), socialcrm.ErrConflict)
		a2.Status = socialcrm.AlertResolved
		must(t, "SaveAlert(second resolved)", s.SaveAlert(ctx, a2))
		a1.Status = socialcrm.AlertResolved
		must(t, "SaveAlert(resolve first)", s.SaveAlert(ctx, a1))
		a3 := alert("a3", "acme", at(2*time.Hour))
		a3.Fingerprint = "acme"
		must(t, "SaveAlert(new open after resolution)", s.SaveAlert(ctx, a3))
		for _, a := range []*socialcrm.Alert{alert("x1", "acme", t0), alert("x2", "acme", t0)} {
			a.Fingerprint = ""
			must(t, "SaveAlert(no fingerprint)", s.SaveAlert(ctx, a))
		}
		got, n, err := s.FindAlerts(ctx, socialcrm.AlertFilter{Open: true, Fingerprint: ptr("acme"), Limit: -1})
		must(t, "FindAlerts(open)", err)
		if n != 1 || len(got) != 1 || got[0].ID != "a3" {
			t.Fatalf("open alerts of acme = %d (%v), want a3 alone", n, got)
		}
		got, _, err = s.FindAlerts(ctx, socialcrm.AlertFilter{Open: true, Limit: -1})
		must(t, "FindAlerts(open)", err)
		if len(got) != 3 {
			t.Fatalf("open alerts = %d, want a3, x1 and x2", len(got))
		}
	})
}
