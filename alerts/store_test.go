package alerts_test

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/socialcrm/socialcrm"
)

// testStore keeps alerts, contacts, accounts and state in maps. Methods
// the alerter does not use are left to the nil embedded interface.
type testStore struct {
	socialcrm.Store
	mu       sync.Mutex
	alerts   map[string]socialcrm.Alert
	contacts map[string]*socialcrm.Contact
	accounts map[string]*socialcrm.Account
	state    map[string][]byte
}

func newTestStore() *testStore {
	return &testStore{alerts: map[string]socialcrm.Alert{}, contacts: map[string]*socialcrm.Contact{},
		accounts: map[string]*socialcrm.Account{}, state: map[string][]byte{}}
}

func (s *testStore) SaveAlert(_ context.Context, a *socialcrm.Alert) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := *a
	c.Deliveries = slices.Clone(a.Deliveries)
	s.alerts[a.ID] = c
	return nil
}

func (s *testStore) FindAlertByID(_ context.Context, id string) (*socialcrm.Alert, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.alerts[id]
	if !ok {
		return nil, fmt.Errorf("alert %q: %w", id, socialcrm.ErrNotFound)
	}
	return &a, nil
}

func (s *testStore) FindAlerts(_ context.Context, f socialcrm.AlertFilter) ([]*socialcrm.Alert, int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*socialcrm.Alert
	for _, a := range s.alerts {
		if (f.Brand == nil || *f.Brand == a.Brand) && (f.Status == nil || *f.Status == a.Status) {
			out = append(out, &a)
		}
	}
	return out, len(out), nil
}

func (s *testStore) FindContactByID(_ context.Context, id string) (*socialcrm.Contact, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c, ok := s.contacts[id]; ok {
		return c, nil
	}
	return nil, fmt.Errorf("contact %q: %w", id, socialcrm.ErrNotFound)
}

func (s *testStore) FindAccountByID(_ context.Context, id string) (*socialcrm.Account, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a, ok := s.accounts[id]; ok {
		return a, nil
	}
	return nil, fmt.Errorf("account %q: %w", id, socialcrm.ErrNotFound)
}

func (s *testStore) GetState(_ context.Context, key string) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if b, ok := s.state[key]; ok {
		return b, nil
	}
	return nil, fmt.Errorf("state %q: %w", key, socialcrm.ErrNotFound)
}

func (s *testStore) PutState(_ context.Context, key string, b []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.state[key] = slices.Clone(b)
	return nil
}
