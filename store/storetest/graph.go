package storetest

import (
	"cmp"
	"context"
	"slices"
	"testing"

	"github.com/socialcrm/socialcrm"
)

// loadGraph returns the stored graph, nodes and pairs sorted by key, and
// checks that they came in Seq order.
func loadGraph(t *testing.T, s socialcrm.Store) ([]socialcrm.GraphNode, []socialcrm.GraphPair, []byte) {
	t.Helper()
	var ns []socialcrm.GraphNode
	var ps []socialcrm.GraphPair
	meta, err := s.LoadGraph(context.Background(),
		func(n socialcrm.GraphNode) error { ns = append(ns, n); return nil },
		func(p socialcrm.GraphPair) error { ps = append(ps, p); return nil },
		func(socialcrm.GraphSeen) error { return nil })
	must(t, "LoadGraph", err)
	if !slices.IsSortedFunc(ns, func(x, y socialcrm.GraphNode) int { return cmp.Compare(x.Seq, y.Seq) }) ||
		!slices.IsSortedFunc(ps, func(x, y socialcrm.GraphPair) int { return cmp.Compare(x.Seq, y.Seq) }) {
		t.Errorf("LoadGraph did not load in Seq order: %v %v", ns, ps)
	}
	slices.SortFunc(ns, func(x, y socialcrm.GraphNode) int { return cmp.Compare(x.Key, y.Key) })
	slices.SortFunc(ps, func(x, y socialcrm.GraphPair) int { return cmp.Or(cmp.Compare(x.A, y.A), cmp.Compare(x.B, y.B)) })
	return ns, ps, meta
}

func testGraphStore(t *testing.T, open Open) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		node := func(k string, f int32) socialcrm.GraphNode {
			return socialcrm.GraphNode{Seq: int64(100 - f), Key: k, Followers: f, Brands: 1<<63 | 3}
		}
		pair := func(a, b string, n uint32) socialcrm.GraphPair {
			return socialcrm.GraphPair{Seq: int64(100 - n), A: a, B: b, N: [2]uint32{n, 1}, W: [2]float64{1.5, 0.25}, Kinds: [2]uint16{1 << 15, 2},
				Chans: 1<<31 | 1, First: 1700000000, Last: 1700000600}
		}
		must(t, "SaveGraph", s.SaveGraph(ctx, socialcrm.GraphChanges{
			Nodes: []socialcrm.GraphNode{node("m:a", 1), node("m:b", 2), node("m:c", 3)},
			Pairs: []socialcrm.GraphPair{pair("m:a", "m:b", 1), pair("m:b", "m:c", 2)}, Meta: []byte("v1")}))
		must(t, "SaveGraph", s.SaveGraph(ctx, socialcrm.GraphChanges{
			Nodes: []socialcrm.GraphNode{node("m:a", 10), node("m:d", 4)},
			Pairs: []socialcrm.GraphPair{pair("m:a", "m:b", 5), pair("m:a", "m:d", 1)}, Meta: []byte("v2")}))
		ns, ps, meta := loadGraph(t, s)
		diff(t, "nodes", []socialcrm.GraphNode{node("m:a", 10), node("m:b", 2), node("m:c", 3), node("m:d", 4)}, ns)
		diff(t, "pairs", []socialcrm.GraphPair{pair("m:a", "m:b", 5), pair("m:a", "m:d", 1), pair("m:b", "m:c", 2)}, ps)
		diff(t, "meta", "v2", string(meta))

		// removing a node drops its pairs; it can come back in the same save
		must(t, "SaveGraph", s.SaveGraph(ctx, socialcrm.GraphChanges{Removed: []string{"m:b", "m:d"},
			Nodes: []socialcrm.GraphNode{node("m:d", 7)}, Meta: []byte("v3")}))
		ns, ps, _ = loadGraph(t, s)
		diff(t, "nodes after removal", []socialcrm.GraphNode{node("m:a", 10), node("m:c", 3), node("m:d", 7)}, ns)
		if len(ps) != 0 {
			t.Errorf("pairs after removal = %v, want none", ps)
		}
	})
	t.Run("NewRows", func(t *testing.T) {
		// New rows are stored like the others, and taken even when a row
		// of the same key is there after all.
		t.Parallel()
		s := open(t)
		node := func(k string, f int32) socialcrm.GraphNode {
			return socialcrm.GraphNode{Seq: int64(f), Key: k, Followers: f}
		}
		pair := func(a, b string, n uint32) socialcrm.GraphPair {
			return socialcrm.GraphPair{Seq: int64(n), A: a, B: b, N: [2]uint32{n, 0}, W: [2]float64{1, 0}, First: 1, Last: 2}
		}
		must(t, "SaveGraph", s.SaveGraph(ctx, socialcrm.GraphChanges{
			NewNodes: []socialcrm.GraphNode{node("n:a", 1), node("n:b", 2)},
			NewPairs: []socialcrm.GraphPair{pair("n:a", "n:b", 1)}, Meta: []byte("v1")}))
		must(t, "SaveGraph", s.SaveGraph(ctx, socialcrm.GraphChanges{
			Nodes:    []socialcrm.GraphNode{node("n:a", 5)},
			NewNodes: []socialcrm.GraphNode{node("n:c", 3), node("n:b", 4)}, // n:b is stored already
			Pairs:    []socialcrm.GraphPair{pair("n:a", "n:b", 6)},
			NewPairs: []socialcrm.GraphPair{pair("n:b", "n:c", 2)}, Meta: []byte("v2")}))
		ns, ps, meta := loadGraph(t, s)
		diff(t, "nodes", []socialcrm.GraphNode{node("n:a", 5), node("n:b", 4), node("n:c", 3)}, ns)
		diff(t, "pairs", []socialcrm.GraphPair{pair("n:a", "n:b", 6), pair("n:b", "n:c", 2)}, ps)
		diff(t, "meta", "v2", string(meta))
	})
	t.Run("Seen", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		k := func(key uint64, gen int64) socialcrm.GraphSeen { return socialcrm.GraphSeen{Key: key, Gen: gen} }
		must(t, "SaveGraph", s.SaveGraph(ctx, socialcrm.GraphChanges{Seen: []socialcrm.GraphSeen{k(1<<63+5, 0), k(2, 1)}, Meta: []byte("m")}))
		must(t, "SaveGraph", s.SaveGraph(ctx, socialcrm.GraphChanges{Seen: []socialcrm.GraphSeen{k(3, 2), k(4, 1)}, SeenFrom: 1, Meta: []byte("m")}))
		var got []socialcrm.GraphSeen
		_, err := s.LoadGraph(ctx, func(socialcrm.GraphNode) error { return nil }, func(socialcrm.GraphPair) error { return nil },
			func(k socialcrm.GraphSeen) error { got = append(got, k); return nil })
		must(t, "LoadGraph", err)
		if !slices.IsSortedFunc(got, func(x, y socialcrm.GraphSeen) int { return cmp.Compare(x.Gen, y.Gen) }) {
			t.Errorf("keys not in generation order: %v", got)
		}
		slices.SortFunc(got, func(x, y socialcrm.GraphSeen) int { return cmp.Compare(x.Key, y.Key) })
		diff(t, "keys", []socialcrm.GraphSeen{k(2, 1), k(3, 2), k(4, 1)}, got)
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		t.Parallel()
		_, err := open(t).LoadGraph(ctx, func(socialcrm.GraphNode) error { return nil }, func(socialcrm.GraphPair) error { return nil },
			func(socialcrm.GraphSeen) error { return nil })
		wantErr(t, "LoadGraph", err, socialcrm.ErrNotFound)
	})
}
