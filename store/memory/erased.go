package memory

import (
	"context"
	"maps"
	"slices"

	"github.com/socialcrm/socialcrm"
)

// AddErased records keys as erased.
func (s *Store) AddErased(ctx context.Context, keys ...string) error {
	if err := s.lock(); err != nil {
		return err
	}
	defer s.mu.Unlock()
	if s.erased == nil {
		s.erased = map[string]bool{}
	}
	for _, k := range keys {
		if k != "" {
			s.erased[socialcrm.CleanText(k)] = true
		}
	}
	return nil
}

// FindErased returns every erased key, sorted.
func (s *Store) FindErased(ctx context.Context) ([]string, error) {
	if err := s.rlock(); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	return slices.Sorted(maps.Keys(s.erased)), nil
}
