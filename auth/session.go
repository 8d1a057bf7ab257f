package auth

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/socialcrm/socialcrm"
)

// touchEvery is how stale a session's LastSeenAt may get before a request
// writes it again: one write a minute per session, not one per request.
const touchEvery = time.Minute

// SignIn checks the email and password and opens a session from remote
// (an IP address). It returns the user and the session's secret, which
// goes in the cookie and is never stored. Wrong or unknown credentials
// and disabled users all get ErrCredentials; too many attempts for the
// email or from remote get ErrRateLimited.
func (s *Service) SignIn(ctx context.Context, email, password, remote string) (*socialcrm.User, string, error) {
	now := s.now()
	key := socialcrm.NormalizeEmailKey(email)
	if !s.addrs.allow(remote, now) || !s.accounts.allow(key, now) {
		s.log.Warn("sign-in rate limited", "remote_addr", remote)
		return nil, "", ErrRateLimited
	}
	u, err := s.store.FindUserByEmail(ctx, key)
	switch {
	case errors.Is(err, socialcrm.ErrNotFound):
		VerifyPassword(dummyHash, password)
		return nil, "", ErrCredentials
	case err != nil:
		return nil, "", fmt.Errorf("auth: sign in: %w", err)
	}
	if !VerifyPassword(u.PasswordHash, password) || !u.Active {
		s.log.Info("sign-in refused", "user_id", u.ID, "remote_addr", remote)
		return nil, "", ErrCredentials
	}
	secret, err := s.OpenSession(ctx, u, remote)
	if err != nil {
		return nil, "", err
	}
	return u, secret, nil
}

// OpenSession opens a session for a user already authenticated (by
// password or single sign-on) and returns its secret.
func (s *Service) OpenSession(ctx context.Context, u *socialcrm.User, remote string) (string, error) {
	secret, now := newSecret(), s.now()
	err := s.store.CreateSession(ctx, &socialcrm.Session{Hash: HashSecret(secret), UserID: u.ID,
		CreatedAt: now, LastSeenAt: now, RemoteAddr: remote})
	if err != nil {
		return "", fmt.Errorf("auth: open session: %w", err)
	}
	s.log.Info("signed in", "user_id", u.ID, "remote_addr", remote)
	return secret, nil
}

// Session returns the active user of the session whose secret is given,
// or ErrNoSession when there is none, it expired (idle or too old) or its
// user is disabled. Expired sessions are deleted.
func (s *Service) Session(ctx context.Context, secret string) (*socialcrm.User, error) {
	if secret == "" {
		return nil, ErrNoSession
	}
	hash, now := HashSecret(secret), s.now()
	ss, err := s.store.FindSession(ctx, hash)
	if errors.Is(err, socialcrm.ErrNotFound) {
		return nil, ErrNoSession
	}
	if err != nil {
		return nil, fmt.Errorf("auth: session: %w", err)
	}
	if now.Sub(ss.LastSeenAt) > s.conf.IdleTimeout || now.Sub(ss.CreatedAt) > s.conf.MaxAge {
		if err := s.store.DeleteSession(ctx, hash); err != nil {
			return nil, fmt.Errorf("auth: end expired session: %w", err)
		}
		return nil, ErrNoSession
	}
	u, err := s.store.FindUserByID(ctx, ss.UserID)
	if errors.Is(err, socialcrm.ErrNotFound) || (err == nil && !u.Active) {
		return nil, ErrNoSession
	}
	if err != nil {
		return nil, fmt.Errorf("auth: session user: %w", err)
	}
	if now.Sub(ss.LastSeenAt) > touchEvery {
		if err := s.store.TouchSession(ctx, hash, now); err != nil && !errors.Is(err, socialcrm.ErrNotFound) {
			return nil, fmt.Errorf("auth: touch session: %w", err)
		}
	}
	return u, nil
}

// SignOut ends the session whose secret is given.
func (s *Service) SignOut(ctx context.Context, secret string) error {
	if err := s.store.DeleteSession(ctx, HashSecret(secret)); err != nil {
		return fmt.Errorf("auth: sign out: %w", err)
	}
	return nil
}
