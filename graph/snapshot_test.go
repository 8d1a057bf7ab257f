package graph_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/graph"
	"github.com/socialcrm/socialcrm/store/memory"
)

func TestGraph_SaveLoad(t *testing.T) {
	ctx := context.Background()
	st := memory.New()
	g := mustNew(t, graph.DefaultConfig())
	if err := g.Load(ctx, st); err != nil {
		t.Fatalf("load without snapshot: %v", err)
	}
	ins := realistic(20_000, 10_000, 8)
	for i := range ins {
		ins[i].Brand = []string{"acme", "globex"}[i%2]
	}
	if err := g.Add(ins...); err != nil {
		t.Fatal(err)
	}
	if err := g.Save(ctx, st); err != nil {
		t.Fatal(err)
	}
	h := mustNew(t, graph.DefaultConfig())
	if err := h.Load(ctx, st); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(g.Stats(), h.Stats()); diff != "" {
		t.Fatalf("restored stats (-want +got):\n%s", diff)
	}
	keys := []string{ins[0].From, ins[1].From, ins[2].To}
	want, _ := g.Ties(ctx, keys, 0)
	got, _ := h.Ties(ctx, keys, 0)
	if len(want) == 0 {
		t.Fatal("no ties to compare")
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("restored ties (-want +got):\n%s", diff)
	}
	wi, _ := g.Influencers(ctx, "acme", 5)
	gi, _ := h.Influencers(ctx, "acme", 5)
	if diff := cmp.Diff(wi, gi); diff != "" || len(wi) == 0 {
		t.Errorf("restored brand influencers (-want +got):\n%s", diff)
	}
	// The restored graph keeps growing.
	if err := h.Add(ia(ins[0].From, "newcomer", socialcrm.KindReply, t0)); err != nil {
		t.Fatal(err)
	}
	if h.Stats().Nodes != g.Stats().Nodes+1 {
		t.Errorf("nodes after add %d, want %d", h.Stats().Nodes, g.Stats().Nodes+1)
	}
}

func TestGraph_DecodeCorrupt(t *testing.T) {
	g := mustNew(t, graph.DefaultConfig())
	if err := g.Decode([]byte("not a snapshot")); err == nil {
		t.Fatal("decoded garbage")
	}
	if err := g.Add(ia("a", "b", socialcrm.KindLike, t0)); err != nil {
		t.Fatal(err)
	}
	if g.Stats().Pairs != 1 {
		t.Error("a failed decode must leave the graph usable")
	}
}
