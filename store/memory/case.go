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

// SaveCase upserts a case by ID. Only one case per key may be active.
func (s *Store) SaveCase(ctx context.Context, c *socialcrm.Case) error {
	if err := c.Validate(); err != nil {
		return fmt.Errorf("memory: save case: %w", err)
	}
	if err := s.lock(); err != nil {
		return err
	}
	defer s.mu.Unlock()
	now := norm(time.Now())
	b := copyCase(socialcrm.CleanCase(c))
	if id, ok := s.active[b.Key]; ok && id != b.ID && b.Active() {
		return fmt.Errorf("memory: save case %q: case %q of key %q is active: %w", b.ID, id, b.Key, socialcrm.ErrConflict)
	}
	old := s.cases[b.ID]
	var oldCreated *time.Time
	if old != nil {
		oldCreated = &old.CreatedAt
	}
	stamp(&b.CreatedAt, &b.UpdatedAt, oldCreated, now)
	if old != nil && s.active[old.Key] == old.ID {
		delete(s.active, old.Key)
	}
	if b.Active() {
		s.active[b.Key] = b.ID
	}
	s.cases[b.ID] = b
	return nil
}

// FindCaseByID returns the case with that ID, or ErrNotFound.
func (s *Store) FindCaseByID(ctx context.Context, id string) (*socialcrm.Case, error) {
	return findByID(s, s.cases, "case", id, copyCase)
}

// FindCases returns the matching cases, soonest due first, and their
// total.
func (s *Store) FindCases(ctx context.Context, f socialcrm.CaseFilter) ([]*socialcrm.Case, int, error) {
	if f.Status != nil && !slices.Contains(socialcrm.CaseStatuses, *f.Status) {
		return nil, 0, socialcrm.Invalidf("memory: unknown case status %q", *f.Status)
	}
	offset, limit, err := page(f.Offset, f.Limit, true)
	if err != nil {
		return nil, 0, err
	}
	keep := func(c *socialcrm.Case) bool { return caseMatches(c, f) }
	return findPage(s, s.cases, offset, limit, keep, func(a, b *socialcrm.Case) int {
		return cmp.Or(a.DueAt.Compare(b.DueAt), strings.Compare(a.ID, b.ID))
	}, copyCase)
}

func caseMatches(c *socialcrm.Case, f socialcrm.CaseFilter) bool {
	eq := func(want *string, got string) bool { return want == nil || socialcrm.CleanText(*want) == got }
	switch {
	case !eq(f.Status, c.Status), !eq(f.Key, c.Key), !eq(f.ContactID, c.ContactID),
		!eq(f.AccountID, c.AccountID), !eq(f.Brand, c.Brand), !eq(f.Channel, c.Channel), !eq(f.Assignee, c.Assignee),
		f.Active && !c.Active(),
		f.MentionID != nil && !slices.Contains(c.Mentions, socialcrm.CleanText(*f.MentionID)),
		f.DueBefore != nil && (c.Status != socialcrm.CaseOpen || !c.DueAt.Before(norm(*f.DueBefore))),
		f.Breached != nil && c.Breached != *f.Breached,
		f.OpenedSince != nil && c.OpenedAt.Before(norm(*f.OpenedSince)),
		f.OpenedBefore != nil && !c.OpenedAt.Before(norm(*f.OpenedBefore)):
		return false
	}
	return true
}

func copyCase(c *socialcrm.Case) *socialcrm.Case {
	d := *c
	d.Mentions = slices.Clone(c.Mentions)
	d.PriorityReasons = slices.Clone(c.PriorityReasons)
	d.OpenedAt, d.LastMentionAt, d.DueAt = norm(c.OpenedAt), norm(c.LastMentionAt), norm(c.DueAt)
	d.CreatedAt, d.UpdatedAt = norm(c.CreatedAt), norm(c.UpdatedAt)
	d.FirstResponseAt, d.LastResponseAt = normPtr(c.FirstResponseAt), normPtr(c.LastResponseAt)
	d.ResolvedAt = normPtr(c.ResolvedAt)
	d.Targets = socialcrm.MapTargetTimes(c.Targets, norm)
	d.Notices = socialcrm.MapNoticeTimes(c.Notices, norm)
	return &d
}

// normPtr returns a normalised copy of *t, or nil.
func normPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	n := norm(*t)
	return &n
}
