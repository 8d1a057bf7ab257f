package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
)

// seedMerge stores contact c-a (into) and c-b (from) with mentions,
// cases and activities.
func seedMerge(t *testing.T, s socialcrm.Store) {
	t.Helper()
	ctx := context.Background()
	must(t, "save contacts", s.SaveContacts(ctx,
		&socialcrm.Contact{ID: "c-a", Name: "Alice", Email: "alice@example.com", Tags: []string{"vip"},
			Identities: []socialcrm.Identity{{Network: "x", Handle: "alice"}}},
		&socialcrm.Contact{ID: "c-b", Name: "Alice M.", Email: "am@example.com", Phone: "+33 1", Title: "CTO", Owner: "u-ana",
			Tags: []string{"churn risk", "vip"}, Identities: []socialcrm.Identity{{Network: "x", Handle: "alice2"}, {Network: "mastodon", NativeID: "42"}}}))
	m1, m2, m3 := mention("1", "acme", socialcrm.Negative, at(0)), mention("2", "acme", socialcrm.Neutral, at(time.Minute)), mention("3", "acme", socialcrm.Positive, at(2*time.Minute))
	m1.Contacts, m2.Contacts, m3.Contacts = []string{"c-b"}, []string{"c-a", "c-b"}, []string{"c-a"}
	must(t, "save mentions", s.SaveMentions(ctx, m1, m2, m3))
	// c-b: an open case on mastodon, which c-a has too, a resolved one on
	// x and an open one about globex.
	open := kase("k-b1", "b", at(0))
	resolved := kase("k-b2", "b", at(time.Minute))
	resolved.Channel, resolved.Key, resolved.Status = "x", socialcrm.CaseKey("acme", "x", "c-b"), socialcrm.CaseResolved
	resolved.ResolvedAt = ptr(at(time.Hour))
	globex := kase("k-b3", "b", at(2*time.Minute))
	globex.Brand, globex.Key = "globex", socialcrm.CaseKey("globex", "mastodon", "c-b")
	for _, c := range []*socialcrm.Case{open, resolved, globex, kase("k-a1", "a", at(0))} {
		must(t, "save case "+c.ID, s.SaveCase(ctx, c))
	}
	for i, rec := range []string{"c-b", "c-b", "c-a"} {
		must(t, "create activity", s.CreateActivity(ctx, newActivity(fmt.Sprint("act-", i), socialcrm.ActivityNote, socialcrm.RecordContact, rec, at(time.Duration(i)*time.Minute))))
	}
}

func testContactMerge(t *testing.T, open Open) {
	t.Run("OK", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), context.Background()
		seedMerge(t, s)
		before := time.Now()
		m, err := s.MergeContacts(ctx, "c-a", "c-b")
		must(t, "merge", err)
		recent(t, "merged at", m.At, before)
		m.At = time.Time{}
		diff(t, "merge", &socialcrm.ContactMerge{From: "c-b", Into: "c-a", Identities: 2, Mentions: 2, Cases: 3, Activities: 2}, m)

		_, err = s.FindContactByID(ctx, "c-b")
		wantErr(t, "find merged contact", err, socialcrm.ErrNotFound)
		c, err := s.FindContactByID(ctx, "c-a")
		must(t, "find into", err)
		if c.Name != "Alice" || c.Email != "alice@example.com" || c.Phone != "+33 1" || c.Title != "CTO" || c.Owner != "u-ana" {
			t.Errorf("merged contact = %+v", c)
		}
		diff(t, "tags", []string{"vip", "churn risk"}, c.Tags)
		diff(t, "identities", []socialcrm.Identity{{Network: "x", Handle: "alice"}, {Network: "x", Handle: "alice2"}, {Network: "mastodon", NativeID: "42"}}, c.Identities)

		ms, total, err := s.FindMentions(ctx, socialcrm.MentionFilter{ContactID: ptr("c-a")})
		must(t, "mentions of into", err)
		if total != 3 {
			t.Errorf("into has %d mentions, want 3", total)
		}
		for _, mn := range ms {
			diff(t, "contacts of "+mn.ID, []string{"c-a"}, mn.Contacts)
		}
		if _, n, _ := s.FindMentions(ctx, socialcrm.MentionFilter{ContactID: ptr("c-b")}); n != 0 {
			t.Errorf("%d mentions still linked to the merged contact", n)
		}

		cs, _, err := s.FindCases(ctx, socialcrm.CaseFilter{ContactID: ptr("c-a"), Limit: -1})
		must(t, "cases of into", err)
		keys := map[string]string{}
		for _, k := range cs {
			keys[k.ID] = k.Key
		}
		diff(t, "case keys", map[string]string{
			"k-a1": socialcrm.CaseKey("acme", "mastodon", "c-a"),
			"k-b1": socialcrm.CaseKey("acme", "mastodon", "c-b"), // c-a has an active case of that key
			"k-b2": socialcrm.CaseKey("acme", "x", "c-a"),
			"k-b3": socialcrm.CaseKey("globex", "mastodon", "c-a"),
		}, keys)
		dup := kase("k-new", "a", at(time.Hour))
		dup.Brand, dup.Key = "globex", socialcrm.CaseKey("globex", "mastodon", "c-a")
		wantErr(t, "a second active case of a moved key", s.SaveCase(ctx, dup), socialcrm.ErrConflict)

		as, err := s.FindActivities(ctx, socialcrm.ActivityFilter{RecordKind: socialcrm.RecordContact, RecordID: "c-a"})
		must(t, "activities of into", err)
		diff(t, "activities", []string{"act-2", "act-1", "act-0"}, activityIDs(as))

		wantErr(t, "a new contact with a moved identity", s.SaveContacts(ctx, &socialcrm.Contact{ID: "c-new", Name: "Eve",
			Identities: []socialcrm.Identity{{Network: "x", Handle: "ALICE2"}}}), socialcrm.ErrConflict)
		must(t, "save the merged contact again", s.SaveContacts(ctx, c))

		red, err := s.FindContactMerge(ctx, "c-b")
		must(t, "find merge", err)
		if red.Into != "c-a" || red.Mentions != 2 {
			t.Errorf("redirect = %+v", red)
		}
		_, err = s.FindContactMerge(ctx, "c-a")
		wantErr(t, "merge of a contact never merged", err, socialcrm.ErrNotFound)

		must(t, "save c-z", s.SaveContacts(ctx, &socialcrm.Contact{ID: "c-z", Name: "Zed"}))
		_, err = s.MergeContacts(ctx, "c-z", "c-a")
		must(t, "merge again", err)
		red, err = s.FindContactMerge(ctx, "c-b")
		must(t, "find first merge", err)
		if red.Into != "c-z" {
			t.Errorf("after a second merge, c-b redirects to %q, want c-z", red.Into)
		}
		into, err := s.FindContactMerges(ctx, "c-z")
		must(t, "merges into c-z", err)
		if len(into) != 2 || into[0].From != "c-b" || into[1].From != "c-a" {
			t.Errorf("merges into c-z = %+v, want c-b then c-a", into)
		}
		none, err := s.FindContactMerges(ctx, "c-a")
		must(t, "merges into a merged contact", err)
		diff(t, "merges into c-a", []*socialcrm.ContactMerge{}, none)
	})
	t.Run("ConsentAndAlerts", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), context.Background()
		seedMerge(t, s)
		granted := &socialcrm.Consent{ContactID: "c-a", State: socialcrm.ConsentGranted, Source: "web form", By: "u-ana", At: at(0)}
		withdrawn := &socialcrm.Consent{ContactID: "c-b", State: socialcrm.ConsentWithdrawn, Source: "email", By: "u-bob", At: at(time.Hour)}
		must(t, "consent of c-a", s.SetConsent(ctx, granted))
		must(t, "consent of c-b", s.SetConsent(ctx, withdrawn))
		a1, a2, a3 := alert("al-1", "acme", at(0)), alert("al-2", "acme", at(time.Minute)), alert("al-3", "acme", at(2*time.Minute))
		a1.Contacts, a2.Contacts, a3.Contacts = []string{"c-b", "c-x"}, []string{"c-a", "c-b"}, []string{"c-y"}
		for _, a := range []*socialcrm.Alert{a1, a2, a3} {
			must(t, "save alert "+a.ID, s.SaveAlert(ctx, a))
		}
		m, err := s.MergeContacts(ctx, "c-a", "c-b")
		must(t, "merge", err)
		if m.Consents != 1 || m.Alerts != 2 {
			t.Errorf("merge moved %d consent changes and %d alerts, want 1 and 2", m.Consents, m.Alerts)
		}
		h, err := s.FindConsentHistory(ctx, "c-a")
		must(t, "history of into", err)
		g, w := *granted, *withdrawn
		w.ContactID = "c-a"
		diff(t, "history of into", []*socialcrm.Consent{&g, &w}, h)
		cur, err := s.FindConsent(ctx, "c-a")
		must(t, "consent of into", err)
		if cur.State != socialcrm.ConsentWithdrawn || cur.Profiled() {
			t.Errorf("into's consent = %+v, want the later withdrawal recorded on the duplicate", cur)
		}
		un, err := s.FindUnprofiled(ctx)
		must(t, "unprofiled", err)
		if len(un) != 1 || un[0].ContactID != "c-a" {
			t.Errorf("unprofiled = %+v, want c-a alone", un)
		}
		old, err := s.FindConsentHistory(ctx, "c-b")
		must(t, "history of the merged contact", err)
		diff(t, "history of the merged contact", []*socialcrm.Consent{}, old)
		for id, want := range map[string][]string{"al-1": {"c-a", "c-x"}, "al-2": {"c-a"}, "al-3": {"c-y"}} {
			a, err := s.FindAlertByID(ctx, id)
			must(t, "find "+id, err)
			diff(t, "contacts of "+id, want, a.Contacts)
		}
	})
	t.Run("Errors", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), context.Background()
		seedMerge(t, s)
		_, err := s.MergeContacts(ctx, "c-a", "c-404")
		wantErr(t, "missing from", err, socialcrm.ErrNotFound)
		_, err = s.MergeContacts(ctx, "c-404", "c-a")
		wantErr(t, "missing into", err, socialcrm.ErrNotFound)
		_, err = s.MergeContacts(ctx, "c-a", "c-a")
		wantErr(t, "into itself", err, socialcrm.ErrInvalid)
		var many []socialcrm.Identity
		for i := range socialcrm.MaxIdentities {
			many = append(many, socialcrm.Identity{Network: "reddit", Handle: fmt.Sprint("h", i)})
		}
		must(t, "save a contact with many identities", s.SaveContacts(ctx, &socialcrm.Contact{ID: "c-many", Name: "Many", Identities: many}))
		_, err = s.MergeContacts(ctx, "c-many", "c-b")
		wantErr(t, "too many identities", err, socialcrm.ErrInvalid)
		if _, err := s.FindContactByID(ctx, "c-b"); err != nil {
			t.Errorf("a refused merge removed the contact: %v", err)
		}
		if _, n, _ := s.FindMentions(ctx, socialcrm.MentionFilter{ContactID: ptr("c-b")}); n != 2 {
			t.Errorf("a refused merge moved mentions: %d left", n)
		}
	})
}
