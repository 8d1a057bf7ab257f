package pipeline_test

import (
	"context"
	"fmt"
	"sync"

	"github.com/socialcrm/socialcrm"
)

// memStore is a map of mentions by ID, enough of a MentionStore for these
// tests.
type memStore struct {
	socialcrm.MentionStore // other methods are not used
	mu                     sync.Mutex
	ms                     map[string]*socialcrm.Mention
}

func newMemStore() *memStore { return &memStore{ms: map[string]*socialcrm.Mention{}} }

func (s *memStore) SaveMentions(ctx context.Context, ms ...*socialcrm.Mention) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, m := range ms {
		c := *m
		s.ms[m.ID] = &c
	}
	return nil
}

func (s *memStore) FindMentionByID(ctx context.Context, id string) (*socialcrm.Mention, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.ms[id]
	if !ok {
		return nil, fmt.Errorf("mention %q: %w", id, socialcrm.ErrNotFound)
	}
	c := *m
	return &c, nil
}

func (s *memStore) FindMentions(ctx context.Context, f socialcrm.MentionFilter) ([]*socialcrm.Mention, int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return nil, len(s.ms), nil
}
