package memory

import (
	"cmp"
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/socialcrm/socialcrm"
)

// SaveAlert upserts an alert by ID.
func (s *Store) SaveAlert(ctx context.Context, a *socialcrm.Alert) error {
	switch {
	case a == nil:
		return socialcrm.Invalidf("memory: nil alert")
	case a.ID == "":
		return socialcrm.Invalidf("memory: alert without id")
	}
	if err := s.lock(); err != nil {
		return err
	}
	defer s.mu.Unlock()
	now := norm(time.Now())
	b := copyAlert(socialcrm.CleanAlert(a))
	old := s.alerts[b.ID]
	if old != nil && socialcrm.KeepAlertStatus(old.Status, b.Status) {
		b.Status, b.AckedBy = old.Status, old.AckedBy
	}
	if id, ok := s.openAlerts[b.Fingerprint]; ok && b.Open() && b.Fingerprint != "" && id != b.ID {
		return fmt.Errorf("memory: save alert %q: alert %q of fingerprint %q is open: %w", b.ID, id, b.Fingerprint, socialcrm.ErrConflict)
	}
	if old != nil && s.openAlerts[old.Fingerprint] == old.ID {
		delete(s.openAlerts, old.Fingerprint)
	}
	if b.Open() && b.Fingerprint != "" {
		s.openAlerts[b.Fingerprint] = b.ID
	}
	var oldCreated *time.Time
	if old != nil {
		oldCreated = &old.CreatedAt
	}
	stamp(&b.CreatedAt, &b.UpdatedAt, oldCreated, now)
	s.alerts[b.ID] = b
	return nil
}

// FindAlertByID returns the alert with that ID, or ErrNotFound.
func (s *Store) FindAlertByID(ctx context.Context, id string) (*socialcrm.Alert, error) {
	return findByID(s, s.alerts, "alert", id, copyAlert)
}

// FindAlerts returns the matching alerts, latest Start first, and their
// total.
func (s *Store) FindAlerts(ctx context.Context, f socialcrm.AlertFilter) ([]*socialcrm.Alert, int, error) {
	offset, limit, err := page(f.Offset, f.Limit, true)
	if err != nil {
		return nil, 0, err
	}
	keep := func(a *socialcrm.Alert) bool {
		return (f.Brand == nil || a.Brand == *f.Brand) && (f.Status == nil || a.Status == *f.Status) &&
			(f.Fingerprint == nil || a.Fingerprint == *f.Fingerprint) && (!f.Open || a.Open()) &&
			(f.Since == nil || !a.Start.Before(norm(*f.Since)))
	}
	return findPage(s, s.alerts, offset, limit, keep, func(a, b *socialcrm.Alert) int {
		return cmp.Or(b.Start.Compare(a.Start), strings.Compare(b.ID, a.ID))
	}, copyAlert)
}
