package memory

import (
	"bytes"
	"context"
	"fmt"

	"github.com/socialcrm/socialcrm"
)

// GetState returns the blob stored under key, or ErrNotFound.
func (s *Store) GetState(ctx context.Context, key string) ([]byte, error) {
	if err := s.rlock(); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	v, ok := s.state[socialcrm.CleanText(key)]
	if !ok {
		return nil, fmt.Errorf("memory: state %q: %w", key, socialcrm.ErrNotFound)
	}
	return bytes.Clone(v), nil
}

// PutState stores value under key, replacing what was there.
func (s *Store) PutState(ctx context.Context, key string, value []byte) error {
	if key == "" {
		return socialcrm.Invalidf("memory: state with an empty key")
	}
	v := bytes.Clone(value)
	if v == nil {
		v = []byte{}
	}
	if err := s.lock(); err != nil {
		return err
	}
	defer s.mu.Unlock()
	s.state[socialcrm.CleanText(key)] = v
	return nil
}
