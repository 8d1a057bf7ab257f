package graph_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/graph"
	"github.com/socialcrm/socialcrm/graph/graphgen"
)

// star: many fans reply to and share hub; the fans of one brand also
// talk among themselves in pairs.
func star(t *testing.T) *graph.Graph {
	conf := graph.DefaultConfig()
	conf.BrandAccounts = map[string]string{"acme": "acme"}
	g := mustNew(t, conf)
	var ins []socialcrm.Interaction
	for i := range 30 {
		fan := graphgen.Name(i)
		in := ia(fan, "hub", socialcrm.KindShare, t0.Add(time.Duration(i)*time.Minute))
		in.Brand = "globex"
		if i%2 == 0 {
			in.Brand = "acme"
			ins = append(ins, ia(fan, "acme", socialcrm.KindMention, t0))
		}
		ins = append(ins, in)
		if i%3 == 0 {
			ins = append(ins, ia(fan, graphgen.Name(i+1), socialcrm.KindReply, t0))
		}
	}
	if err := g.Add(ins...); err != nil {
		t.Fatal(err)
	}
	return g
}

func TestGraph_Influencers(t *testing.T) {
	g := star(t)
	ctx := context.Background()
	top, err := g.Influencers(ctx, "", 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(top) != 3 || top[0].Key != "hub" || top[0].Rank != 1 || top[0].Degree != 30 {
		t.Fatalf("top = %+v, want hub first with degree 30", top)
	}
	acme, _ := g.Influencers(ctx, "acme", 0)
	if len(acme) != 16 { // hub and the 15 acme fans
		t.Errorf("%d acme influencers, want 16", len(acme))
	}
	if none, _ := g.Influencers(ctx, "initech", 5); len(none) != 0 {
		t.Errorf("unknown brand gave %v", none)
	}
	ties, _ := g.Ties(ctx, []string{graphgen.Name(0)}, 0)
	roles := map[string]string{}
	for _, t := range ties {
		roles[t.To] = t.Role
	}
	if roles["acme"] != "brand" || roles["hub"] != "influencer" {
		t.Errorf("roles = %v, want acme brand and hub influencer", roles)
	}
}

func TestGraph_Ego(t *testing.T) {
	g := star(t)
	ego, err := g.Ego(context.Background(), graphgen.Name(0), 10)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, n := range ego.Nodes {
		ids[n.ID] = true
	}
	if ego.Center != "u0" || !ego.Nodes[0].Center || len(ego.Nodes) != 4 || !ids["hub"] || !ids["acme"] || !ids["u1"] {
		t.Fatalf("ego nodes = %+v, want u0 with hub, acme and u1", ego.Nodes)
	}
	// 3 ties of u0 and u1–hub, u1 being u0's alter; acme–hub are not tied.
	if len(ego.Edges) != 4 {
		t.Errorf("ego edges = %+v, want 4", ego.Edges)
	}
}

func TestGraph_Communities(t *testing.T) {
	ins, _ := graphgen.Planted(4, 30, 0.3, 0.01, 2)
	g := mustNew(t, graph.DefaultConfig())
	if err := g.Add(ins...); err != nil {
		t.Fatal(err)
	}
	r, err := g.Communities(context.Background(), 2)
	if err != nil {
		t.Fatal(err)
	}
	if r.Count != 4 || len(r.Communities) != 2 || r.Modularity < 0.4 {
		t.Fatalf("report = %+v, want 4 communities, 2 listed", r)
	}
	for _, c := range r.Communities {
		if c.Size < 25 || len(c.Top) != 5 {
			t.Errorf("community %+v", c)
		}
	}
	brokers := 0
	for _, c := range r.Communities {
		brokers += len(c.Brokers)
	}
	if brokers == 0 {
		t.Error("no brokers, yet cross-group weak ties exist")
	}
}

func TestGraph_Concurrent(t *testing.T) {
	// Run with -race: the consumer adds while HTTP handlers read.
	g := mustNew(t, graph.DefaultConfig())
	ins := realistic(20_000, 5_000, 4)
	ctx := context.Background()
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := 0; i < len(ins); i += 500 {
			if err := g.Add(ins[i:min(i+500, len(ins))]...); err != nil {
				t.Error(err)
			}
		}
	})
	wg.Go(func() {
		for range 20 {
			if _, err := g.Ties(ctx, []string{ins[0].From}, 5); err != nil {
				t.Error(err)
			}
			if _, err := g.Communities(ctx, 3); err != nil {
				t.Error(err)
			}
			if _, err := g.Encode(); err != nil {
				t.Error(err)
			}
		}
	})
	wg.Wait()
	if g.Stats().Interactions != int64(len(ins)) {
		t.Errorf("interactions = %d, want %d", g.Stats().Interactions, len(ins))
	}
}

func TestGraph_EgoErrNotFound(t *testing.T) {
	g := star(t)
	if _, err := g.Ego(context.Background(), "nobody", 5); !errors.Is(err, socialcrm.ErrNotFound) {
		t.Errorf("ego of unknown node: %v, want ErrNotFound", err)
	}
}

func TestGraph_Empty(t *testing.T) {
	g := mustNew(t, graph.DefaultConfig())
	ctx := context.Background()
	r, err := g.Communities(ctx, 10)
	if err != nil || r.Count != 0 || len(r.Communities) != 0 {
		t.Errorf("communities of nothing = %+v, %v", r, err)
	}
	if inf, err := g.Influencers(ctx, "", 10); err != nil || len(inf) != 0 {
		t.Errorf("influencers of nothing = %+v, %v", inf, err)
	}
	if ties, err := g.Ties(ctx, []string{"a"}, 10); err != nil || len(ties) != 0 {
		t.Errorf("ties of nothing = %+v, %v", ties, err)
	}
	if s := g.Current().Summarize(5); s.Nodes != 0 || s.Pairs != 0 {
		t.Errorf("summary of nothing = %+v", s)
	}
}

func TestGraph_BackgroundAnalysis(t *testing.T) {
	conf := graph.DefaultConfig()
	conf.AnalyzeEvery = time.Millisecond
	g, err := graph.New(conf, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	if err := g.Add(ia("a", "b", socialcrm.KindReply, t0)); err != nil {
		t.Fatal(err)
	}
	first := g.Current()
	if first.Pairs() != 1 {
		t.Fatalf("first analysis has %d pairs, want 1", first.Pairs())
	}
	if err := g.Add(ia("a", "c", socialcrm.KindReply, t0)); err != nil {
		t.Fatal(err)
	}
	time.Sleep(2 * time.Millisecond)
	if a := g.Current(); a != first {
		t.Fatal("a stale analysis must be served while the new one is computed")
	}
	deadline := time.Now().Add(5 * time.Second)
	for g.Current().Pairs() != 2 {
		if time.Now().After(deadline) {
			t.Fatal("the background analysis never arrived")
		}
		time.Sleep(time.Millisecond)
	}
}
