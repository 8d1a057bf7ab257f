package graph_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/socialcrm/socialcrm/graph"
	"github.com/socialcrm/socialcrm/store/postgres/pgtest"
)

func TestGraph_SaveLoadPostgres(t *testing.T) {
	// The demo's restart: the graph is snapshotted to Postgres and a new
	// process restores it from there.
	st := pgtest.MustOpenTestDB(t, pgtest.DSN(t))
	ctx := context.Background()
	g := mustNew(t, graph.DefaultConfig())
	ins := realistic(100_000, 70_000, 12)
	for i := range ins {
		ins[i].MentionID = "m" + strconv.Itoa(i)
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
	want, _ := g.Ties(ctx, []string{ins[0].From, ins[7].To}, 0)
	got, _ := h.Ties(ctx, []string{ins[0].From, ins[7].To}, 0)
	if diff := cmp.Diff(want, got); diff != "" || len(want) == 0 {
		t.Errorf("restored ties (-want +got):\n%s", diff)
	}
	if err := h.Add(ins[:100]...); err != nil {
		t.Fatal(err)
	}
	if s := h.Stats(); s.Interactions != g.Stats().Interactions {
		t.Errorf("redelivered interactions were counted again: %d, want %d", s.Interactions, g.Stats().Interactions)
	}
}
