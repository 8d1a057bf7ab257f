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

// sales holds leads and opportunities.
type sales struct {
	leads map[string]*socialcrm.Lead
	opps  map[string]*socialcrm.Opportunity
}

// CreateLead stores a new lead, or ErrConflict when its ID is taken.
func (s *Store) CreateLead(ctx context.Context, l *socialcrm.Lead) error {
	if err := l.Validate(); err != nil {
		return fmt.Errorf("memory: create lead: %w", err)
	}
	if err := s.lock(); err != nil {
		return err
	}
	defer s.mu.Unlock()
	d := copyLead(socialcrm.CleanLead(l))
	if s.sales.leads[d.ID] != nil {
		return fmt.Errorf("memory: lead %q already exists: %w", d.ID, socialcrm.ErrConflict)
	}
	stamp(&d.CreatedAt, &d.UpdatedAt, nil, norm(time.Now()))
	d.MarkQualified(norm(time.Now()))
	s.sales.leads[d.ID] = d
	return nil
}

// UpdateLead changes the lead id under the store's lock.
func (s *Store) UpdateLead(ctx context.Context, id string, change func(*socialcrm.Lead) error) (*socialcrm.Lead, error) {
	if err := s.lock(); err != nil {
		return nil, err
	}
	defer s.mu.Unlock()
	old := s.sales.leads[socialcrm.CleanText(id)]
	if old == nil {
		return nil, fmt.Errorf("memory: lead %q: %w", id, socialcrm.ErrNotFound)
	}
	l := copyLead(old)
	if err := change(l); err != nil {
		return nil, err
	}
	if err := l.Validate(); err != nil {
		return nil, fmt.Errorf("memory: update lead: %w", err)
	}
	d := copyLead(socialcrm.CleanLead(l))
	d.ID, d.CreatedAt, d.UpdatedAt = old.ID, old.CreatedAt, norm(time.Now())
	d.MarkQualified(d.UpdatedAt)
	s.sales.leads[d.ID] = d
	return copyLead(d), nil
}

// FindLeadByID returns the lead with that ID, or ErrNotFound.
func (s *Store) FindLeadByID(ctx context.Context, id string) (*socialcrm.Lead, error) {
	return findByID(s, s.sales.leads, "lead", id, copyLead)
}

// FindLeads returns the matching leads, most recently updated first, and
// their total.
func (s *Store) FindLeads(ctx context.Context, f socialcrm.LeadFilter) ([]*socialcrm.Lead, int, error) {
	if err := socialcrm.CheckLeadFilter(f); err != nil {
		return nil, 0, fmt.Errorf("memory: %w", err)
	}
	offset, limit, err := page(f.Offset, f.Limit, true)
	if err != nil {
		return nil, 0, err
	}
	keep := func(l *socialcrm.Lead) bool { return leadMatches(l, f) }
	return findPage(s, s.sales.leads, offset, limit, keep, func(a, b *socialcrm.Lead) int {
		return cmp.Or(b.UpdatedAt.Compare(a.UpdatedAt), strings.Compare(a.ID, b.ID))
	}, copyLead)
}

func leadMatches(l *socialcrm.Lead, f socialcrm.LeadFilter) bool {
	eq := func(want *string, got string) bool { return want == nil || socialcrm.CleanText(*want) == got }
	if !eq(f.Status, l.Status) || !eq(f.Owner, l.Owner) || !eq(f.Source, l.Source) || !eq(f.Brand, l.Brand) ||
		!eq(f.ContactID, l.ContactID) || !eq(f.AccountID, l.AccountID) {
		return false
	}
	if f.Identity != nil && !slices.ContainsFunc(l.Identities, func(i socialcrm.Identity) bool {
		return slices.Contains(i.UniqueKeys(), *f.Identity)
	}) {
		return false
	}
	if f.Query == nil {
		return true
	}
	q := strings.ToLower(*f.Query)
	for _, v := range []string{l.Name, l.Email, l.Company} {
		if strings.Contains(strings.ToLower(v), q) {
			return true
		}
	}
	return slices.ContainsFunc(l.Identities, func(i socialcrm.Identity) bool {
		return strings.Contains(socialcrm.HandleKey(i.Handle), strings.TrimPrefix(q, "@"))
	})
}

func copyLead(l *socialcrm.Lead) *socialcrm.Lead {
	d := *l
	d.Identities = slices.Clone(l.Identities)
	d.Mentions = slices.Clone(l.Mentions)
	d.ConvertedAt, d.QualifiedAt = normPtr(l.ConvertedAt), normPtr(l.QualifiedAt)
	d.CreatedAt, d.UpdatedAt = norm(l.CreatedAt), norm(l.UpdatedAt)
	return &d
}
