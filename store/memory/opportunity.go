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
	credit, err := s.checkOpportunity(o, nil)
	if err != nil {
		return err
	}
	s.putOpportunity(o, nil, credit, norm(time.Now()))
	return nil
}

// checkOpportunity reports why the new o cannot be stored, and returns
// what it adds to its account's value when it is won; its account must
// exist or be newAccount, about to be made. The caller holds the lock.
func (s *Store) checkOpportunity(o *socialcrm.Opportunity, newAccount *socialcrm.Account) (*socialcrm.Credit, error) {
	if err := o.Validate(); err != nil {
		return nil, fmt.Errorf("memory: create opportunity: %w", err)
	}
	if s.sales.opps[socialcrm.CleanText(o.ID)] != nil {
		return nil, fmt.Errorf("memory: opportunity %q already exists: %w", o.ID, socialcrm.ErrConflict)
	}
	return s.winCredit(o, nil, newAccount)
}

// winCredit checks that o's account exists (or is newAccount) and returns
// what o adds to its value when it becomes won over old (nil for a new
// one); nil when it does not become won. The caller holds the lock.
func (s *Store) winCredit(o, old *socialcrm.Opportunity, newAccount *socialcrm.Account) (*socialcrm.Credit, error) {
	id := socialcrm.CleanText(o.AccountID)
	a := s.accounts[id]
	if a == nil && newAccount != nil && newAccount.ID == id {
		a = newAccount
	}
	if a == nil {
		return nil, socialcrm.Invalidf("memory: opportunity %q: account %q does not exist", o.ID, o.AccountID)
	}
	if o.Outcome != socialcrm.OutcomeWon || old != nil && old.Outcome == socialcrm.OutcomeWon {
		return nil, nil
	}
	c, err := o.CreditFor(a)
	if err != nil {
		return nil, fmt.Errorf("memory: %w", err)
	}
	return c, nil
}

// putOpportunity stores o over old (nil for a new one), adding credit to
// its account's value when it becomes won. The caller holds the lock and
// has checked o.
func (s *Store) putOpportunity(o, old *socialcrm.Opportunity, credit *socialcrm.Credit, now time.Time) *socialcrm.Opportunity {
	d := copyOpportunity(socialcrm.CleanOpportunity(o))
	if old != nil {
		d.ID, d.CreatedAt = old.ID, old.CreatedAt
		d.UpdatedAt = now
	} else {
		stamp(&d.CreatedAt, &d.UpdatedAt, nil, now)
	}
	if credit != nil {
		c := *credit
		d.Credited = &c
		a := copyAccount(s.accounts[d.AccountID])
		a.Value += c.Value
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
	credit, err := s.winCredit(o, old, nil)
	if err != nil {
		return nil, err
	}
	return copyOpportunity(s.putOpportunity(o, old, credit, norm(time.Now()))), nil
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
		return eq(f.AccountID, o.AccountID) && eq(f.Stage, o.Stage) && eq(f.Owner, o.Owner) && (!f.Open || o.Outcome == "") &&
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
	if o.Credited != nil {
		c := *o.Credited
		d.Credited = &c
	}
	d.CreatedAt, d.UpdatedAt = norm(o.CreatedAt), norm(o.UpdatedAt)
	return &d
}
