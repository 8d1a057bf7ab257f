package sentiment

import (
	"context"
	"fmt"
	"sync"

	"github.com/socialcrm/socialcrm"
)

// mapState is a StateStore in a map, for the package's own tests.
type mapState struct {
	mu sync.Mutex
	m  map[string][]byte
}

func newMapState() *mapState { return &mapState{m: map[string][]byte{}} }

func (s *mapState) GetState(ctx context.Context, key string) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.m[key]
	if !ok {
		return nil, fmt.Errorf("state %q: %w", key, socialcrm.ErrNotFound)
	}
	return append([]byte(nil), v...), nil
}

func (s *mapState) PutState(ctx context.Context, key string, value []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[key] = append([]byte(nil), value...)
	return nil
}
