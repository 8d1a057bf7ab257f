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

// CreateOpportunity stores a new opportunity of an existing account.
func (s *Store) CreateOpportunity(ctx context.Context, o *socialcrm.Opportunity) error {
	if err := s.lock(); err != nil {
		return err
	}
	defer s.mu.Unlock()
	if err := s.checkOpportunity(o, ""); err != nil {
		return err
	}
	s.putOpportunity(o, nil, norm(time.Now()))
	return nil
}

// checkOpportunity reports why the new o cannot be stored; its account
// must exist or be newAccount, about to be made. The caller holds the
// lock.
func (s *Store) checkOpportunity(o *socialcrm.Opportunity, newAccount string) error {
	if err := o.Validate(); err != nil {
		return fmt.Errorf("memory: create opportunity: %w", err)
	}
	if s.sales.opps[socialcrm.CleanText(o.ID)] != nil {
		return fmt.Errorf("memory: opportunity %q already exists: %w", o.ID, socialcrm.ErrConflict)
	}
	if id := socialcrm.CleanText(o.AccountID); s.accounts[id] == nil && id != newAccount {
		return socialcrm.Invalidf("memory: opportunity %q: account %q does not exist", o.ID, o.AccountID)
	}
	return nil
}

// putOpportunity stores o over old (nil for a new one), adding its value to
// its account's when it becomes won. The caller holds the lock and has
// checked o.
func (s *Store) putOpportunity(o, old *socialcrm.Opportunity, now time.Time) *socialcrm.Opportunity {
	d := copyOpportunity(socialcrm.CleanOpportunity(o))
	if old != nil {
		d.ID, d.CreatedAt = old.ID, old.CreatedAt
		d.UpdatedAt = now
	} else {
		stamp(&d.CreatedAt, &d.UpdatedAt, nil, now)
	}
	if d.Stage == socialcrm.StageWon && (old == nil || old.Stage != socialcrm.StageWon) {
		a := copyAccount(s.accounts[d.AccountID])
		a.Value += d.Value()
		a.UpdatedAt = now
		s.accounts[a.ID] = a
	}
	s.sales.opps[d.ID] = d
	return d
}

// UpdateOpportunity changes the opportunity id under the store's lock.
func (s *Store) UpdateOpportunity(ctx context.Context, id string, change func(*socialcrm.Opportunity) error) (*socialcrm.Opportunity, error) {
	if err := s.lock(); err != nil {
		return nil, err
	}
	defer s.mu.Unlock()
	old := s.sales.opps[socialcrm.CleanText(id)]
	if old == nil {
		return nil, fmt.Errorf("memory: opportunity %q: %w", id, socialcrm.ErrNotFound)
	}
	o := copyOpportunity(old)
	if err := change(o); err != nil {
		return nil, err
	}
	o.ID = old.ID
	if err := o.Validate(); err != nil {
		return nil, fmt.Errorf("memory: update opportunity: %w", err)
	}
	if s.accounts[socialcrm.CleanText(o.AccountID)] == nil {
		return nil, socialcrm.Invalidf("memory: opportunity %q: account %q does not exist", o.ID, o.AccountID)
	}
	return copyOpportunity(s.putOpportunity(o, old, norm(time.Now()))), nil
}

// FindOpportunityByID returns the opportunity with that ID, or ErrNotFound.
func (s *Store) FindOpportunityByID(ctx context.Context, id string) (*socialcrm.Opportunity, error) {
	return findByID(s, s.sales.opps, "opportunity", id, copyOpportunity)
}

// FindOpportunities returns the matching opportunities, soonest expected
// close first, and their total.
func (s *Store) FindOpportunities(ctx context.Context, f socialcrm.OpportunityFilter) ([]*socialcrm.Opportunity, int, error) {
	if err := socialcrm.CheckOpportunityFilter(f); err != nil {
		return nil, 0, fmt.Errorf("memory: %w", err)
	}
	offset, limit, err := page(f.Offset, f.Limit, true)
	if err != nil {
		return nil, 0, err
	}
	keep := func(o *socialcrm.Opportunity) bool {
		eq := func(want *string, got string) bool { return want == nil || socialcrm.CleanText(*want) == got }
		st, _ := socialcrm.StageOf(o.Stage)
		return eq(f.AccountID, o.AccountID) && eq(f.Stage, o.Stage) && eq(f.Owner, o.Owner) && (!f.Open || !st.Closed) &&
			(f.ContactID == nil || slices.Contains(o.Contacts, socialcrm.CleanText(*f.ContactID)))
	}
	return findPage(s, s.sales.opps, offset, limit, keep, func(a, b *socialcrm.Opportunity) int {
		return cmp.Or(closeOrder(a.ExpectedClose, b.ExpectedClose), strings.Compare(a.ID, b.ID))
	}, copyOpportunity)
}

// closeOrder orders expected close dates, the empty one last.
func closeOrder(a, b string) int {
	switch {
	case a == b:
		return 0
	case a == "":
		return 1
	case b == "":
		return -1
	}
	return strings.Compare(a, b)
}

func copyOpportunity(o *socialcrm.Opportunity) *socialcrm.Opportunity {
	d := *o
	d.Contacts = slices.Clone(o.Contacts)
	d.History = slices.Clone(o.History)
	for i := range d.History {
		d.History[i].At = norm(d.History[i].At)
	}
	d.ClosedAt = normPtr(o.ClosedAt)
	d.CreatedAt, d.UpdatedAt = norm(o.CreatedAt), norm(o.UpdatedAt)
	return &d
}
