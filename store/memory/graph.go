package memory

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/socialcrm/socialcrm"
)

// graphRows is the stored relationship graph.
type graphRows struct {
	meta  []byte // nil until the first save
	nodes map[string]socialcrm.GraphNode
	pairs map[[2]string]socialcrm.GraphPair
	seen  []socialcrm.GraphSeen
}

// SaveGraph applies an incremental save of the graph.
func (s *Store) SaveGraph(ctx context.Context, c socialcrm.GraphChanges) error {
	if err := s.lock(); err != nil {
		return err
	}
	defer s.mu.Unlock()
	g := &s.graph
	if g.nodes == nil {
		g.nodes, g.pairs = map[string]socialcrm.GraphNode{}, map[[2]string]socialcrm.GraphPair{}
	}
	if len(c.Removed) > 0 {
		// Removals (erasures) are rare: one pass over the pairs, instead
		// of an index by node that every save would keep up.
		gone := make(map[string]bool, len(c.Removed))
		for _, k := range c.Removed {
			delete(g.nodes, k)
			gone[k] = true
		}
		maps.DeleteFunc(g.pairs, func(pk [2]string, _ socialcrm.GraphPair) bool { return gone[pk[0]] || gone[pk[1]] })
	}
	for _, ns := range [][]socialcrm.GraphNode{c.Nodes, c.NewNodes} {
		for _, n := range ns {
			g.nodes[n.Key] = n
		}
	}
	for _, ps := range [][]socialcrm.GraphPair{c.Pairs, c.NewPairs} {
		for _, p := range ps {
			g.pairs[[2]string{p.A, p.B}] = p
		}
	}
	g.seen = slices.DeleteFunc(g.seen, func(k socialcrm.GraphSeen) bool { return k.Gen < c.SeenFrom })
	g.seen = append(g.seen, c.Seen...)
	g.meta = slices.Clone(c.Meta)
	if g.meta == nil {
		g.meta = []byte{}
	}
	return nil
}

// LoadGraph calls node and pair for every stored node and pair, in Seq
// order, then seen for the duplicate filter's keys, and returns the meta
// blob.
func (s *Store) LoadGraph(ctx context.Context, node func(socialcrm.GraphNode) error, pair func(socialcrm.GraphPair) error, seen func(socialcrm.GraphSeen) error) ([]byte, error) {
	if err := s.rlock(); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	g := &s.graph
	if g.meta == nil {
		return nil, fmt.Errorf("memory: no graph saved: %w", socialcrm.ErrNotFound)
	}
	for _, n := range slices.SortedFunc(maps.Values(g.nodes), func(x, y socialcrm.GraphNode) int { return cmp.Compare(x.Seq, y.Seq) }) {
		if err := node(n); err != nil {
			return nil, err
		}
	}
	for _, p := range slices.SortedFunc(maps.Values(g.pairs), func(x, y socialcrm.GraphPair) int { return cmp.Compare(x.Seq, y.Seq) }) {
		if err := pair(p); err != nil {
			return nil, err
		}
	}
	for _, k := range slices.SortedStableFunc(slices.Values(g.seen), func(x, y socialcrm.GraphSeen) int { return cmp.Compare(x.Gen, y.Gen) }) {
		if err := seen(k); err != nil {
			return nil, err
		}
	}
	return slices.Clone(g.meta), nil
}
