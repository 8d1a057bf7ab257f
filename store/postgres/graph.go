package postgres

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/socialcrm/socialcrm"
)

// graphMetaKey is the state key of the graph's meta blob.
const graphMetaKey = "graph/meta"

var (
	graphNodeColumns = []string{"seq", "key", "followers", "brands"}
	graphPairColumns = []string{"seq", "a", "b", "n0", "n1", "w0", "w1", "k0", "k1", "chans", "first_at", "last_at"}
)

const graphStage = `CREATE TEMP TABLE IF NOT EXISTS graph_nodes_stage (LIKE graph_nodes) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS graph_pairs_stage (LIKE graph_pairs) ON COMMIT DELETE ROWS`

// The upserts take rows in key order, so that overlapping saves lock
// them in the same order.
const (
	upsertGraphNodes = `INSERT INTO graph_nodes SELECT * FROM graph_nodes_stage ORDER BY key
		ON CONFLICT (key) DO UPDATE SET seq = EXCLUDED.seq, followers = EXCLUDED.followers, brands = EXCLUDED.brands`
	upsertGraphPairs = `INSERT INTO graph_pairs SELECT * FROM graph_pairs_stage ORDER BY a, b
		ON CONFLICT (a, b) DO UPDATE SET seq = EXCLUDED.seq, n0 = EXCLUDED.n0, n1 = EXCLUDED.n1, w0 = EXCLUDED.w0, w1 = EXCLUDED.w1,
		k0 = EXCLUDED.k0, k1 = EXCLUDED.k1, chans = EXCLUDED.chans, first_at = EXCLUDED.first_at, last_at = EXCLUDED.last_at`
)

// SaveGraph applies an incremental save of the graph in one transaction:
// removed nodes and their pairs are deleted, changed rows are copied into
// staging tables and upserted, new duplicate-filter keys are copied in
// and old generations deleted, and the meta blob is replaced.
func (s *Store) SaveGraph(ctx context.Context, c socialcrm.GraphChanges) error {
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if len(c.Removed) > 0 {
			keys := cleanAll(c.Removed)
			if _, err := tx.Exec(ctx, `DELETE FROM graph_pairs WHERE a = ANY($1) OR b = ANY($1)`, keys); err != nil {
				return fmt.Errorf("remove pairs: %w", err)
			}
			if _, err := tx.Exec(ctx, `DELETE FROM graph_nodes WHERE key = ANY($1)`, keys); err != nil {
				return fmt.Errorf("remove nodes: %w", err)
			}
		}
		if err := upsertGraphRows(ctx, tx, c.Nodes, c.Pairs); err != nil {
			return err
		}
		if err := insertGraphRows(ctx, tx, c.NewNodes, c.NewPairs); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM graph_seen WHERE gen < $1`, c.SeenFrom); err != nil {
			return fmt.Errorf("drop old duplicate keys: %w", err)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM graph_seen_chunks WHERE gen < $1`, c.SeenFrom); err != nil {
			return fmt.Errorf("drop old duplicate keys: %w", err)
		}
		if chunks := packSeen(c.Seen); len(chunks) > 0 {
			rows := pgx.CopyFromSlice(len(chunks), func(i int) ([]any, error) { return []any{chunks[i].gen, chunks[i].keys}, nil })
			if _, err := tx.CopyFrom(ctx, pgx.Identifier{"graph_seen_chunks"}, []string{"gen", "keys"}, rows); err != nil {
				return fmt.Errorf("copy duplicate keys: %w", err)
			}
		}
		meta := c.Meta
		if meta == nil {
			meta = []byte{}
		}
		_, err := tx.Exec(ctx, `INSERT INTO state (key, value, updated_at) VALUES ($1, $2, now())
			ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`, graphMetaKey, meta)
		return err
	})
	if err != nil {
		return fmt.Errorf("postgres: save graph (%d nodes, %d pairs, %d removed): %w",
			len(c.Nodes)+len(c.NewNodes), len(c.Pairs)+len(c.NewPairs), len(c.Removed), err)
	}
	return nil
}

func nodeRows(ns []socialcrm.GraphNode) pgx.CopyFromSource {
	return pgx.CopyFromSlice(len(ns), func(i int) ([]any, error) {
		n := &ns[i]
		return []any{n.Seq, socialcrm.CleanText(n.Key), n.Followers, int64(n.Brands)}, nil
	})
}

func pairRows(ps []socialcrm.GraphPair) pgx.CopyFromSource {
	return pgx.CopyFromSlice(len(ps), func(i int) ([]any, error) {
		p := &ps[i]
		return []any{p.Seq, socialcrm.CleanText(p.A), socialcrm.CleanText(p.B), int64(p.N[0]), int64(p.N[1]), p.W[0], p.W[1],
			int32(p.Kinds[0]), int32(p.Kinds[1]), int64(p.Chans), p.First, p.Last}, nil
	})
}

// upsertGraphRows copies nodes and pairs into staging tables and upserts
// them from there, in key order.
func upsertGraphRows(ctx context.Context, tx pgx.Tx, nodes []socialcrm.GraphNode, pairs []socialcrm.GraphPair) error {
	if len(nodes)+len(pairs) == 0 {
		return nil
	}
	if _, err := tx.Exec(ctx, graphStage); err != nil {
		return fmt.Errorf("staging tables: %w", err)
	}
	if len(nodes) > 0 {
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"graph_nodes_stage"}, graphNodeColumns, nodeRows(nodes)); err != nil {
			return fmt.Errorf("copy nodes: %w", err)
		}
		if _, err := tx.Exec(ctx, upsertGraphNodes); err != nil {
			return fmt.Errorf("upsert nodes: %w", err)
		}
	}
	if len(pairs) > 0 {
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"graph_pairs_stage"}, graphPairColumns, pairRows(pairs)); err != nil {
			return fmt.Errorf("copy pairs: %w", err)
		}
		if _, err := tx.Exec(ctx, upsertGraphPairs); err != nil {
			return fmt.Errorf("upsert pairs: %w", err)
		}
	}
	return nil
}

// insertGraphRows copies rows no earlier save held straight into the
// tables, which is several times faster than an upsert. Should one be
// there after all, the copy is undone to a savepoint and the rows are
// upserted instead.
func insertGraphRows(ctx context.Context, tx pgx.Tx, nodes []socialcrm.GraphNode, pairs []socialcrm.GraphPair) error {
	if len(nodes)+len(pairs) == 0 {
		return nil
	}
	sp, err := tx.Begin(ctx)
	if err != nil {
		return fmt.Errorf("savepoint: %w", err)
	}
	err = func() error {
		if len(nodes) > 0 {
			if _, err := sp.CopyFrom(ctx, pgx.Identifier{"graph_nodes"}, graphNodeColumns, nodeRows(nodes)); err != nil {
				return err
			}
		}
		if len(pairs) > 0 {
			if _, err := sp.CopyFrom(ctx, pgx.Identifier{"graph_pairs"}, graphPairColumns, pairRows(pairs)); err != nil {
				return err
			}
		}
		return sp.Commit(ctx)
	}()
	if err == nil {
		return nil
	}
	if !isUniqueViolation(err) {
		sp.Rollback(ctx)
		return fmt.Errorf("copy new rows: %w", err)
	}
	if err := sp.Rollback(ctx); err != nil {
		return fmt.Errorf("undo copy of new rows: %w", err)
	}
	return upsertGraphRows(ctx, tx, nodes, pairs)
}

// LoadGraph streams the stored nodes, then the pairs, to node and pair in
// one repeatable-read transaction, and returns the meta blob.
func (s *Store) LoadGraph(ctx context.Context, node func(socialcrm.GraphNode) error, pair func(socialcrm.GraphPair) error, seen func(socialcrm.GraphSeen) error) ([]byte, error) {
	var meta []byte
	err := pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `SELECT value FROM state WHERE key = $1`, graphMetaKey).Scan(&meta); err != nil {
			return notFound(err, "graph", graphMetaKey)
		}
		var n socialcrm.GraphNode
		var brands int64
		rows, _ := tx.Query(ctx, `SELECT seq, key, followers, brands FROM graph_nodes ORDER BY seq`)
		_, err := pgx.ForEachRow(rows, []any{&n.Seq, &n.Key, &n.Followers, &brands}, func() error {
			n.Brands = uint64(brands)
			return node(n)
		})
		if err != nil {
			return fmt.Errorf("nodes: %w", err)
		}
		var p socialcrm.GraphPair
		var n0, n1, chans int64
		var k0, k1 int32
		rows, _ = tx.Query(ctx, `SELECT seq, a, b, n0, n1, w0, w1, k0, k1, chans, first_at, last_at FROM graph_pairs ORDER BY seq`)
		_, err = pgx.ForEachRow(rows, []any{&p.Seq, &p.A, &p.B, &n0, &n1, &p.W[0], &p.W[1], &k0, &k1, &chans, &p.First, &p.Last}, func() error {
			p.N = [2]uint32{uint32(n0), uint32(n1)}
			p.Kinds, p.Chans = [2]uint16{uint16(k0), uint16(k1)}, uint32(chans)
			return pair(p)
		})
		if err != nil {
			return fmt.Errorf("pairs: %w", err)
		}
		// Keys saved one a row by earlier versions, and packed ones, by
		// generation.
		var gen int64
		var key *int64
		var keys []byte
		rows, _ = tx.Query(ctx, `SELECT gen, k, NULL::bytea FROM graph_seen
			UNION ALL SELECT gen, NULL::bigint, keys FROM graph_seen_chunks ORDER BY 1`)
		_, err = pgx.ForEachRow(rows, []any{&gen, &key, &keys}, func() error {
			if key != nil {
				return seen(socialcrm.GraphSeen{Key: uint64(*key), Gen: gen})
			}
			if len(keys)%8 != 0 {
				return socialcrm.Invalidf("postgres: duplicate keys of generation %d: %d bytes, not a multiple of 8", gen, len(keys))
			}
			for i := 0; i < len(keys); i += 8 {
				if err := seen(socialcrm.GraphSeen{Key: binary.LittleEndian.Uint64(keys[i:]), Gen: gen}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("duplicate keys: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: load graph: %w", err)
	}
	if meta == nil {
		meta = []byte{}
	}
	return meta, nil
}

type seenChunk struct {
	gen  int64
	keys []byte
}

// packSeen packs keys by generation, each run of one generation as one
// chunk of 8-byte little-endian keys, in the order given.
func packSeen(ks []socialcrm.GraphSeen) []seenChunk {
	var out []seenChunk
	for i := 0; i < len(ks); {
		j := i
		for j < len(ks) && ks[j].Gen == ks[i].Gen {
			j++
		}
		b := make([]byte, 0, 8*(j-i))
		for _, k := range ks[i:j] {
			b = binary.LittleEndian.AppendUint64(b, k.Key)
		}
		out = append(out, seenChunk{gen: ks[i].Gen, keys: b})
		i = j
	}
	return out
}

func isUniqueViolation(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505"
}
