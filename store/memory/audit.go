package memory

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/socialcrm/socialcrm"
)

var _ socialcrm.AuditStore = (*Store)(nil)

// AppendAudit adds an entry to the audit trail.
func (s *Store) AppendAudit(ctx context.Context, e *socialcrm.AuditEntry) error {
	if err := e.Validate(); err != nil {
		return fmt.Errorf("memory: %w", err)
	}
	if err := s.lock(); err != nil {
		return err
	}
	defer s.mu.Unlock()
	s.access.init()
	if slices.ContainsFunc(s.access.audit, func(o *socialcrm.AuditEntry) bool { return o.ID == e.ID }) {
		return fmt.Errorf("memory: audit entry %q: id taken: %w", e.ID, socialcrm.ErrConflict)
	}
	s.access.audit = append(s.access.audit, copyAudit(e))
	return nil
}

func copyAudit(e *socialcrm.AuditEntry) *socialcrm.AuditEntry {
	c := *e
	c.At = norm(e.At)
	c.Before, c.After = bytes.Clone(e.Before), bytes.Clone(e.After)
	return &c
}

// FindAudit returns the matching entries, newest first.
func (s *Store) FindAudit(ctx context.Context, f socialcrm.AuditFilter) ([]*socialcrm.AuditEntry, error) {
	if f.Limit < 0 {
		return nil, socialcrm.Invalidf("memory: negative limit %d", f.Limit)
	}
	if f.Limit == 0 {
		f.Limit = 100
	}
	if err := s.rlock(); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	var out []*socialcrm.AuditEntry
	for _, e := range s.access.audit {
		if f.Matches(e) {
			out = append(out, copyAudit(e))
		}
	}
	slices.SortFunc(out, func(a, b *socialcrm.AuditEntry) int { return cmp.Or(b.At.Compare(a.At), cmp.Compare(b.ID, a.ID)) })
	return out[:min(len(out), f.Limit)], nil
}
