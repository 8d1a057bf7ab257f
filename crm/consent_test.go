package crm_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/crm"
	"github.com/socialcrm/socialcrm/store/memory"
)

// TestConsents follows one contact opting out and back in: while opted
// out (withdrawn, or suppressed) their mentions lose the link to them and
// do not feed profiling, by either identity; another process sees the
// change once its list is older than its period.
func TestConsents(t *testing.T) {
	ctx := context.Background()
	st := memory.New()
	t.Cleanup(func() { st.Close() })
	must(t, st.SaveContacts(ctx,
		&socialcrm.Contact{ID: "c-ann", Name: "Ann", Identities: []socialcrm.Identity{{Network: "mastodon", Handle: "ann@example.social"}, {Network: "x", Handle: "ann", NativeID: "42"}}},
		&socialcrm.Contact{ID: "c-bob", Name: "Bob", Identities: []socialcrm.Identity{{Network: "mastodon", Handle: "bob"}}}))
	here, there := crm.NewConsents(st, 0), crm.NewConsents(st, 20*time.Millisecond)
	must(t, here.Load(ctx))
	must(t, there.Load(ctx))
	byAnn := func() *socialcrm.Mention {
		return &socialcrm.Mention{ID: "x:1", Source: "x", Author: socialcrm.Author{ID: "42"}, Contacts: []string{"c-ann", "c-bob"}}
	}
	byBob := &socialcrm.Mention{ID: "mastodon:2", Source: "mastodon", Author: socialcrm.Author{Handle: "bob"}, Contacts: []string{"c-bob"}}
	check := func(what string, c *crm.Consents, profiled bool) {
		t.Helper()
		m := byAnn()
		must(t, c.Strip(ctx, m))
		want := []string{"c-bob"}
		if profiled {
			want = []string{"c-ann", "c-bob"}
		}
		if !slices.Equal(m.Contacts, want) {
			t.Errorf("%s: links after Strip = %v, want %v", what, m.Contacts, want)
		}
		unlinked := &socialcrm.Mention{ID: "mastodon:3", Source: "mastodon", Author: socialcrm.Author{Handle: "Ann@example.social"}}
		if got := c.Profiled(ctx, unlinked); got != profiled {
			t.Errorf("%s: Profiled(her unlinked mention) = %v, want %v", what, got, profiled)
		}
		if got := c.ProfiledKey("x:ann"); got != profiled {
			t.Errorf("%s: ProfiledKey(x:ann) = %v, want %v", what, got, profiled)
		}
		if got := len(c.Keep(ctx, []*socialcrm.Mention{byAnn(), byBob})); profiled && got != 2 || !profiled && got != 1 {
			t.Errorf("%s: Keep kept %d of her mention and Bob's", what, got)
		}
		if !c.Profiled(ctx, byBob) || !c.ProfiledContact("c-bob") {
			t.Errorf("%s: Bob is not profiled", what)
		}
	}
	check("consent unknown", here, true)

	set := func(k *socialcrm.Consent) {
		t.Helper()
		k.ContactID, k.At = "c-ann", time.Now()
		must(t, st.SetConsent(ctx, k))
		here.Changed(ctx, k)
	}
	set(&socialcrm.Consent{State: socialcrm.ConsentWithdrawn, Source: "email"})
	check("withdrawn", here, false)
	check("withdrawn, before another process reloads", there, true)
	time.Sleep(30 * time.Millisecond)
	check("withdrawn, in another process after its period", there, false)

	set(&socialcrm.Consent{State: socialcrm.ConsentGranted})
	check("granted again", here, true)
	set(&socialcrm.Consent{State: socialcrm.ConsentGranted, Suppressed: true})
	check("suppressed", here, false)
	fresh := crm.NewConsents(st, 0)
	must(t, fresh.Load(ctx))
	check("suppressed, loaded", fresh, false)
	if fresh.Len() != 1 {
		t.Errorf("Len = %d, want 1", fresh.Len())
	}
	set(&socialcrm.Consent{State: socialcrm.ConsentGranted})
	check("opted back in", here, true)
	time.Sleep(30 * time.Millisecond)
	check("opted back in, in another process", there, true)
}

// TestPrivacy_ExportConsent: the GDPR export holds the consent history,
// and the erasure removes it.
func TestPrivacy_ExportConsent(t *testing.T) {
	ctx := context.Background()
	st := memory.New()
	t.Cleanup(func() { st.Close() })
	must(t, st.SaveContacts(ctx, &socialcrm.Contact{ID: "c-ann", Name: "Ann", Identities: []socialcrm.Identity{{Network: "x", Handle: "ann"}}}))
	t0 := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	must(t, st.SetConsent(ctx, &socialcrm.Consent{ContactID: "c-ann", State: socialcrm.ConsentGranted, Source: "form", At: t0}))
	must(t, st.SetConsent(ctx, &socialcrm.Consent{ContactID: "c-ann", State: socialcrm.ConsentWithdrawn, Source: "email", At: t0.Add(time.Hour)}))
	p := crm.NewPrivacy(st, nil, crm.NewErased(st, 0))
	x, err := p.ExportContact(ctx, "c-ann")
	must(t, err)
	if len(x.Consent) != 2 || x.Consent[0].State != socialcrm.ConsentGranted || x.Consent[1].Source != "email" {
		t.Errorf("exported consent = %+v, want the two changes, oldest first", x.Consent)
	}
	_, err = p.EraseContact(ctx, "c-ann")
	must(t, err)
	if h, _ := st.FindConsentHistory(ctx, "c-ann"); len(h) != 0 {
		t.Errorf("consent history after erasure = %+v", h)
	}
}

// TestExportContacts_LeavesOutUnprofiled: the CSV export leaves out a
// contact who withdrew consent and says so; the GDPR export is the only
// one that has them.
func TestExportContacts_LeavesOutUnprofiled(t *testing.T) {
	ctx := context.Background()
	st := memory.New()
	t.Cleanup(func() { st.Close() })
	must(t, st.SaveContacts(ctx, &socialcrm.Contact{ID: "c-ann", Name: "Ann"}, &socialcrm.Contact{ID: "c-bob", Name: "Bob"}))
	must(t, st.SetConsent(ctx, &socialcrm.Consent{ContactID: "c-bob", State: socialcrm.ConsentGranted, Suppressed: true, At: time.Now()}))
	var b strings.Builder
	stats, err := crm.ExportContacts(ctx, st, &b, nil)
	must(t, err)
	if stats.Rows != 1 || stats.Unprofiled != 1 || !strings.Contains(b.String(), "c-ann") || strings.Contains(b.String(), "c-bob") {
		t.Errorf("export: %+v\n%s", stats, b.String())
	}
}
