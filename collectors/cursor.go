package collectors

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"

	"github.com/socialcrm/socialcrm"
)

// Cursor is a collector's resume position, stored as JSON in the state
// store under a key such as "collector:mastodon:hashtag:acme".
type Cursor struct {
	store socialcrm.StateStore
	key   string
}

// Cursor returns the cursor stored under key.
func (d Deps) Cursor(key string) *Cursor {
	st := d.State
	if st == nil {
		st = memState
	}
	return &Cursor{store: st, key: "collector:" + key}
}

// Load reads the cursor into v. It reports false, and leaves v alone, when
// nothing is stored yet.
func (c *Cursor) Load(ctx context.Context, v any) (bool, error) {
	b, err := c.store.GetState(ctx, c.key)
	if errors.Is(err, socialcrm.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("collectors: load cursor %s: %w", c.key, err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return false, fmt.Errorf("collectors: cursor %s: %w", c.key, err)
	}
	return true, nil
}

// Save stores v as the cursor.
func (c *Cursor) Save(ctx context.Context, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("collectors: encode cursor %s: %w", c.key, err)
	}
	if err := c.store.PutState(ctx, c.key, b); err != nil {
		return fmt.Errorf("collectors: save cursor %s: %w", c.key, err)
	}
	return nil
}

// MemState is a StateStore in memory, for tests and runs without a store.
type MemState struct {
	mu sync.Mutex
	m  map[string][]byte
}

var memState = &MemState{}

// GetState returns ErrNotFound if nothing is stored under key.
func (s *MemState) GetState(ctx context.Context, key string) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.m[key]
	if !ok {
		return nil, fmt.Errorf("state %q: %w", key, socialcrm.ErrNotFound)
	}
	return append([]byte(nil), v...), nil
}

// PutState stores value under key.
func (s *MemState) PutState(ctx context.Context, key string, value []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = map[string][]byte{}
	}
	s.m[key] = append([]byte(nil), value...)
	return nil
}

var _ socialcrm.StateStore = (*MemState)(nil)
