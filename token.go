package socialcrm

import (
	"context"
	"fmt"
	"time"
)

// Token is an API token: a secret sent as "Authorization: Bearer <secret>"
// that acts with its Role on behalf of its UserID (the admin who made it).
// Only the SHA-256 of the secret is kept (Hash), and its first characters
// (Prefix) to tell tokens apart.
type Token struct {
	ID         string    `json:"id"`
	Name       string    `json:"name"`
	Prefix     string    `json:"prefix"`
	Hash       string    `json:"-"`
	Role       Role      `json:"role"`
	UserID     string    `json:"user_id"`
	CreatedAt  time.Time `json:"created_at"`
	ExpiresAt  time.Time `json:"expires_at,omitzero"`
	LastUsedAt time.Time `json:"last_used_at,omitzero"`
	RevokedAt  time.Time `json:"revoked_at,omitzero"`
}

// Usable reports whether the token may be used at now: not revoked, not
// expired.
func (t *Token) Usable(now time.Time) bool {
	return t.RevokedAt.IsZero() && (t.ExpiresAt.IsZero() || now.Before(t.ExpiresAt))
}

// Validate returns ErrInvalid for a token without an ID, a hash, a user, a
// name of 1 to 200 bytes or a known role.
func (t *Token) Validate() error {
	if _, err := ParseRole(string(t.Role)); err != nil {
		return fmt.Errorf("token %q: %w", t.ID, err)
	}
	if t.ID == "" || t.Hash == "" || t.UserID == "" || t.Name == "" || len(t.Name) > 200 {
		return Invalidf("token %q: want an id, a hash, a user and a name of 1 to 200 bytes", t.ID)
	}
	return nil
}

// TokenStore keeps API tokens. Tokens are revoked, never deleted.
type TokenStore interface {
	// CreateToken stores a new token. Returns ErrInvalid without an ID,
	// hash, user or a known role, ErrNotFound for an unknown user and
	// ErrConflict when the ID or hash is taken.
	CreateToken(ctx context.Context, t *Token) error
	// FindTokenByHash returns the token of a secret's hash, or ErrNotFound.
	FindTokenByHash(ctx context.Context, hash string) (*Token, error)
	// FindTokens returns every token, newest first.
	FindTokens(ctx context.Context) ([]*Token, error)
	// TouchToken sets the token's LastUsedAt; ErrNotFound for an unknown ID.
	TouchToken(ctx context.Context, id string, at time.Time) error
	// RevokeToken sets the token's RevokedAt unless it is revoked already,
	// and returns the token. ErrNotFound for an unknown ID.
	RevokeToken(ctx context.Context, id string, at time.Time) (*Token, error)
	// RevokeUserTokens revokes every token of the user not revoked yet and
	// returns how many.
	RevokeUserTokens(ctx context.Context, userID string, at time.Time) (int, error)
}
