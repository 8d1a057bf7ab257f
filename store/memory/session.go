package memory

import (
	"context"
	"fmt"
	"time"

	"github.com/socialcrm/socialcrm"
)

var _ socialcrm.SessionStore = (*Store)(nil)

// CreateSession stores a new session of an existing user.
func (s *Store) CreateSession(ctx context.Context, ss *socialcrm.Session) error {
	if ss.Hash == "" || ss.UserID == "" {
		return socialcrm.Invalidf("memory: session without hash or user")
	}
	if err := s.lock(); err != nil {
		return err
	}
	defer s.mu.Unlock()
	s.access.init()
	if s.access.users[ss.UserID] == nil {
		return fmt.Errorf("memory: create session: user %q: %w", ss.UserID, socialcrm.ErrNotFound)
	}
	if s.access.sessions[ss.Hash] != nil {
		return fmt.Errorf("memory: create session: hash taken: %w", socialcrm.ErrConflict)
	}
	c := *ss
	now := norm(time.Now())
	stamp(&c.CreatedAt, &c.LastSeenAt, nil, now)
	c.CreatedAt, c.LastSeenAt = norm(c.CreatedAt), norm(c.LastSeenAt)
	s.access.sessions[c.Hash] = &c
	return nil
}

// FindSession returns the session of hash, or ErrNotFound.
func (s *Store) FindSession(ctx context.Context, hash string) (*socialcrm.Session, error) {
	if err := s.rlock(); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	ss := s.access.sessions[hash]
	if ss == nil {
		return nil, fmt.Errorf("memory: session: %w", socialcrm.ErrNotFound)
	}
	c := *ss
	return &c, nil
}

// TouchSession sets the session's LastSeenAt.
func (s *Store) TouchSession(ctx context.Context, hash string, at time.Time) error {
	if err := s.lock(); err != nil {
		return err
	}
	defer s.mu.Unlock()
	ss := s.access.sessions[hash]
	if ss == nil {
		return fmt.Errorf("memory: session: %w", socialcrm.ErrNotFound)
	}
	ss.LastSeenAt = norm(at)
	return nil
}

// DeleteSession removes one session.
func (s *Store) DeleteSession(ctx context.Context, hash string) error {
	if err := s.lock(); err != nil {
		return err
	}
	defer s.mu.Unlock()
	delete(s.access.sessions, hash)
	return nil
}

// DeleteUserSessions removes every session of a user.
func (s *Store) DeleteUserSessions(ctx context.Context, userID string) (int, error) {
	if err := s.lock(); err != nil {
		return 0, err
	}
	defer s.mu.Unlock()
	n := 0
	for h, ss := range s.access.sessions {
		if ss.UserID == userID {
			delete(s.access.sessions, h)
			n++
		}
	}
	return n, nil
}
