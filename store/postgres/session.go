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

var _ socialcrm.SessionStore = (*Store)(nil)

// CreateSession stores a new session of an existing user.
func (s *Store) CreateSession(ctx context.Context, ss *socialcrm.Session) error {
	if ss.Hash == "" || ss.UserID == "" {
		return socialcrm.Invalidf("postgres: session without hash or user")
	}
	now := time.Now()
	_, err := s.pool.Exec(ctx, `INSERT INTO sessions (hash, user_id, created_at, last_seen_at, remote_addr)
		VALUES ($1, $2, COALESCE($3::timestamptz, $5), COALESCE($4::timestamptz, $5), $6)`,
		ss.Hash, ss.UserID, nullTime(ss.CreatedAt), nullTime(ss.LastSeenAt), now, ss.RemoteAddr)
	if _, ok := uniqueViolation(err); ok {
		return fmt.Errorf("postgres: create session: hash taken: %w", socialcrm.ErrConflict)
	}
	if pe := (*pgconn.PgError)(nil); errors.As(err, &pe) && pe.Code == "23503" {
		return fmt.Errorf("postgres: create session: user %q: %w", ss.UserID, socialcrm.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("postgres: create session: %w", err)
	}
	return nil
}

// FindSession returns the session of hash, or ErrNotFound.
func (s *Store) FindSession(ctx context.Context, hash string) (*socialcrm.Session, error) {
	var ss socialcrm.Session
	err := s.pool.QueryRow(ctx, `SELECT hash, user_id, created_at, last_seen_at, remote_addr FROM sessions
		WHERE hash = $1`, hash).Scan(&ss.Hash, &ss.UserID, &ss.CreatedAt, &ss.LastSeenAt, &ss.RemoteAddr)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("postgres: session: %w", socialcrm.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: find session: %w", err)
	}
	ss.CreatedAt, ss.LastSeenAt = ss.CreatedAt.UTC(), ss.LastSeenAt.UTC()
	return &ss, nil
}

// TouchSession sets the session's LastSeenAt.
func (s *Store) TouchSession(ctx context.Context, hash string, at time.Time) error {
	tag, err := s.pool.Exec(ctx, `UPDATE sessions SET last_seen_at = $2 WHERE hash = $1`, hash, at)
	if err != nil {
		return fmt.Errorf("postgres: touch session: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("postgres: session: %w", socialcrm.ErrNotFound)
	}
	return nil
}

// DeleteSession removes one session.
func (s *Store) DeleteSession(ctx context.Context, hash string) error {
	if _, err := s.pool.Exec(ctx, `DELETE FROM sessions WHERE hash = $1`, hash); err != nil {
		return fmt.Errorf("postgres: delete session: %w", err)
	}
	return nil
}

// DeleteUserSessions removes every session of a user.
func (s *Store) DeleteUserSessions(ctx context.Context, userID string) (int, error) {
	tag, err := s.pool.Exec(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID)
	if err != nil {
		return 0, fmt.Errorf("postgres: delete sessions of user %q: %w", userID, err)
	}
	return int(tag.RowsAffected()), nil
}
