package graph

import (
	"context"
	"fmt"

	"github.com/socialcrm/socialcrm"
)

var _ socialcrm.GraphForgetter = (*Graph)(nil)

// Forget removes the nodes keys and every tie they have (GDPR erasure)
// and keeps them out: later interactions from or to a forgotten key are
// skipped, and snapshots remember the keys. It returns how many nodes and
// ties it removed; keys the graph does not hold are remembered all the
// same. The next analysis, and the next snapshot RunSnapshots saves, no
// longer contain the nodes.
func (g *Graph) Forget(ctx context.Context, keys ...string) (nodes, ties int, err error) {
	if err := ctx.Err(); err != nil {
		return 0, 0, fmt.Errorf("graph: forget: %w", err)
	}
	// Lock order as in Current: the analysis, then the graph. Holding
	// both, no query sees the old analysis once Forget returns.
	g.amu.Lock()
	defer g.amu.Unlock()
	g.mu.Lock()
	gone := make(map[int32]bool, len(keys))
	for _, k := range keys {
		if k == "" {
			continue
		}
		g.forgotten[k] = true
		if id, ok := g.ids[k]; ok {
			gone[id] = true
		}
	}
	if len(gone) > 0 {
		ties = g.drop(gone)
	}
	g.removed = append(g.removed, keys...)
	g.version++ // the forgotten keys go into the next snapshot
	np, nn := len(g.pairs), len(g.names)
	g.mu.Unlock()
	g.analysis = nil
	g.gen++ // a background analysis of the old graph is discarded
	g.m.nodes.Set(float64(nn))
	g.m.pairs.Set(float64(np))
	return len(gone), ties, nil
}

// drop rebuilds the graph without the nodes gone and their pairs, and
// returns how many pairs it removed; g.mu is held. It builds new slices:
// analyses made before share the old ones and must not change.
func (g *Graph) drop(gone map[int32]bool) int {
	renum := make([]int32, len(g.names))
	names := make([]string, 0, len(g.names)-len(gone))
	followers := make([]int32, 0, cap(names))
	brands := make([]uint64, 0, cap(names))
	ids := make(map[string]int32, cap(names))
	for u, name := range g.names {
		if gone[int32(u)] {
			renum[u] = -1
			continue
		}
		renum[u] = int32(len(names))
		ids[name] = renum[u]
		names = append(names, name)
		followers = append(followers, g.followers[u])
		brands = append(brands, g.brands[u])
	}
	old := g.pairs
	g.ids, g.names, g.followers, g.brands = ids, names, followers, brands
	g.dirtyNode, g.dirtyPair = make([]bool, len(names)), nil
	g.markAll() // the ids changed: the next save writes every row
	g.adj = make([][]int32, len(names))
	g.pairIdx = make(map[uint64]int32, len(old))
	g.pairs = make([]pair, 0, len(old))
	removed := 0
	for _, p := range old {
		a, b := renum[p.a], renum[p.b]
		if a < 0 || b < 0 {
			removed++
			g.total -= int64(p.n[0] + p.n[1])
			continue
		}
		// Renumbering keeps the order of the ends: a < b still.
		qi, _ := g.pair(a, b)
		q := &g.pairs[qi]
		keep := *q
		*q = p
		q.a, q.b = keep.a, keep.b
	}
	return removed
}
