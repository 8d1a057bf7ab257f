package postgres

import (
	"context"
	"fmt"

	"github.com/socialcrm/socialcrm"
)

// GetState returns the blob stored under key, or ErrNotFound.
func (s *Store) GetState(ctx context.Context, key string) ([]byte, error) {
	var v []byte
	err := s.pool.QueryRow(ctx, `SELECT value FROM state WHERE key = $1`, socialcrm.CleanText(key)).Scan(&v)
	if err != nil {
		return nil, notFound(err, "state", key)
	}
	if v == nil {
		v = []byte{}
	}
	return v, nil
}

// PutState stores value under key, replacing what was there.
func (s *Store) PutState(ctx context.Context, key string, value []byte) error {
	if key == "" {
		return socialcrm.Invalidf("postgres: state with an empty key")
	}
	if value == nil {
		value = []byte{}
	}
	_, err := s.pool.Exec(ctx, `INSERT INTO state (key, value, updated_at) VALUES ($1, $2, now())
		ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`, socialcrm.CleanText(key), value)
	if err != nil {
		return fmt.Errorf("postgres: put state %q: %w", key, rejected(err))
	}
	return nil
}
