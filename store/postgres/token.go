package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/socialcrm/socialcrm"
)

var _ socialcrm.TokenStore = (*Store)(nil)

// CreateToken stores a new token of an existing user.
func (s *Store) CreateToken(ctx context.Context, t *socialcrm.Token) error {
	if err := t.Validate(); err != nil {
		return fmt.Errorf("postgres: %w", err)
	}
	_, err := s.pool.Exec(ctx, `INSERT INTO tokens (id, name, prefix, hash, role, user_id, created_at, expires_at)
		VALUES ($1, $2, $3, $4, $5, $6, COALESCE($7::timestamptz, now()), $8)`,
		t.ID, t.Name, t.Prefix, t.Hash, t.Role, t.UserID, nullTime(t.CreatedAt), nullTime(t.ExpiresAt))
	if _, ok := uniqueViolation(err); ok {
		return fmt.Errorf("postgres: create token %q: id or hash taken: %w", t.ID, socialcrm.ErrConflict)
	}
	if pe := (*pgconn.PgError)(nil); errors.As(err, &pe) && pe.Code == "23503" {
		return fmt.Errorf("postgres: create token %q: user %q: %w", t.ID, t.UserID, socialcrm.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("postgres: create token %q: %w", t.ID, err)
	}
	return nil
}

const selectTokens = `SELECT id, name, prefix, hash, role, user_id, created_at, expires_at, last_used_at, revoked_at FROM tokens`

func scanToken(row pgx.CollectableRow) (*socialcrm.Token, error) {
	var t socialcrm.Token
	var exp, used, rev *time.Time
	if err := row.Scan(&t.ID, &t.Name, &t.Prefix, &t.Hash, &t.Role, &t.UserID, &t.CreatedAt, &exp, &used, &rev); err != nil {
		return nil, err
	}
	t.CreatedAt = t.CreatedAt.UTC()
	for _, p := range []struct {
		dst *time.Time
		src *time.Time
	}{{&t.ExpiresAt, exp}, {&t.LastUsedAt, used}, {&t.RevokedAt, rev}} {
		if p.src != nil {
			*p.dst = p.src.UTC()
		}
	}
	return &t, nil
}

// FindTokenByHash returns the token of a secret's hash.
func (s *Store) FindTokenByHash(ctx context.Context, hash string) (*socialcrm.Token, error) {
	rows, _ := s.pool.Query(ctx, selectTokens+` WHERE hash = $1`, hash)
	t, err := pgx.CollectExactlyOneRow(rows, scanToken)
	if err != nil {
		return nil, notFound(err, "token", "by hash")
	}
	return t, nil
}

// FindTokens returns every token, newest first.
func (s *Store) FindTokens(ctx context.Context) ([]*socialcrm.Token, error) {
	rows, _ := s.pool.Query(ctx, selectTokens+` ORDER BY created_at DESC, id DESC`)
	ts, err := pgx.CollectRows(rows, scanToken)
	if err != nil {
		return nil, fmt.Errorf("postgres: find tokens: %w", err)
	}
	return ts, nil
}

// TouchToken sets the token's LastUsedAt.
func (s *Store) TouchToken(ctx context.Context, id string, at time.Time) error {
	tag, err := s.pool.Exec(ctx, `UPDATE tokens SET last_used_at = $2 WHERE id = $1`, id, at)
	if err != nil {
		return fmt.Errorf("postgres: touch token %q: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("postgres: token %q: %w", id, socialcrm.ErrNotFound)
	}
	return nil
}

// RevokeToken revokes a token, once.
func (s *Store) RevokeToken(ctx context.Context, id string, at time.Time) (*socialcrm.Token, error) {
	rows, _ := s.pool.Query(ctx, `UPDATE tokens SET revoked_at = COALESCE(revoked_at, $2) WHERE id = $1
		RETURNING id, name, prefix, hash, role, user_id, created_at, expires_at, last_used_at, revoked_at`, id, at)
	t, err := pgx.CollectExactlyOneRow(rows, scanToken)
	if err != nil {
		return nil, notFound(err, "token", id)
	}
	return t, nil
}

// RevokeUserTokens revokes every live token of a user.
func (s *Store) RevokeUserTokens(ctx context.Context, userID string, at time.Time) (int, error) {
	tag, err := s.pool.Exec(ctx, `UPDATE tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL`, userID, at)
	if err != nil {
		return 0, fmt.Errorf("postgres: revoke tokens of user %q: %w", userID, err)
	}
	return int(tag.RowsAffected()), nil
}
