package graph

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/gob"
	"fmt"
	"maps"
	"slices"

	"github.com/socialcrm/socialcrm"
)

// StateKey is the state store key of the whole-graph snapshot of earlier
// versions, read once by Load when no graph rows are stored.
const StateKey = "graph/snapshot"

// snapshot is the graph in columns, gob-encoded and gzipped.
type snapshot struct {
	V          int
	Names      []string
	Followers  []int32
	Brands     []uint64
	BrandNames []string // by bit
	Channels   []string // by bit
	A, B       []int32
	N0, N1     []uint32
	W0, W1     []float64
	K0, K1     []uint16
	Chans      []uint32
	First      []int64
	Last       []int64
	Latest     int64
	Total      int64
	Duplicates int64
	Seen       []uint64 // keys of the duplicate filter
	Forgotten  []string // node keys erased by Forget; absent from older snapshots
}

// Encode writes the graph as a compressed snapshot.
func (g *Graph) Encode() ([]byte, error) {
	g.mu.RLock()
	n := len(g.names)
	s := snapshot{V: 1, Names: g.names[:n:n], Followers: slices.Clone(g.followers), Brands: slices.Clone(g.brands),
		BrandNames: byBit(g.brandIdx), Channels: byBit(g.chanIdx), Latest: g.latest, Total: g.total,
		Duplicates: g.dups, Seen: g.dedupe.keys(), Forgotten: slices.Sorted(maps.Keys(g.forgotten))}
	np := len(g.pairs)
	s.A, s.B = make([]int32, np), make([]int32, np)
	s.N0, s.N1 = make([]uint32, np), make([]uint32, np)
	s.W0, s.W1 = make([]float64, np), make([]float64, np)
	s.K0, s.K1 = make([]uint16, np), make([]uint16, np)
	s.Chans, s.First, s.Last = make([]uint32, np), make([]int64, np), make([]int64, np)
	for i := range g.pairs {
		p := &g.pairs[i]
		s.A[i], s.B[i], s.N0[i], s.N1[i], s.W0[i], s.W1[i] = p.a, p.b, p.n[0], p.n[1], p.w[0], p.w[1]
		s.K0[i], s.K1[i], s.Chans[i], s.First[i], s.Last[i] = p.kinds[0], p.kinds[1], p.chans, p.first, p.last
	}
	g.mu.RUnlock()
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	err := gob.NewEncoder(zw).Encode(&s)
	if err == nil {
		err = zw.Close()
	}
	if err != nil {
		return nil, fmt.Errorf("graph: encode snapshot: %w", err)
	}
	return buf.Bytes(), nil
}

func byBit(idx map[string]int) []string {
	out := make([]string, len(idx))
	for k, v := range idx {
		out[v] = k
	}
	return out
}

// Decode replaces the graph's content with a snapshot made by Encode.
func (g *Graph) Decode(b []byte) error {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return fmt.Errorf("graph: decode snapshot: %w", err)
	}
	var s snapshot
	if err := gob.NewDecoder(zr).Decode(&s); err != nil {
		return fmt.Errorf("graph: decode snapshot: %w", err)
	}
	if err := s.check(); err != nil {
		return err
	}
	g.dropAnalysis() // its node ids are about to change
	g.mu.Lock()
	defer g.mu.Unlock()
	g.reset()
	for i, name := range s.Names {
		g.node(name)
		g.followers[i], g.brands[i] = s.Followers[i], s.Brands[i]
	}
	for i, name := range s.BrandNames {
		g.brandIdx[name] = i
	}
	for i, name := range s.Channels {
		g.chanIdx[name] = i
	}
	g.pairs = make([]pair, 0, len(s.A))
	for i := range s.A {
		pi, _ := g.pair(s.A[i], s.B[i])
		p := &g.pairs[pi]
		p.n, p.w, p.kinds = [2]uint32{s.N0[i], s.N1[i]}, [2]float64{s.W0[i], s.W1[i]}, [2]uint16{s.K0[i], s.K1[i]}
		p.chans, p.first, p.last = s.Chans[i], s.First[i], s.Last[i]
	}
	g.latest, g.total, g.dups = s.Latest, s.Total, s.Duplicates
	for _, k := range s.Seen {
		g.dedupe.add(k)
	}
	for _, k := range s.Forgotten {
		g.forgotten[k] = true
	}
	return nil
}

// check rejects snapshots whose columns disagree.
func (s *snapshot) check() error {
	n, np := len(s.Names), len(s.A)
	if s.V != 1 {
		return socialcrm.Invalidf("graph: snapshot version %d is unknown", s.V)
	}
	if len(s.Followers) != n || len(s.Brands) != n {
		return socialcrm.Invalidf("graph: snapshot node columns disagree")
	}
	for _, c := range []int{len(s.B), len(s.N0), len(s.N1), len(s.W0), len(s.W1), len(s.K0), len(s.K1), len(s.Chans), len(s.First), len(s.Last)} {
		if c != np {
			return socialcrm.Invalidf("graph: snapshot pair columns disagree")
		}
	}
	for i := range s.A {
		if s.A[i] < 0 || s.A[i] >= s.B[i] || int(s.B[i]) >= n {
			return socialcrm.Invalidf("graph: snapshot pair %d is out of range", i)
		}
	}
	return nil
}

// loadSnapshot restores the graph from a snapshot blob saved under
// StateKey by earlier versions, which kept the whole graph in one state
// row; the next save writes it as rows. Having none is ErrNotFound.
func (g *Graph) loadSnapshot(ctx context.Context, st socialcrm.StateStore) error {
	b, err := st.GetState(ctx, StateKey)
	if err != nil {
		return err
	}
	return g.Decode(b)
}

// dropAnalysis discards the cached analysis and any background one still
// running on the old graph, before the graph is replaced.
func (g *Graph) dropAnalysis() {
	g.amu.Lock()
	g.analysis = nil
	g.gen++
	g.amu.Unlock()
}
