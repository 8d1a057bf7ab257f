package postgres_test

import (
	"cmp"
	"context"
	"slices"
	"testing"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/store/postgres/pgtest"
)

// Duplicate-filter keys are saved packed, one row per save and
// generation; keys saved one a row by earlier versions are still read,
// with the packed ones in generation order, and old generations of both
// are dropped.
func TestGraphSeen_PackedAndOldRows(t *testing.T) {
	st := pgtest.MustOpenTestDB(t, pgtest.DSN(t))
	ctx := context.Background()
	k := func(key uint64, gen int64) socialcrm.GraphSeen { return socialcrm.GraphSeen{Key: key, Gen: gen} }
	if _, err := st.Pool().Exec(ctx, `INSERT INTO graph_seen (k, gen) VALUES (-1, 3), (7, 4), (8, 2)`); err != nil {
		t.Fatal(err)
	}
	if err := st.SaveGraph(ctx, socialcrm.GraphChanges{Seen: []socialcrm.GraphSeen{k(1, 3), k(2, 3), k(3, 4), k(1<<63, 4)},
		SeenFrom: 3, Meta: []byte("m")}); err != nil {
		t.Fatal(err)
	}
	var chunks int
	if err := st.Pool().QueryRow(ctx, `SELECT count(*) FROM graph_seen_chunks`).Scan(&chunks); err != nil || chunks != 2 {
		t.Fatalf("%d packed rows (%v), want one per generation: 2", chunks, err)
	}
	var got []socialcrm.GraphSeen
	if _, err := st.LoadGraph(ctx, func(socialcrm.GraphNode) error { return nil }, func(socialcrm.GraphPair) error { return nil },
		func(s socialcrm.GraphSeen) error { got = append(got, s); return nil }); err != nil {
		t.Fatal(err)
	}
	if !slices.IsSortedFunc(got, func(x, y socialcrm.GraphSeen) int { return cmp.Compare(x.Gen, y.Gen) }) {
		t.Errorf("keys not in generation order: %v", got)
	}
	slices.SortFunc(got, func(x, y socialcrm.GraphSeen) int {
		return cmp.Or(cmp.Compare(x.Gen, y.Gen), cmp.Compare(x.Key, y.Key))
	})
	want := []socialcrm.GraphSeen{k(1, 3), k(2, 3), k(1<<64-1, 3), k(3, 4), k(7, 4), k(1<<63, 4)}
	if !slices.Equal(got, want) {
		t.Errorf("keys %v, want %v (generation 2 dropped)", got, want)
	}
}
