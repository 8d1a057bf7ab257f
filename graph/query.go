package graph

import (
	"context"
	"fmt"
	"math/bits"
	"slices"
	"time"

	"github.com/socialcrm/socialcrm"
)

var _ socialcrm.GraphService = (*Graph)(nil)

// Current returns the latest analysis. When the graph has changed and the
// analysis is older than Config.AnalyzeEvery, it starts a new one in the
// background and returns the old one meanwhile, so that queries do not
// wait for a large graph; with AnalyzeEvery 0, or before the first
// analysis, it computes one at once.
func (g *Graph) Current() *Analysis {
	g.amu.Lock()
	defer g.amu.Unlock()
	g.mu.RLock()
	v := g.version
	g.mu.RUnlock()
	a := g.analysis
	switch {
	case a != nil && a.version == v:
	case a != nil && g.conf.AnalyzeEvery > 0:
		if !g.refreshing && time.Since(g.analyzedAt) >= g.conf.AnalyzeEvery {
			g.refreshing = true
			gen := g.gen
			g.bg.Go(func() {
				na := g.Analyze()
				g.amu.Lock()
				defer g.amu.Unlock()
				if g.gen == gen { // no snapshot replaced the graph meanwhile
					g.analysis, g.analyzedAt = na, time.Now()
				}
				g.refreshing = false
			})
		}
	default:
		a = g.Analyze()
		g.analysis, g.analyzedAt = a, time.Now()
	}
	return a
}

// Close waits for a background analysis to finish.
func (g *Graph) Close() error {
	g.bg.Wait()
	return nil
}

// Ties implements socialcrm.GraphService.
func (g *Graph) Ties(ctx context.Context, keys []string, limit int) ([]socialcrm.Tie, error) {
	a := g.Current()
	var ties []socialcrm.Tie
	for _, k := range keys {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if u, ok := a.lookup(k); ok {
			ties = append(ties, a.TiesOf(u, limit)...)
		}
	}
	return ties, nil
}

// Communities implements socialcrm.GraphService.
func (g *Graph) Communities(ctx context.Context, limit int) (*socialcrm.CommunityReport, error) {
	return g.Current().Report(limit), ctx.Err()
}

// Influencers implements socialcrm.GraphService.
func (g *Graph) Influencers(ctx context.Context, brand string, limit int) ([]socialcrm.Influencer, error) {
	return g.Current().Influencers(brand, limit), ctx.Err()
}

// Ego implements socialcrm.GraphService.
func (g *Graph) Ego(ctx context.Context, key string, limit int) (*socialcrm.Ego, error) {
	a := g.Current()
	u, ok := a.lookup(key)
	if !ok {
		return nil, fmt.Errorf("graph: node %q: %w", key, socialcrm.ErrNotFound)
	}
	return a.EgoOf(u, limit), ctx.Err()
}

// Nodes is the number of nodes analysed.
func (a *Analysis) Nodes() int { return len(a.names) }

// Pairs is the number of connected pairs analysed.
func (a *Analysis) Pairs() int { return len(a.pairs) }

// byStrength returns u's pair indexes, strongest first, at most limit
// (all when limit <= 0).
func (a *Analysis) byStrength(u int32, limit int) []int32 {
	ps := slices.Clone(a.adj.pid[a.adj.off[u]:a.adj.off[u+1]])
	slices.SortFunc(ps, func(x, y int32) int { return -cmpFloat(a.Strength[x], a.Strength[y]) })
	if limit > 0 && len(ps) > limit {
		ps = ps[:limit]
	}
	return ps
}

// other returns the end of pair i that is not u.
func (a *Analysis) other(u, i int32) int32 {
	if p := &a.pairs[i]; p.a == u {
		return p.b
	}
	return a.pairs[i].a
}

// TiesOf returns node u's ties, strongest first, at most limit.
func (a *Analysis) TiesOf(u int32, limit int) []socialcrm.Tie {
	firsts := make(map[int32]int64, a.adj.degree(u))
	for e := a.adj.off[u]; e < a.adj.off[u+1]; e++ {
		firsts[a.adj.nbr[e]] = a.pairs[a.adj.pid[e]].first
	}
	var ties []socialcrm.Tie
	for _, i := range a.byStrength(u, limit) {
		t := a.tie(u, i)
		if z := a.introducer(u, a.other(u, i), a.pairs[i].first, firsts); z >= 0 {
			t.IntroducedBy = a.names[z]
		}
		ties = append(ties, t)
	}
	return ties
}

// tie describes pair i as seen from u.
func (a *Analysis) tie(u, i int32) socialcrm.Tie {
	p := &a.pairs[i]
	v, d := a.other(u, i), 0
	if p.a != u {
		d = 1
	}
	f := a.conf.factors(p, a.Overlap[i], a.now, a.lambda)
	t := socialcrm.Tie{From: a.names[u], To: a.names[v], Strength: a.Strength[i], Class: socialcrm.TieWeak,
		Interactions: int(p.n[0] + p.n[1]), Sent: int(p.n[d]), Received: int(p.n[1-d]),
		Reciprocal: p.n[0] > 0 && p.n[1] > 0, Overlap: a.Overlap[i],
		Kinds: kindsOf(p.kinds[0] | p.kinds[1]), First: time.Unix(p.first, 0).UTC(), Last: time.Unix(p.last, 0).UTC(),
		Factors: f, SameCommunity: a.Community[u] == a.Community[v]}
	if a.isStrong(i) {
		t.Class = socialcrm.TieStrong
	}
	for c := p.chans; c != 0; c &= c - 1 {
		t.Channels = append(t.Channels, a.channels[bits.TrailingZeros32(c)])
	}
	switch {
	case a.conf.BrandAccounts[t.To] != "":
		t.Role = "brand"
	case int(a.rank[v]) <= a.conf.InfluencerTop:
		t.Role = "influencer"
	}
	t.Direction = socialcrm.TieDirection(t.Sent, t.Received)
	t.Reasons = reasons(&t, a.Threshold, a.conf.HalfLife, a.now)
	return t
}

// introducer returns the common neighbour z of u and v whose ties to both
// predate the first u–v interaction, taking the earliest such path, or -1.
// firsts maps u's neighbours to the time of their first interaction.
func (a *Analysis) introducer(u, v int32, first int64, firsts map[int32]int64) int32 {
	best, bestAt := int32(-1), first
	for e := a.adj.off[v]; e < a.adj.off[v+1]; e++ {
		z := a.adj.nbr[e]
		fuz, ok := firsts[z]
		if !ok || z == u {
			continue
		}
		if at := max(fuz, a.pairs[a.adj.pid[e]].first); at < bestAt {
			best, bestAt = z, at
		}
	}
	return best
}

// EgoOf returns u's ego network with its limit strongest neighbours.
func (a *Analysis) EgoOf(u int32, limit int) *socialcrm.Ego {
	ego := &socialcrm.Ego{Center: a.names[u]}
	node := func(v int32) socialcrm.EgoNode {
		return socialcrm.EgoNode{ID: a.names[v], Center: v == u, Community: int(a.Community[v]), PageRank: a.PageRank[v]}
	}
	edge := func(x, y, i int32) socialcrm.EgoEdge {
		c := socialcrm.TieWeak
		if a.isStrong(i) {
			c = socialcrm.TieStrong
		}
		return socialcrm.EgoEdge{Source: a.names[x], Target: a.names[y], Strength: a.Strength[i], Class: c,
			Interactions: int(a.pairs[i].n[0] + a.pairs[i].n[1])}
	}
	ego.Nodes = append(ego.Nodes, node(u))
	alters := make(map[int32]bool)
	var ids []int32
	for _, i := range a.byStrength(u, limit) {
		v := a.other(u, i)
		alters[v] = true
		ids = append(ids, v)
		ego.Nodes = append(ego.Nodes, node(v))
		ego.Edges = append(ego.Edges, edge(u, v, i))
	}
	for _, v := range ids {
		for e := a.adj.off[v]; e < a.adj.off[v+1]; e++ {
			if w := a.adj.nbr[e]; alters[w] && v < w {
				ego.Edges = append(ego.Edges, edge(v, w, a.adj.pid[e]))
			}
		}
	}
	return ego
}
