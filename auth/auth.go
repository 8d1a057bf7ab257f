// Package auth signs people in: users with argon2id-hashed passwords,
// server-side sessions kept in the store (only the SHA-256 of their
// secret), rate-limited sign-in, and the first admin at start.
package auth

import (
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/socialcrm/socialcrm"
)

// Errors of sign-in. Both say the same to the caller whatever the cause, so
// that nobody learns which emails have accounts.
var (
	ErrCredentials = errors.New("invalid email or password")
	ErrRateLimited = errors.New("too many sign-in attempts; try again later")
	// ErrNoSession is returned for a missing, unknown or expired session,
	// and for an unknown, expired or revoked token.
	ErrNoSession = errors.New("not signed in")
)

// Store is what auth keeps in the service's store.
type Store interface {
	socialcrm.UserStore
	socialcrm.SessionStore
	socialcrm.TokenStore
}

// Config sets session lifetimes and sign-in rate limits.
type Config struct {
	// IdleTimeout ends a session not used for this long.
	IdleTimeout time.Duration
	// MaxAge ends a session this long after sign-in, however used.
	MaxAge time.Duration
	// AccountEvery and AccountBurst limit sign-in attempts per email;
	// AddressEvery and AddressBurst per remote address.
	AccountEvery, AddressEvery time.Duration
	AccountBurst, AddressBurst int
}

// DefaultConfig is 8 hours idle, 7 days at most; 5 attempts per account
// then one every 20 s, 20 per address then one every 3 s.
func DefaultConfig() Config {
	return Config{IdleTimeout: 8 * time.Hour, MaxAge: 7 * 24 * time.Hour,
		AccountEvery: 20 * time.Second, AccountBurst: 5, AddressEvery: 3 * time.Second, AddressBurst: 20}
}

// Validate returns an error for lifetimes or limits that make no sense.
func (c Config) Validate() error {
	if c.IdleTimeout < time.Minute || c.MaxAge < c.IdleTimeout {
		return fmt.Errorf("auth: session idle timeout %v must be at least 1m and at most the maximum age %v", c.IdleTimeout, c.MaxAge)
	}
	if c.AccountEvery <= 0 || c.AddressEvery <= 0 || c.AccountBurst < 1 || c.AddressBurst < 1 {
		return errors.New("auth: sign-in rate limits must be positive")
	}
	return nil
}

// Service signs users in and out and manages their accounts.
type Service struct {
	store    Store
	conf     Config
	log      *slog.Logger
	accounts *limiter
	addrs    *limiter
	// now is the clock, replaced by tests of expiry.
	now func() time.Time
}

// New returns a Service on st. A nil logger discards.
func New(st Store, conf Config, log *slog.Logger) (*Service, error) {
	if err := conf.Validate(); err != nil {
		return nil, err
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Service{store: st, conf: conf, log: log.With("component", "auth"), now: time.Now,
		accounts: newLimiter(conf.AccountEvery, conf.AccountBurst),
		addrs:    newLimiter(conf.AddressEvery, conf.AddressBurst)}, nil
}

// Config returns the service's configuration.
func (s *Service) Config() Config { return s.conf }

// SetClock replaces the clock, for tests of session expiry.
func (s *Service) SetClock(now func() time.Time) { s.now = now }
