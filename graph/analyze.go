package graph

import (
	"math"
	"slices"
	"time"

	"github.com/socialcrm/socialcrm"
)

// Analysis is a consistent picture of the graph at one moment: tie
// strengths and classes, communities, PageRank, reach and brokerage.
// It is immutable once made.
type Analysis struct {
	At        time.Time // reference time of decay
	g         *Graph
	conf      *Config
	lambda    float64
	now       int64
	names     []string
	followers []int32
	brands    []uint64
	brandIdx  map[string]int
	channels  []string
	pairs     []pair
	adj       csr

	Overlap    []float64 // per pair
	Strength   []float64 // per pair
	Intensity  []float64 // per pair
	Threshold  float64   // strengths above it are strong
	Strong     int
	Community  []int32 // per node
	NumComm    int
	Modularity float64
	PageRank   []float64 // per node
	Reach      []int64   // per node
	Brokerage  []int32   // per node
	byRank     []int32   // nodes, highest PageRank first
	rank       []int32   // 1-based PageRank rank per node
	commSize   []int32
	version    uint64
}

// Analyze computes a fresh analysis of the whole graph.
func (g *Graph) Analyze() *Analysis {
	start := time.Now()
	g.mu.RLock()
	n := len(g.names)
	a := &Analysis{g: g, conf: &g.conf, lambda: g.lambda, now: g.now(), version: g.version,
		names:     g.names[:n:n],
		followers: slices.Clone(g.followers),
		brands:    slices.Clone(g.brands),
		brandIdx:  make(map[string]int, len(g.brandIdx)),
		channels:  make([]string, len(g.chanIdx)),
		pairs:     slices.Clone(g.pairs),
	}
	for k, v := range g.brandIdx {
		a.brandIdx[k] = v
	}
	for k, v := range g.chanIdx {
		a.channels[v] = k
	}
	g.mu.RUnlock()
	a.At = time.Unix(a.now, 0).UTC()
	a.compute()
	g.m.analyze.Observe(time.Since(start).Seconds())
	return a
}

func (a *Analysis) compute() {
	n, np := len(a.names), len(a.pairs)
	a.adj = buildCSR(n, a.pairs)
	common := commonNeighbours(n, np, &a.adj)
	a.Overlap = make([]float64, np)
	a.Strength = make([]float64, np)
	a.Intensity = make([]float64, np)
	decay := make([]float64, np)
	for i := range a.pairs {
		p := &a.pairs[i]
		a.Overlap[i] = overlapOf(int(common[i]), a.adj.degree(p.a), a.adj.degree(p.b))
		f := a.conf.factors(p, a.Overlap[i], a.now, a.lambda)
		a.Intensity[i], a.Strength[i], decay[i] = f.Intensity, a.conf.strength(f), f.Recency
	}
	a.classify()
	a.communities()
	a.PageRank = pagerank(n, a.pairs, decay, a.conf.Damping)
	a.byRank = make([]int32, n)
	for i := range a.byRank {
		a.byRank[i] = int32(i)
	}
	slices.SortFunc(a.byRank, func(x, y int32) int {
		if c := -cmpFloat(a.PageRank[x], a.PageRank[y]); c != 0 {
			return c
		}
		return int(x - y)
	})
	a.rank = make([]int32, n)
	for r, u := range a.byRank {
		a.rank[u] = int32(r + 1)
	}
	a.reach()
	a.brokerage()
}

func cmpFloat(x, y float64) int {
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

// classify sets the strong threshold and counts strong ties.
func (a *Analysis) classify() {
	a.Threshold = a.conf.StrongThreshold
	if a.Threshold <= 0 && len(a.Strength) > 0 {
		s := slices.Clone(a.Strength)
		slices.Sort(s)
		a.Threshold = s[int(math.Floor(a.conf.StrongQuantile*float64(len(s)-1)))]
	}
	a.Strong = 0
	for _, s := range a.Strength {
		if s > a.Threshold {
			a.Strong++
		}
	}
}

// isStrong reports the class of pair i.
func (a *Analysis) isStrong(i int32) bool { return a.Strength[i] > a.Threshold }

// communities runs Louvain on the graph weighted by tie intensity.
func (a *Analysis) communities() {
	w := make([]float64, len(a.adj.pid))
	for e, p := range a.adj.pid {
		w[e] = max(a.Intensity[p], 1e-9)
	}
	wg := &wgraph{off: a.adj.off, nbr: a.adj.nbr, w: w, self: make([]float64, len(a.names))}
	a.Community, a.NumComm, a.Modularity = louvain(wg, a.conf.Resolution, a.conf.Seed)
	a.commSize = make([]int32, a.NumComm)
	for _, c := range a.Community {
		a.commSize[c]++
	}
}

// shareOrQuote is the kinds mask of amplifying interactions.
var shareOrQuote = func() uint16 {
	s, _ := kindIndex(socialcrm.KindShare)
	q, _ := kindIndex(socialcrm.KindQuote)
	return 1<<s | 1<<q
}()

// reach is each node's followers plus the followers of those who shared
// or quoted it.
func (a *Analysis) reach() {
	a.Reach = make([]int64, len(a.names))
	for u, f := range a.followers {
		a.Reach[u] = int64(f)
	}
	for i := range a.pairs {
		p := &a.pairs[i]
		if p.kinds[0]&shareOrQuote != 0 { // a amplified b
			a.Reach[p.b] += int64(a.followers[p.a])
		}
		if p.kinds[1]&shareOrQuote != 0 {
			a.Reach[p.a] += int64(a.followers[p.b])
		}
	}
}

// brokerage counts, per node, the distinct other communities its weak
// ties reach.
func (a *Analysis) brokerage() {
	n := len(a.names)
	a.Brokerage = make([]int32, n)
	stamp := make([]int32, a.NumComm)
	for i := range stamp {
		stamp[i] = -1
	}
	for u := range int32(n) {
		cu := a.Community[u]
		for e := a.adj.off[u]; e < a.adj.off[u+1]; e++ {
			p := a.adj.pid[e]
			c := a.Community[a.adj.nbr[e]]
			if c == cu || a.isStrong(p) || stamp[c] == u {
				continue
			}
			stamp[c] = u
			a.Brokerage[u]++
		}
	}
}

// CommunityOf returns the community of the node key.
func (a *Analysis) CommunityOf(key string) (int, bool) {
	u, ok := a.lookup(key)
	if !ok {
		return 0, false
	}
	return int(a.Community[u]), true
}

// lookup returns the id of key if the analysis knows the node.
func (a *Analysis) lookup(key string) (int32, bool) {
	a.g.mu.RLock()
	u, ok := a.g.ids[key]
	a.g.mu.RUnlock()
	return u, ok && int(u) < len(a.names) && a.names[u] == key
}
