package memory

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/socialcrm/socialcrm"
)

// checkAccount reports why a cannot be stored, if it cannot.
func checkAccount(a *socialcrm.Account) error {
	switch {
	case a == nil:
		return socialcrm.Invalidf("memory: nil account")
	case a.ID == "":
		return socialcrm.Invalidf("memory: account without id")
	}
	if err := a.CheckFields(); err != nil {
		return fmt.Errorf("memory: %w", err)
	}
	if err := a.CheckCurrency(); err != nil {
		return fmt.Errorf("memory: %w", err)
	}
	return nil
}

// SaveAccounts upserts accounts by ID.
func (s *Store) SaveAccounts(ctx context.Context, as ...*socialcrm.Account) error {
	as = socialcrm.CleanAccounts(as)
	for _, a := range as {
		if err := checkAccount(a); err != nil {
			return err
		}
	}
	if err := s.lock(); err != nil {
		return err
	}
	defer s.mu.Unlock()
	now := norm(time.Now())
	for _, a := range as {
		b := copyAccount(a)
		old := s.accounts[a.ID]
		var oldCreated *time.Time
		if old != nil {
			oldCreated = &old.CreatedAt
		}
		stamp(&b.CreatedAt, &b.UpdatedAt, oldCreated, now)
		s.accounts[a.ID] = b
	}
	return nil
}

// FindAccountByID returns the account with that ID, or ErrNotFound.
func (s *Store) FindAccountByID(ctx context.Context, id string) (*socialcrm.Account, error) {
	return findByID(s, s.accounts, "account", id, copyAccount)
}

// FindAccounts returns all accounts, highest value first, then by ID.
func (s *Store) FindAccounts(ctx context.Context) ([]*socialcrm.Account, error) {
	if err := s.rlock(); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	out := make([]*socialcrm.Account, 0, len(s.accounts))
	for _, a := range s.accounts {
		out = append(out, copyAccount(a))
	}
	slices.SortFunc(out, func(a, b *socialcrm.Account) int {
		return cmp.Or(cmp.Compare(b.Value, a.Value), strings.Compare(a.ID, b.ID))
	})
	return out, nil
}
