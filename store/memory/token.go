package memory

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/socialcrm/socialcrm"
)

var _ socialcrm.TokenStore = (*Store)(nil)

// CreateToken stores a new token of an existing user.
func (s *Store) CreateToken(ctx context.Context, t *socialcrm.Token) error {
	if err := t.Validate(); err != nil {
		return fmt.Errorf("memory: %w", err)
	}
	if err := s.lock(); err != nil {
		return err
	}
	defer s.mu.Unlock()
	s.access.init()
	if s.access.users[t.UserID] == nil {
		return fmt.Errorf("memory: create token %q: user %q: %w", t.ID, t.UserID, socialcrm.ErrNotFound)
	}
	for _, o := range s.access.tokens {
		if o.ID == t.ID || o.Hash == t.Hash {
			return fmt.Errorf("memory: create token %q: id or hash taken: %w", t.ID, socialcrm.ErrConflict)
		}
	}
	c := copyToken(t)
	if c.CreatedAt.IsZero() {
		c.CreatedAt = norm(time.Now())
	}
	c.LastUsedAt, c.RevokedAt = time.Time{}, time.Time{}
	s.access.tokens[c.ID] = c
	return nil
}

func copyToken(t *socialcrm.Token) *socialcrm.Token {
	c := *t
	for _, p := range []*time.Time{&c.CreatedAt, &c.ExpiresAt, &c.LastUsedAt, &c.RevokedAt} {
		if !p.IsZero() {
			*p = norm(*p)
		}
	}
	return &c
}

// FindTokenByHash returns the token of a secret's hash.
func (s *Store) FindTokenByHash(ctx context.Context, hash string) (*socialcrm.Token, error) {
	if err := s.rlock(); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	for _, t := range s.access.tokens {
		if t.Hash == hash {
			return copyToken(t), nil
		}
	}
	return nil, fmt.Errorf("memory: token by hash: %w", socialcrm.ErrNotFound)
}

// FindTokens returns every token, newest first.
func (s *Store) FindTokens(ctx context.Context) ([]*socialcrm.Token, error) {
	if err := s.rlock(); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	out := make([]*socialcrm.Token, 0, len(s.access.tokens))
	for _, t := range s.access.tokens {
		out = append(out, copyToken(t))
	}
	slices.SortFunc(out, func(a, b *socialcrm.Token) int {
		return cmp.Or(b.CreatedAt.Compare(a.CreatedAt), cmp.Compare(b.ID, a.ID))
	})
	return out, nil
}

// TouchToken sets the token's LastUsedAt.
func (s *Store) TouchToken(ctx context.Context, id string, at time.Time) error {
	_, err := s.changeToken(id, func(t *socialcrm.Token) { t.LastUsedAt = norm(at) })
	return err
}

// RevokeToken revokes a token, once.
func (s *Store) RevokeToken(ctx context.Context, id string, at time.Time) (*socialcrm.Token, error) {
	return s.changeToken(id, func(t *socialcrm.Token) {
		if t.RevokedAt.IsZero() {
			t.RevokedAt = norm(at)
		}
	})
}

func (s *Store) changeToken(id string, change func(*socialcrm.Token)) (*socialcrm.Token, error) {
	if err := s.lock(); err != nil {
		return nil, err
	}
	defer s.mu.Unlock()
	t := s.access.tokens[id]
	if t == nil {
		return nil, fmt.Errorf("memory: token %q: %w", id, socialcrm.ErrNotFound)
	}
	change(t)
	return copyToken(t), nil
}

// RevokeUserTokens revokes every live token of a user.
func (s *Store) RevokeUserTokens(ctx context.Context, userID string, at time.Time) (int, error) {
	if err := s.lock(); err != nil {
		return 0, err
	}
	defer s.mu.Unlock()
	n := 0
	for _, t := range s.access.tokens {
		if t.UserID == userID && t.RevokedAt.IsZero() {
			t.RevokedAt = norm(at)
			n++
		}
	}
	return n, nil
}
