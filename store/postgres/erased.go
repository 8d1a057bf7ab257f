package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/socialcrm/socialcrm"
)

// AddErased records keys as erased, one row each.
func (s *Store) AddErased(ctx context.Context, keys ...string) error {
	var ks []string
	for _, k := range keys {
		if k != "" {
			ks = append(ks, socialcrm.CleanText(k))
		}
	}
	if len(ks) == 0 {
		return nil
	}
	_, err := s.pool.Exec(ctx, `INSERT INTO erased_identities (key) SELECT unnest($1::text[]) ON CONFLICT (key) DO NOTHING`, ks)
	if err != nil {
		return fmt.Errorf("postgres: add %d erased identities: %w", len(ks), err)
	}
	return nil
}

// FindErased returns every erased key, sorted.
func (s *Store) FindErased(ctx context.Context) ([]string, error) {
	rows, _ := s.pool.Query(ctx, `SELECT key FROM erased_identities ORDER BY key`)
	keys, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("postgres: find erased identities: %w", err)
	}
	return keys, nil
}
