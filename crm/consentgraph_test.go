package crm_test

import (
	"context"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/crm"
	"github.com/socialcrm/socialcrm/graph"
	"github.com/socialcrm/socialcrm/store/memory"
)

// TestConsents_Graph: a contact who withdrew is left out of the
// influencers, ranked anew, and the graph keeps no interaction of theirs.
func TestConsents_Graph(t *testing.T) {
	ctx := context.Background()
	st := memory.New()
	t.Cleanup(func() { st.Close() })
	must(t, st.SaveContacts(ctx, &socialcrm.Contact{ID: "c-ann", Name: "Ann", Identities: []socialcrm.Identity{{Network: "mastodon", Handle: "ann"}}}))
	g, err := graph.New(graph.DefaultConfig(), nil, prometheus.NewRegistry())
	must(t, err)
	t.Cleanup(func() { g.Close() })
	t0 := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	var ins []socialcrm.Interaction
	for i, from := range []string{"mastodon:bob", "mastodon:cy", "mastodon:dee", "mastodon:bob"} {
		ins = append(ins, socialcrm.Interaction{V: 1, From: from, To: "mastodon:ann", Kind: socialcrm.KindReply, At: t0.Add(time.Duration(i) * time.Minute)})
	}
	ins = append(ins, socialcrm.Interaction{V: 1, From: "mastodon:cy", To: "mastodon:bob", Kind: socialcrm.KindReply, At: t0})
	must(t, g.Add(ins...))
	c := crm.NewConsents(st, 0)
	must(t, c.Load(ctx))
	cg := c.Graph(g)
	top, err := cg.Influencers(ctx, "", 2)
	must(t, err)
	if len(top) != 2 || top[0].Key != "mastodon:ann" {
		t.Fatalf("influencers before the withdrawal = %+v, want ann first", top)
	}

	k := &socialcrm.Consent{ContactID: "c-ann", State: socialcrm.ConsentWithdrawn, At: t0}
	must(t, st.SetConsent(ctx, k))
	c.Changed(ctx, k)
	top, err = cg.Influencers(ctx, "", 2)
	must(t, err)
	if len(top) != 2 || top[0].Rank != 1 || top[1].Rank != 2 {
		t.Fatalf("influencers after = %+v, want two ranked 1 and 2", top)
	}
	for _, in := range top {
		if in.Key == "mastodon:ann" {
			t.Errorf("ann is still an influencer: %+v", top)
		}
	}
	if c.KeepInteraction(ctx, ins[0]) || c.KeepInteraction(ctx, socialcrm.Interaction{From: "mastodon:ann", To: "mastodon:bob"}) {
		t.Error("an interaction with ann is kept")
	}
	if !c.KeepInteraction(ctx, ins[4]) {
		t.Error("cy's interaction with bob is refused")
	}
}
