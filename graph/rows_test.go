package graph_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/graph"
	"github.com/socialcrm/socialcrm/store/memory"
)

// counting is a real store that counts the rows each graph save writes.
type counting struct {
	*memory.Store
	saves []socialcrm.GraphChanges
}

func (c *counting) SaveGraph(ctx context.Context, ch socialcrm.GraphChanges) error {
	c.saves = append(c.saves, ch)
	return c.Store.SaveGraph(ctx, ch)
}

// A save writes only the nodes and pairs changed since the previous one;
// an erasure removes the person's rows; a restore from the rows equals the
// graph saved.
func TestGraph_IncrementalSave(t *testing.T) {
	ctx := context.Background()
	st := &counting{Store: memory.New()}
	g := mustNew(t, graph.DefaultConfig())
	ins := realistic(50_000, 20_000, 5)
	for i := range ins {
		ins[i].MentionID = "m" + strconv.Itoa(i)
	}
	if err := g.Add(ins...); err != nil {
		t.Fatal(err)
	}
	if err := g.Save(ctx, st); err != nil {
		t.Fatal(err)
	}
	full := g.Stats()
	if s := st.saves[0]; len(s.NewNodes) != full.Nodes || len(s.NewPairs) != full.Pairs || len(s.Nodes)+len(s.Pairs) != 0 {
		t.Fatalf("first save wrote %d+%d nodes, %d+%d pairs; want all %d, %d as new rows",
			len(s.Nodes), len(s.NewNodes), len(s.Pairs), len(s.NewPairs), full.Nodes, full.Pairs)
	}
	more := []socialcrm.Interaction{ia(ins[0].From, ins[0].To, socialcrm.KindReply, t0), ia("new-a", "new-b", socialcrm.KindLike, t0)}
	if err := g.Add(more...); err != nil {
		t.Fatal(err)
	}
	if err := g.Save(ctx, st); err != nil {
		t.Fatal(err)
	}
	s := st.saves[1]
	t.Logf("graph of %d nodes, %d pairs: first save %d rows, after 2 interactions %d node and %d pair rows",
		full.Nodes, full.Pairs, full.Nodes+full.Pairs, len(s.Nodes)+len(s.NewNodes), len(s.Pairs)+len(s.NewPairs))
	if len(s.Pairs) != 1 || len(s.NewPairs) != 1 || len(s.Nodes) != 0 || len(s.NewNodes) != 2 {
		t.Errorf("second save wrote %d+%d nodes and %d+%d pairs, want the 2 new nodes, the new pair and the changed one",
			len(s.Nodes), len(s.NewNodes), len(s.Pairs), len(s.NewPairs))
	}
	if _, _, err := g.Forget(ctx, ins[5].From); err != nil {
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
	want, _ := g.Influencers(ctx, "", 10)
	got, _ := h.Influencers(ctx, "", 10)
	if diff := cmp.Diff(want, got); diff != "" || len(want) == 0 {
		t.Errorf("restored influencers (-want +got):\n%s", diff)
	}
	if ties, _ := h.Ties(ctx, []string{ins[5].From}, 0); len(ties) != 0 {
		t.Errorf("erased node has %d ties after restore", len(ties))
	}
}
