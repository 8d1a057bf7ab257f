package socialcrm

import (
	"context"
	"time"
)

// Session is a signed-in browser. Only the SHA-256 of its cookie's secret
// is kept, as Hash (hex).
type Session struct {
	Hash       string    `json:"-"`
	UserID     string    `json:"user_id"`
	CreatedAt  time.Time `json:"created_at"`
	LastSeenAt time.Time `json:"last_seen_at"`
	RemoteAddr string    `json:"remote_addr,omitempty"`
}

// SessionStore keeps sessions.
type SessionStore interface {
	// CreateSession stores a new session. Returns ErrConflict when its
	// Hash is taken and ErrInvalid when Hash or UserID is empty.
	CreateSession(ctx context.Context, s *Session) error
	// FindSession returns the session of hash, or ErrNotFound.
	FindSession(ctx context.Context, hash string) (*Session, error)
	// TouchSession sets the LastSeenAt of the session of hash. Returns
	// ErrNotFound for an unknown hash.
	TouchSession(ctx context.Context, hash string, at time.Time) error
	// DeleteSession removes the session of hash; an unknown hash is not
	// an error.
	DeleteSession(ctx context.Context, hash string) error
	// DeleteUserSessions removes every session of the user and returns how
	// many it removed.
	DeleteUserSessions(ctx context.Context, userID string) (int, error)
}
