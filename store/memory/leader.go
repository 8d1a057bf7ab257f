package memory

import (
	"context"

	"github.com/socialcrm/socialcrm"
)

var _ socialcrm.Leader = (*Store)(nil)

// Lead holds the role name among the users of this store, which live in
// one process: a role is a one-slot semaphore.
func (s *Store) Lead(ctx context.Context, name string) (context.Context, func(), error) {
	s.leadMu.Lock()
	slot, ok := s.roles[name]
	if !ok {
		slot = make(chan struct{}, 1)
		s.roles[name] = slot
	}
	s.leadMu.Unlock()
	select {
	case slot <- struct{}{}:
	case <-ctx.Done():
		return nil, nil, ctx.Err()
	}
	held, cancel := context.WithCancel(ctx)
	return held, func() { cancel(); <-slot }, nil
}
