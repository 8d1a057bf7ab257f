package graph

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	gnum "gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/community"
	"gonum.org/v1/gonum/graph/simple"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/graph/graphgen"
)

// analysed returns the analysis of a realistic population.
func analysed(tb testing.TB, interactions, authors int) *Analysis {
	tb.Helper()
	g, err := New(DefaultConfig(), nil, nil)
	if err != nil {
		tb.Fatal(err)
	}
	var ins []socialcrm.Interaction
	graphgen.Realistic(graphgen.Options{Interactions: interactions, Authors: authors, Seed: 9},
		func(in socialcrm.Interaction) { ins = append(ins, in) })
	if err := g.Add(ins...); err != nil {
		tb.Fatal(err)
	}
	return g.Analyze()
}

// gonumGraph is the analysis' intensity-weighted graph for gonum.
func gonumGraph(a *Analysis) *simple.WeightedUndirectedGraph {
	wg := simple.NewWeightedUndirectedGraph(0, 0)
	for u := range a.names {
		wg.AddNode(simple.Node(u))
	}
	for i, p := range a.pairs {
		wg.SetWeightedEdge(wg.NewWeightedEdge(simple.Node(p.a), simple.Node(p.b), max(a.Intensity[i], 1e-9)))
	}
	return wg
}

func TestLouvain_AgreesWithGonum(t *testing.T) {
	a := analysed(t, 30_000, 20_000)
	wg := gonumGraph(a)
	parts := make([][]gnum.Node, a.NumComm)
	for u, c := range a.Community {
		parts[c] = append(parts[c], simple.Node(u))
	}
	if q := community.Q(wg, parts, 1); math.Abs(q-a.Modularity) > 1e-6 {
		t.Fatalf("our modularity %.6f, gonum's Q of our partition %.6f", a.Modularity, q)
	}
	start := time.Now()
	red := community.Modularize(wg, 1, rand.NewPCG(1, 2))
	gq := community.Q(wg, red.Communities(), 1)
	t.Logf("modularity: ours %.4f, gonum Modularize %.4f in %v", a.Modularity, gq, time.Since(start))
	if a.Modularity < gq-0.02 {
		t.Errorf("our modularity %.4f is well below gonum's %.4f", a.Modularity, gq)
	}
}

// BenchmarkCommunities compares our CSR Louvain with gonum's Modularize
// on the same intensity-weighted graph.
func BenchmarkCommunities(b *testing.B) {
	a := analysed(b, 150_000, 110_000)
	b.Run("ours", func(b *testing.B) {
		for b.Loop() {
			a.communities()
		}
		b.ReportMetric(a.Modularity, "Q")
	})
	b.Run("gonum", func(b *testing.B) {
		wg := gonumGraph(a)
		var q float64
		for b.Loop() {
			red := community.Modularize(wg, 1, rand.NewPCG(1, 2))
			q = community.Q(wg, red.Communities(), 1)
		}
		b.ReportMetric(q, "Q")
	})
}
