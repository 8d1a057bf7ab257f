package crm_test

import (
	"context"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/crm"
	"github.com/socialcrm/socialcrm/store/memory"
)

// TestConsents_Lead follows a lead opting out and back in: while opted
// out, mentions by its identity do not feed profiling (no case, no lead)
// and keep no ties, in the process that recorded it at once and in one
// that loads the list.
func TestConsents_Lead(t *testing.T) {
	ctx := context.Background()
	st := memory.New()
	t.Cleanup(func() { st.Close() })
	must(t, st.CreateLead(ctx, &socialcrm.Lead{ID: "l-peter", Name: "Peter", Source: socialcrm.LeadFromMention, Status: socialcrm.LeadNew,
		Identities: []socialcrm.Identity{{Network: "mastodon", Handle: "peter@example.social"}}}))
	here := crm.NewConsents(st, 0)
	must(t, here.Load(ctx))
	byPeter := &socialcrm.Mention{ID: "mastodon:1", Source: "mastodon", Author: socialcrm.Author{Handle: "Peter@example.social"}}
	tie := socialcrm.Interaction{From: "mastodon:peter@example.social", To: "mastodon:someone"}
	check := func(what string, c *crm.Consents, profiled bool) {
		t.Helper()
		if got := c.Profiled(ctx, byPeter); got != profiled {
			t.Errorf("%s: Profiled(Peter's mention) = %v, want %v", what, got, profiled)
		}
		if got := c.KeepInteraction(ctx, tie); got != profiled {
			t.Errorf("%s: KeepInteraction = %v, want %v", what, got, profiled)
		}
	}
	check("before", here, true)
	for _, k := range []*socialcrm.Consent{
		{LeadID: "l-peter", State: socialcrm.ConsentWithdrawn, Source: "email", At: time.Now()},
		{LeadID: "l-peter", State: socialcrm.ConsentGranted, Suppressed: true, At: time.Now()},
	} {
		must(t, st.SetLeadConsent(ctx, k))
		here.Changed(ctx, k)
		check("opted out, here", here, false)
		there := crm.NewConsents(st, 0)
		must(t, there.Load(ctx))
		check("opted out, loaded", there, false)
	}
	in := &socialcrm.Consent{LeadID: "l-peter", State: socialcrm.ConsentGranted, At: time.Now()}
	must(t, st.SetLeadConsent(ctx, in))
	here.Changed(ctx, in)
	check("opted in again", here, true)
}
