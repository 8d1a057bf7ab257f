package alerts

import (
	"context"
	"fmt"

	"github.com/socialcrm/socialcrm"
)

// Ack acknowledges a firing alert: it stays open, its notifications stop.
// Returns ErrNotFound for an unknown id and ErrConflict when the alert is
// resolved.
func (a *Alerter) Ack(ctx context.Context, id, by string) (*socialcrm.Alert, error) {
	return a.transition(ctx, id, func(al *socialcrm.Alert) error {
		if al.Status == socialcrm.AlertResolved {
			return fmt.Errorf("alerts: alert %s is resolved: %w", id, socialcrm.ErrConflict)
		}
		al.Status, al.AckedBy = socialcrm.AlertAcknowledged, by
		return nil
	})
}

// Resolve resolves an alert by hand. Resolving a resolved alert changes
// nothing. Returns ErrNotFound for an unknown id.
func (a *Alerter) Resolve(ctx context.Context, id, by string) (*socialcrm.Alert, error) {
	return a.transition(ctx, id, func(al *socialcrm.Alert) error {
		if al.Status != socialcrm.AlertResolved {
			al.Status = socialcrm.AlertResolved
			if al.AckedBy == "" {
				al.AckedBy = by
			}
			a.m.resolved.Inc()
			a.m.open.Dec()
		}
		return nil
	})
}

// transition applies change to the alert, in memory when it is one of
// the open alerts, and stores and publishes the result.
func (a *Alerter) transition(ctx context.Context, id string, change func(*socialcrm.Alert) error) (*socialcrm.Alert, error) {
	al, err := a.change(ctx, id, change)
	if err != nil {
		return nil, err
	}
	if err := a.flush(ctx); err != nil {
		a.logger.Warn("alert change not published", "alert_id", id, "err", err)
	}
	return al, nil
}

// change applies and records a transition under the lock.
func (a *Alerter) change(ctx context.Context, id string, change func(*socialcrm.Alert) error) (*socialcrm.Alert, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	al := a.openAlert(id)
	if al == nil {
		stored, err := a.store.FindAlertByID(ctx, id)
		if err != nil {
			return nil, fmt.Errorf("alerts: alert %s: %w", id, err)
		}
		al = stored
	}
	before := al.Status
	if err := change(al); err != nil {
		return nil, err
	}
	if al.Status == before {
		return snapshot(al), nil
	}
	al.UpdatedAt = a.conf.Now()
	if err := a.record(ctx, al, false); err != nil {
		return nil, fmt.Errorf("alerts: %w", err)
	}
	return snapshot(al), nil
}

// openAlert returns the in-memory open alert with that id, or nil.
func (a *Alerter) openAlert(id string) *socialcrm.Alert {
	for _, s := range a.series {
		if s.alert != nil && s.alert.ID == id {
			return s.alert
		}
	}
	for _, v := range a.vip {
		if v.alert.ID == id {
			return v.alert
		}
	}
	return nil
}
