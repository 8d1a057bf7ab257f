package memory

import (
	"context"
	"fmt"
	"time"

	"github.com/socialcrm/socialcrm"
)

// nonceSweepEvery is how many reservations pass between sweeps of the
// expired nonces.
const nonceSweepEvery = 256

// ReserveNonce records key until expires, or returns ErrConflict when it
// is recorded and not expired at now.
func (s *Store) ReserveNonce(ctx context.Context, key string, now, expires time.Time) error {
	if key == "" {
		return socialcrm.Invalidf("memory: nonce with an empty key")
	}
	key = socialcrm.CleanText(key)
	if err := s.lock(); err != nil {
		return err
	}
	defer s.mu.Unlock()
	if s.reserves++; s.reserves >= nonceSweepEvery {
		s.reserves = 0
		for k, exp := range s.nonces {
			if !exp.After(now) {
				delete(s.nonces, k)
			}
		}
	}
	if exp, ok := s.nonces[key]; ok && exp.After(now) {
		return fmt.Errorf("memory: nonce already reserved until %s: %w", exp.UTC().Format(time.RFC3339), socialcrm.ErrConflict)
	}
	s.nonces[key] = expires
	return nil
}

// ReleaseNonce forgets key.
func (s *Store) ReleaseNonce(ctx context.Context, key string) error {
	if err := s.lock(); err != nil {
		return err
	}
	defer s.mu.Unlock()
	delete(s.nonces, socialcrm.CleanText(key))
	return nil
}
