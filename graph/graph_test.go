package graph_test

import (
	"context"
	"errors"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/graph"
	"github.com/socialcrm/socialcrm/graph/graphgen"
)

var t0 = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)

func mustNew(tb testing.TB, conf graph.Config) *graph.Graph {
	tb.Helper()
	conf.AnalyzeEvery = 0
	g, err := graph.New(conf, nil, prometheus.NewRegistry())
	if err != nil {
		tb.Fatal(err)
	}
	return g
}

func ia(from, to string, kind socialcrm.InteractionKind, at time.Time) socialcrm.Interaction {
	return socialcrm.Interaction{V: 1, From: from, To: to, Kind: kind, At: at, Source: "mastodon"}
}

func realistic(interactions, authors int, seed uint64) []socialcrm.Interaction {
	var ins []socialcrm.Interaction
	graphgen.Realistic(graphgen.Options{Interactions: interactions, Authors: authors, Seed: seed},
		func(in socialcrm.Interaction) { ins = append(ins, in) })
	return ins
}

func TestGraph_Add(t *testing.T) {
	g := mustNew(t, graph.DefaultConfig())
	err := g.Add(
		ia("a", "b", socialcrm.KindReply, t0),
		ia("a", "a", socialcrm.KindReply, t0),
		ia("", "b", socialcrm.KindLike, t0),
		ia("a", "c", "wave", t0),
		ia("b", "c", socialcrm.KindLike, time.Time{}),
		ia("b", "a", socialcrm.KindLike, t0),
	)
	if !errors.Is(err, socialcrm.ErrInvalid) {
		t.Fatalf("err = %v, want ErrInvalid", err)
	}
	s := g.Stats()
	if s.Interactions != 2 || s.Pairs != 1 || s.Nodes != 2 {
		t.Fatalf("stats = %+v, want the 2 valid interactions on 1 pair of 2 nodes", s)
	}
}

func TestGraph_AddDuplicates(t *testing.T) {
	g := mustNew(t, graph.DefaultConfig())
	in := ia("a", "b", socialcrm.KindReply, t0)
	in.MentionID = "mastodon:1"
	other := in
	other.To = "c" // the same mention mentions someone else too
	for range 3 {
		if err := g.Add(in, other); err != nil {
			t.Fatal(err)
		}
	}
	noID := ia("a", "b", socialcrm.KindReply, t0)
	if err := g.Add(noID, noID); err != nil {
		t.Fatal(err)
	}
	if s := g.Stats(); s.Interactions != 4 || s.Duplicates != 4 {
		t.Errorf("stats = %+v, want 4 interactions (2 with mention ids, 2 without) and 4 duplicates", s)
	}
	data, err := g.Encode()
	if err != nil {
		t.Fatal(err)
	}
	h := mustNew(t, graph.DefaultConfig())
	if err := h.Decode(data); err != nil {
		t.Fatal(err)
	}
	if err := h.Add(in); err != nil {
		t.Fatal(err)
	}
	if s := h.Stats(); s.Interactions != 4 || s.Duplicates != 5 {
		t.Errorf("after restore and redelivery: %+v, want the redelivery recognised", s)
	}
}

func TestGraph_Ties(t *testing.T) {
	g := mustNew(t, graph.DefaultConfig())
	var ins []socialcrm.Interaction
	// a and b talk often and both ways; a liked c once long ago; z
	// introduced a to b: a–z and z–b ties predate the first a–b reply.
	for i := range 6 {
		at := t0.Add(time.Duration(i) * 24 * time.Hour)
		ins = append(ins, ia("a", "b", socialcrm.KindReply, at), ia("b", "a", socialcrm.KindMention, at.Add(time.Hour)))
	}
	ins = append(ins,
		ia("a", "z", socialcrm.KindReply, t0.Add(-48*time.Hour)),
		ia("z", "b", socialcrm.KindShare, t0.Add(-24*time.Hour)),
		ia("a", "c", socialcrm.KindLike, t0.Add(-200*24*time.Hour)),
		ia("d", "e", socialcrm.KindLike, t0), ia("e", "f", socialcrm.KindLike, t0), ia("f", "d", socialcrm.KindFollow, t0),
	)
	if err := g.Add(ins...); err != nil {
		t.Fatal(err)
	}
	ties, err := g.Ties(context.Background(), []string{"a", "nobody"}, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(ties) != 3 {
		t.Fatalf("got %d ties of a, want 3: %+v", len(ties), ties)
	}
	ab := ties[0]
	if ab.To != "b" || ab.Class != socialcrm.TieStrong || !ab.Reciprocal || ab.Sent != 6 || ab.Received != 6 {
		t.Fatalf("strongest tie = %+v, want a strong reciprocal tie to b with 6 each way", ab)
	}
	if ab.IntroducedBy != "z" {
		t.Errorf("a–b introduced by %q, want z", ab.IntroducedBy)
	}
	if !slices.Equal(ab.Kinds, []socialcrm.InteractionKind{socialcrm.KindReply, socialcrm.KindMention}) {
		t.Errorf("kinds = %v", ab.Kinds)
	}
	if len(ab.Reasons) < 5 || ab.Factors.Reciprocity != 1 {
		t.Errorf("explanation = %v %+v", ab.Reasons, ab.Factors)
	}
	ac := ties[2]
	if ac.To != "c" || ac.Class != socialcrm.TieWeak || ac.Reciprocal || ac.Factors.Recency > 0.05 {
		t.Errorf("weakest tie = %+v, want an old one-way weak tie to c", ac)
	}
	if ab.Overlap <= 0 || ac.Overlap != 0 {
		t.Errorf("overlap a–b %v (shares z) a–c %v (shares none)", ab.Overlap, ac.Overlap)
	}
}

func TestGraph_Decay(t *testing.T) {
	conf := graph.DefaultConfig()
	conf.Now = func() time.Time { return t0.Add(60 * 24 * time.Hour) }
	g := mustNew(t, conf)
	if err := g.Add(ia("a", "old", socialcrm.KindReply, t0), ia("a", "new", socialcrm.KindReply, t0.Add(59*24*time.Hour))); err != nil {
		t.Fatal(err)
	}
	ties, _ := g.Ties(context.Background(), []string{"a"}, 0)
	if len(ties) != 2 || ties[0].To != "new" {
		t.Fatalf("ties = %+v, want the recent one first", ties)
	}
	// 60 days at a 30-day half-life is a quarter of the weight.
	if v := ties[1].Factors.Volume; math.Abs(v-1) > 1e-9 {
		t.Errorf("decayed volume of a 4-weight reply after 2 half-lives = %v, want 1", v)
	}
}

func TestGraph_StrongPairs(t *testing.T) {
	// A realistic population plus close pairs that interact often and
	// both ways: every close pair must come out strong.
	ins := realistic(60_000, 40_000, 3)
	type pr struct{ a, b string }
	var close []pr
	for i := range 40 {
		p := pr{graphgen.Name(1000 + 2*i), graphgen.Name(1001 + 2*i)}
		close = append(close, p)
		for j := range 8 + i%5 {
			at := t0.Add(-time.Duration(j*3+i%7) * 24 * time.Hour)
			ins = append(ins, ia(p.a, p.b, socialcrm.KindReply, at), ia(p.b, p.a, socialcrm.KindReply, at.Add(time.Hour)))
		}
	}
	g := mustNew(t, graph.DefaultConfig())
	if err := g.Add(ins...); err != nil {
		t.Fatal(err)
	}
	a := g.Current()
	if a.Strong == 0 || a.Strong > a.Pairs()/4 {
		t.Fatalf("%d strong of %d pairs, want a minority", a.Strong, a.Pairs())
	}
	for _, p := range close {
		ties, err := g.Ties(context.Background(), []string{p.a}, 0)
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(ties, func(t socialcrm.Tie) bool { return t.To == p.b })
		if i < 0 || ties[i].Class != socialcrm.TieStrong {
			t.Errorf("close pair %v: tie %+v, want strong", p, ties[max(i, 0)])
		}
	}
}

func TestGraph_OverlapRisesWithStrength(t *testing.T) {
	// The Granovetter/Onnela property on a realistic population: the
	// mean neighbourhood overlap grows with the strength of the tie. The
	// ranking uses the intensity (strength without its overlap term) so
	// that the check is not circular.
	g := mustNew(t, graph.DefaultConfig())
	if err := g.Add(realistic(200_000, 120_000, 5)...); err != nil {
		t.Fatal(err)
	}
	a := g.Current()
	idx := make([]int, a.Pairs())
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(x, y int) int { return cmpF(a.Intensity[x], a.Intensity[y]) })
	const bins = 5
	var means [bins]float64
	for b := range bins {
		part := idx[b*len(idx)/bins : (b+1)*len(idx)/bins]
		for _, i := range part {
			means[b] += a.Overlap[i]
		}
		means[b] /= float64(len(part))
	}
	t.Logf("mean overlap by intensity quintile: %.4f", means)
	for b := 1; b < bins; b++ {
		if means[b] < means[b-1] {
			t.Errorf("mean overlap falls from quintile %d (%.4f) to %d (%.4f)", b-1, means[b-1], b, means[b])
		}
	}
	if means[bins-1] < 2*means[0] {
		t.Errorf("strongest quintile overlap %.4f is not well above the weakest %.4f", means[bins-1], means[0])
	}
	s := a.Summarize(5)
	if s.MeanOverlapStrong <= s.MeanOverlapWeak {
		t.Errorf("mean overlap strong %.4f <= weak %.4f", s.MeanOverlapStrong, s.MeanOverlapWeak)
	}
}

func cmpF(x, y float64) int {
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

func TestGraph_PlantedPartition(t *testing.T) {
	for _, tc := range []struct {
		name         string
		groups, size int
		pIn, pOut    float64
	}{
		{"Clear", 10, 60, 0.25, 0.005},
		{"Noisy", 8, 100, 0.10, 0.008},
		{"ManySmall", 40, 25, 0.4, 0.004},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ins, labels := graphgen.Planted(tc.groups, tc.size, tc.pIn, tc.pOut, 11)
			g := mustNew(t, graph.DefaultConfig())
			if err := g.Add(ins...); err != nil {
				t.Fatal(err)
			}
			a := g.Current()
			var truth, found []int
			for u := range tc.groups * tc.size {
				name := graphgen.Name(u)
				c, ok := a.CommunityOf(name)
				if !ok {
					continue
				}
				truth, found = append(truth, labels[name]), append(found, c)
			}
			score := nmi(truth, found)
			t.Logf("%d communities, modularity %.3f, NMI %.3f", a.NumComm, a.Modularity, score)
			if score < 0.9 {
				t.Errorf("NMI = %.3f, want >= 0.9", score)
			}
		})
	}
}

// nmi is the normalised mutual information 2·I(X;Y)/(H(X)+H(Y)).
func nmi(x, y []int) float64 {
	n := float64(len(x))
	joint := map[[2]int]float64{}
	px, py := map[int]float64{}, map[int]float64{}
	for i := range x {
		joint[[2]int{x[i], y[i]}]++
		px[x[i]]++
		py[y[i]]++
	}
	h := func(p map[int]float64) float64 {
		s := 0.0
		for _, c := range p {
			s -= c / n * math.Log(c/n)
		}
		return s
	}
	mi := 0.0
	for k, c := range joint {
		mi += c / n * math.Log(c*n/(px[k[0]]*py[k[1]]))
	}
	if hx, hy := h(px), h(py); hx+hy > 0 {
		return 2 * mi / (hx + hy)
	}
	return 1
}
