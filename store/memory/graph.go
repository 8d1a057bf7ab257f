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
	byKey map[string]map[[2]string]bool // node key → its pairs
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
		g.nodes, g.pairs, g.byKey = map[string]socialcrm.GraphNode{}, map[[2]string]socialcrm.GraphPair{}, map[string]map[[2]string]bool{}
	}
	for _, k := range c.Removed {
		delete(g.nodes, k)
		for pk := range g.byKey[k] {
			delete(g.pairs, pk)
			delete(g.byKey[pk[0]], pk)
			delete(g.byKey[pk[1]], pk)
		}
		delete(g.byKey, k)
	}
	for _, n := range c.Nodes {
		g.nodes[n.Key] = n
	}
	for _, p := range c.Pairs {
		pk := [2]string{p.A, p.B}
		g.pairs[pk] = p
		for _, k := range pk {
			if g.byKey[k] == nil {
				g.byKey[k] = map[[2]string]bool{}
			}
			g.byKey[k][pk] = true
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
	for _, k := range slices.SortedFunc(maps.Keys(g.nodes), func(x, y string) int { return cmp.Compare(g.nodes[x].Seq, g.nodes[y].Seq) }) {
		if err := node(g.nodes[k]); err != nil {
			return nil, err
		}
	}
	for _, k := range slices.SortedFunc(maps.Keys(g.pairs), func(x, y [2]string) int { return cmp.Compare(g.pairs[x].Seq, g.pairs[y].Seq) }) {
		if err := pair(g.pairs[k]); err != nil {
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
