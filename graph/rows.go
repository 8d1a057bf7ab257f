package graph

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/socialcrm/socialcrm"
)

// Store is where the graph is saved: rows (GraphStore), and the state
// store that holds the whole-graph snapshot of earlier versions.
type Store interface {
	socialcrm.GraphStore
	socialcrm.StateStore
}

// meta is the small part of the graph saved whole with every save.
type meta struct {
	V          int      `json:"v"`
	Latest     int64    `json:"latest"`
	Total      int64    `json:"total"`
	Duplicates int64    `json:"duplicates"`
	Brands     []string `json:"brands"`   // by bit
	Channels   []string `json:"channels"` // by bit
	Forgotten  []string `json:"forgotten,omitempty"`
	SeenGen    int64    `json:"seen_gen"` // generation of the duplicate filter
}

func (g *Graph) markNode(id int32) {
	if !g.dirtyNode[id] {
		g.dirtyNode[id] = true
		g.dirtyNodes = append(g.dirtyNodes, id)
	}
}

func (g *Graph) markPair(i int32) {
	if !g.dirtyPair[i] {
		g.dirtyPair[i] = true
		g.dirtyPairs = append(g.dirtyPairs, i)
	}
}

// markAll makes the next save write every node and pair; g.mu is held.
func (g *Graph) markAll() {
	g.all = true
	clear(g.dirtyNode)
	clear(g.dirtyPair)
	g.dirtyNodes, g.dirtyPairs = nil, nil
}

// changes takes what changed since the last save and returns it with a
// function that marks it changed again, for a save that failed.
func (g *Graph) changes() (socialcrm.GraphChanges, func()) {
	g.mu.Lock()
	defer g.mu.Unlock()
	nodes, pairs := g.dirtyNodes, g.dirtyPairs
	all := g.all
	if all {
		nodes, pairs = nil, nil
	}
	var c socialcrm.GraphChanges
	// Rows of ids from savedNodes and savedPairs on were in no save of
	// this graph: they go as new rows (ids only shrink when they change,
	// see Forget, and the store takes a new row that is there after all).
	// A save that fails leaves them to the next one as rows to upsert,
	// which is always right.
	newNodes, newPairs := g.savedNodes, g.savedPairs
	g.savedNodes, g.savedPairs = int32(len(g.names)), int32(len(g.pairs))
	node := func(id int32) {
		n := socialcrm.GraphNode{Seq: int64(id), Key: g.names[id], Followers: g.followers[id], Brands: g.brands[id]}
		if id >= newNodes {
			c.NewNodes = append(c.NewNodes, n)
		} else {
			c.Nodes = append(c.Nodes, n)
		}
	}
	pair := func(i int32) {
		r := g.row(&g.pairs[i])
		r.Seq = int64(i)
		if i >= newPairs {
			c.NewPairs = append(c.NewPairs, r)
		} else {
			c.Pairs = append(c.Pairs, r)
		}
	}
	if all {
		c.Nodes, c.Pairs = make([]socialcrm.GraphNode, 0, len(g.names)), make([]socialcrm.GraphPair, 0, len(g.pairs))
		for id := range g.names {
			node(int32(id))
		}
		for i := range g.pairs {
			pair(int32(i))
		}
		clear(g.dirtyNode)
		clear(g.dirtyPair)
	} else {
		for _, id := range nodes {
			node(id)
			g.dirtyNode[id] = false
		}
		for _, i := range pairs {
			pair(i)
			g.dirtyPair[i] = false
		}
	}
	c.Removed = slices.DeleteFunc(g.removed, func(k string) bool { return k == "" })
	c.Seen, c.SeenFrom = g.dedupe.fresh, g.dedupe.gen-1
	g.dedupe.fresh = nil
	m := meta{V: 2, Latest: g.latest, Total: g.total, Duplicates: g.dups, Brands: byBit(g.brandIdx),
		Channels: byBit(g.chanIdx), Forgotten: slices.Sorted(maps.Keys(g.forgotten)), SeenGen: g.dedupe.gen}
	c.Meta, _ = json.Marshal(m) // strings and numbers only: it cannot fail
	g.dirtyNodes, g.dirtyPairs, g.removed, g.all = nil, nil, nil, false
	keys, seen := slices.Clone(c.Removed), c.Seen
	undo := func() {
		g.mu.Lock()
		defer g.mu.Unlock()
		g.removed = append(keys, g.removed...)
		g.dedupe.fresh = append(seen, g.dedupe.fresh...)
		if all || g.all {
			g.markAll()
			return
		}
		for _, id := range nodes {
			g.markNode(id)
		}
		for _, i := range pairs {
			g.markPair(i)
		}
	}
	return c, undo
}

// row is p as a stored row, its keys in byte order; g.mu is held.
func (g *Graph) row(p *pair) socialcrm.GraphPair {
	a, b := g.names[p.a], g.names[p.b]
	r := socialcrm.GraphPair{A: a, B: b, N: p.n, W: p.w, Kinds: p.kinds, Chans: p.chans, First: p.first, Last: p.last}
	if a > b {
		r.A, r.B = b, a
		r.N, r.W, r.Kinds = [2]uint32{p.n[1], p.n[0]}, [2]float64{p.w[1], p.w[0]}, [2]uint16{p.kinds[1], p.kinds[0]}
	}
	return r
}

// Save writes what changed since the last save to st: the changed nodes
// and pairs as rows, the removed nodes, and the graph's totals. On error
// the changes stay for the next save.
func (g *Graph) Save(ctx context.Context, st socialcrm.GraphStore) error {
	start := time.Now()
	c, undo := g.changes()
	if err := st.SaveGraph(ctx, c); err != nil {
		undo()
		return fmt.Errorf("graph: save: %w", err)
	}
	g.m.snapshot.Observe(time.Since(start).Seconds())
	g.m.savedRows.Add(float64(len(c.Nodes) + len(c.Pairs) + len(c.NewNodes) + len(c.NewPairs)))
	return nil
}

// Load restores the graph from st: its rows or, when there are none, the
// whole-graph snapshot of earlier versions. Having neither is not an
// error: the graph stays empty.
func (g *Graph) Load(ctx context.Context, st Store) error {
	err := g.loadRows(ctx, st)
	if errors.Is(err, socialcrm.ErrNotFound) {
		err = g.loadSnapshot(ctx, st)
		if errors.Is(err, socialcrm.ErrNotFound) {
			g.logger.Info("no saved graph; starting empty")
			return nil
		}
	}
	if err != nil {
		return fmt.Errorf("graph: load: %w", err)
	}
	s := g.Stats()
	g.logger.Info("graph restored", "nodes", s.Nodes, "pairs", s.Pairs, "interactions", s.Interactions)
	g.m.nodes.Set(float64(s.Nodes))
	g.m.pairs.Set(float64(s.Pairs))
	return nil
}

// loadRows replaces the graph's content with the stored rows.
func (g *Graph) loadRows(ctx context.Context, st socialcrm.GraphStore) error {
	g.dropAnalysis() // its node ids are about to change
	g.mu.Lock()
	defer g.mu.Unlock()
	g.reset()
	keys := 0
	b, err := st.LoadGraph(ctx, func(n socialcrm.GraphNode) error {
		id := g.node(n.Key)
		g.followers[id], g.brands[id] = n.Followers, n.Brands
		return nil
	}, func(r socialcrm.GraphPair) error {
		a, b := g.node(r.A), g.node(r.B)
		pi, d := g.pair(a, b)
		p := &g.pairs[pi]
		p.n, p.w, p.kinds = r.N, r.W, r.Kinds
		if d == 1 { // the ids are in the other order than the keys
			p.n, p.w, p.kinds = [2]uint32{r.N[1], r.N[0]}, [2]float64{r.W[1], r.W[0]}, [2]uint16{r.Kinds[1], r.Kinds[0]}
		}
		p.chans, p.first, p.last = r.Chans, r.First, r.Last
		return nil
	}, func(k socialcrm.GraphSeen) error {
		g.dedupe.load(k, keys == 0)
		keys++
		return nil
	})
	if err != nil {
		g.reset()
		return err
	}
	var m meta
	if err := json.Unmarshal(b, &m); err != nil || m.V != 2 {
		g.reset()
		return socialcrm.Invalidf("graph: saved meta is unreadable (version %d): %v", m.V, err)
	}
	for i, name := range m.Brands {
		g.brandIdx[name] = i
	}
	for i, name := range m.Channels {
		g.chanIdx[name] = i
	}
	for _, k := range m.Forgotten {
		g.forgotten[k] = true
	}
	g.latest, g.total, g.dups = m.Latest, m.Total, m.Duplicates
	if keys == 0 {
		g.dedupe.gen = m.SeenGen
	}
	g.dedupe.fresh = nil
	clear(g.dirtyNode)
	clear(g.dirtyPair)
	g.dirtyNodes, g.dirtyPairs, g.all = nil, nil, false
	g.savedNodes, g.savedPairs = int32(len(g.names)), int32(len(g.pairs))
	return nil
}
