package memory

import (
	"context"
	"sync"

	"github.com/socialcrm/socialcrm"
)

var _ socialcrm.ChangeFeed = (*Store)(nil)

// watchBuffer is how many notices a slow watcher may fall behind before
// later ones are dropped (notices are hints: it rereads on its period).
const watchBuffer = 64

// changes fans notices out to the watchers of one store, which live in
// one process.
type changes struct {
	mu       sync.Mutex
	watchers map[chan string]bool
}

// NotifyChange implements socialcrm.ChangeFeed.
func (s *Store) NotifyChange(ctx context.Context, kind string) error {
	if err := socialcrm.CheckChangeKind(kind); err != nil {
		return err
	}
	if err := s.Ping(ctx); err != nil {
		return err
	}
	s.changes.mu.Lock()
	defer s.changes.mu.Unlock()
	for w := range s.changes.watchers {
		select {
		case w <- kind:
		default:
		}
	}
	return nil
}

// WatchChanges implements socialcrm.ChangeFeed.
func (s *Store) WatchChanges(ctx context.Context, f func(kind string)) error {
	w := make(chan string, watchBuffer)
	s.changes.mu.Lock()
	if s.changes.watchers == nil {
		s.changes.watchers = map[chan string]bool{}
	}
	s.changes.watchers[w] = true
	s.changes.mu.Unlock()
	defer func() {
		s.changes.mu.Lock()
		delete(s.changes.watchers, w)
		s.changes.mu.Unlock()
	}()
	for {
		select {
		case <-ctx.Done():
			return nil
		case kind := <-w:
			f(kind)
		}
	}
}
