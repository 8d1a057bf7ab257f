package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/socialcrm/socialcrm"
)

// ReserveNonce records key until expires, or returns ErrConflict when it
// is recorded and not expired at now. Expired nonces are deleted on the
// way; an expired row of key itself is taken over.
func (s *Store) ReserveNonce(ctx context.Context, key string, now, expires time.Time) error {
	if key == "" {
		return socialcrm.Invalidf("postgres: nonce with an empty key")
	}
	key = socialcrm.CleanText(key)
	if _, err := s.pool.Exec(ctx, `DELETE FROM nonces WHERE expires_at <= $1`, now); err != nil {
		return fmt.Errorf("postgres: sweep nonces: %w", err)
	}
	var got string
	err := s.pool.QueryRow(ctx, `INSERT INTO nonces (key, expires_at) VALUES ($1, $2)
		ON CONFLICT (key) DO UPDATE SET expires_at = EXCLUDED.expires_at WHERE nonces.expires_at <= $3
		RETURNING key`, key, expires, now).Scan(&got)
	if errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("postgres: nonce already reserved: %w", socialcrm.ErrConflict)
	}
	if err != nil {
		return fmt.Errorf("postgres: reserve nonce: %w", err)
	}
	return nil
}

// ReleaseNonce forgets key.
func (s *Store) ReleaseNonce(ctx context.Context, key string) error {
	if _, err := s.pool.Exec(ctx, `DELETE FROM nonces WHERE key = $1`, socialcrm.CleanText(key)); err != nil {
		return fmt.Errorf("postgres: release nonce: %w", err)
	}
	return nil
}
