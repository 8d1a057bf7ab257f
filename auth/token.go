package auth

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/socialcrm/socialcrm"
)

// tokenPrefix starts every API token secret, so that scanners of leaked
// secrets can find them; prefixLen characters of a secret are kept to
// tell tokens apart.
const (
	tokenPrefix = "sct_"
	prefixLen   = len(tokenPrefix) + 8
)

// Token lifetimes: DefaultTokenLife when none is asked for, at most
// MaxTokenLife.
const (
	DefaultTokenLife = 90 * 24 * time.Hour
	MaxTokenLife     = 366 * 24 * time.Hour
)

// NewToken is what creating a token takes. A zero Life means
// DefaultTokenLife.
type NewToken struct {
	Name string
	Role socialcrm.Role
	Life time.Duration
	// UserID is the token's owner: disabling them revokes it.
	UserID string
}

// CreateToken makes an API token and returns it with its secret, which is
// shown once and never stored.
func (s *Service) CreateToken(ctx context.Context, n NewToken) (*socialcrm.Token, string, error) {
	if n.Life == 0 {
		n.Life = DefaultTokenLife
	}
	if n.Life < time.Minute || n.Life > MaxTokenLife {
		return nil, "", socialcrm.Invalidf("token lifetime %v: want 1m to %v", n.Life, MaxTokenLife)
	}
	secret, now := tokenPrefix+newSecret(), s.now()
	t := &socialcrm.Token{ID: newID("t-"), Name: strings.TrimSpace(n.Name), Prefix: secret[:prefixLen], Hash: HashSecret(secret),
		Role: n.Role, UserID: n.UserID, CreatedAt: now, ExpiresAt: now.Add(n.Life)}
	if err := s.store.CreateToken(ctx, t); err != nil {
		return nil, "", fmt.Errorf("auth: create token: %w", err)
	}
	s.log.Info("token created", "token_id", t.ID, "role", t.Role, "user_id", t.UserID)
	return t, secret, nil
}

// Token returns the usable token of a secret and its owner, or
// ErrNoSession when it is unknown, expired or revoked or its owner is
// disabled. Its last use is recorded (at most once a minute).
func (s *Service) Token(ctx context.Context, secret string) (*socialcrm.Token, *socialcrm.User, error) {
	if !strings.HasPrefix(secret, tokenPrefix) {
		return nil, nil, ErrNoSession
	}
	now := s.now()
	t, err := s.store.FindTokenByHash(ctx, HashSecret(secret))
	if errors.Is(err, socialcrm.ErrNotFound) || (err == nil && !t.Usable(now)) {
		return nil, nil, ErrNoSession
	}
	if err != nil {
		return nil, nil, fmt.Errorf("auth: token: %w", err)
	}
	u, err := s.store.FindUserByID(ctx, t.UserID)
	if errors.Is(err, socialcrm.ErrNotFound) || (err == nil && !u.Active) {
		return nil, nil, ErrNoSession
	}
	if err != nil {
		return nil, nil, fmt.Errorf("auth: token owner: %w", err)
	}
	if now.Sub(t.LastUsedAt) > touchEvery {
		if err := s.store.TouchToken(ctx, t.ID, now); err != nil {
			return nil, nil, fmt.Errorf("auth: touch token: %w", err)
		}
	}
	return t, u, nil
}

// RevokeToken revokes a token at once.
func (s *Service) RevokeToken(ctx context.Context, id string) (*socialcrm.Token, error) {
	t, err := s.store.RevokeToken(ctx, id, s.now())
	if err != nil {
		return nil, fmt.Errorf("auth: revoke token: %w", err)
	}
	s.log.Info("token revoked", "token_id", id)
	return t, nil
}
