package graph_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/graph"
	"github.com/socialcrm/socialcrm/store/memory"
)

// tiedTo lists the other ends of key's ties.
func tiedTo(t *testing.T, g *graph.Graph, key string) []string {
	t.Helper()
	ties, err := g.Ties(context.Background(), []string{key}, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, tie := range ties {
		out = append(out, tie.To)
	}
	slices.Sort(out)
	return out
}

func TestGraph_Forget(t *testing.T) {
	ctx := context.Background()
	conf := graph.DefaultConfig()
	conf.AnalyzeEvery = time.Hour // a stale analysis must not survive Forget
	g, err := graph.New(conf, nil, prometheus.NewRegistry())
	if err != nil {
		t.Fatal(err)
	}
	const alice, bob, carol, dan = "mastodon:alice", "mastodon:bob", "mastodon:carol", "mastodon:dan"
	var ins []socialcrm.Interaction
	for i := range 3 {
		at := t0.Add(time.Duration(i) * time.Hour)
		ins = append(ins, ia(alice, bob, socialcrm.KindReply, at), ia(bob, alice, socialcrm.KindReply, at.Add(time.Minute)),
			ia(carol, alice, socialcrm.KindLike, at), ia(bob, carol, socialcrm.KindShare, at), ia(dan, carol, socialcrm.KindReply, at))
	}
	if err := g.Add(ins...); err != nil {
		t.Fatal(err)
	}
	if got := tiedTo(t, g, bob); !slices.Equal(got, []string{alice, carol}) {
		t.Fatalf("bob's ties before = %v", got)
	}
	before := g.Stats()

	nodes, ties, err := g.Forget(ctx, alice, "reddit:nobody")
	if err != nil || nodes != 1 || ties != 2 {
		t.Fatalf("Forget = %d nodes, %d ties, %v; want 1 node, 2 ties", nodes, ties, err)
	}
	st := g.Stats()
	if st.Nodes != 3 || st.Pairs != 2 || st.Interactions != before.Interactions-9 {
		t.Errorf("stats after Forget = %+v, want 3 nodes, 2 pairs, %d interactions", st, before.Interactions-9)
	}
	if got := tiedTo(t, g, alice); len(got) != 0 {
		t.Errorf("alice still has ties to %v", got)
	}
	if got := tiedTo(t, g, bob); !slices.Equal(got, []string{carol}) {
		t.Errorf("bob's ties after = %v, want only carol", got)
	}
	if got := tiedTo(t, g, carol); !slices.Equal(got, []string{bob, dan}) {
		t.Errorf("carol's ties after = %v, want bob and dan", got)
	}
	if _, err := g.Ego(ctx, alice, 10); !errors.Is(err, socialcrm.ErrNotFound) {
		t.Errorf("Ego(alice) error = %v, want ErrNotFound", err)
	}
	if ego, err := g.Ego(ctx, carol, 10); err != nil || len(ego.Nodes) != 3 {
		t.Errorf("Ego(carol) = %+v, %v; want carol, bob and dan", ego, err)
	}
	infl, err := g.Influencers(ctx, "", 10)
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range infl {
		if in.Key == alice {
			t.Errorf("alice is still an influencer: %+v", in)
		}
	}

	// She stays out when someone names her again.
	if err := g.Add(ia(bob, alice, socialcrm.KindReply, t0.Add(5*time.Hour)), ia("reddit:nobody", bob, socialcrm.KindReply, t0)); err != nil {
		t.Fatal(err)
	}
	if st := g.Stats(); st.Nodes != 3 || st.Pairs != 2 {
		t.Errorf("stats after naming forgotten keys = %+v, want 3 nodes, 2 pairs", st)
	}

	// The next snapshot holds neither her nor her ties, and keeps her out.
	store := memory.New()
	if err := g.Save(ctx, store); err != nil {
		t.Fatal(err)
	}
	g2 := mustNew(t, graph.DefaultConfig())
	if err := g2.Load(ctx, store); err != nil {
		t.Fatal(err)
	}
	if st2 := g2.Stats(); st2.Nodes != 3 || st2.Pairs != 2 {
		t.Errorf("restored stats = %+v, want 3 nodes, 2 pairs", st2)
	}
	if err := g2.Add(ia(alice, dan, socialcrm.KindReply, t0)); err != nil {
		t.Fatal(err)
	}
	if got := tiedTo(t, g2, dan); !slices.Equal(got, []string{carol}) {
		t.Errorf("restored graph tied dan to %v, want only carol", got)
	}
}

func TestGraph_ForgetSnapshotRun(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	store := memory.New()
	g := mustNew(t, graph.DefaultConfig())
	if err := g.Add(ia("x:alice", "x:bob", socialcrm.KindReply, t0), ia("x:carol", "x:bob", socialcrm.KindReply, t0)); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- g.RunSnapshots(ctx, store, 10*time.Millisecond) }()
	if _, _, err := g.Forget(ctx, "x:alice"); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		g2 := mustNew(t, graph.DefaultConfig())
		if err := g2.Load(ctx, store); err != nil {
			t.Fatal(err)
		}
		if st := g2.Stats(); st.Nodes == 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no snapshot without x:alice within 5s")
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
