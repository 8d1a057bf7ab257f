package crm

import (
	"context"
	"fmt"
	"time"

	"github.com/socialcrm/socialcrm"
)

// AssignCase gives the case to assignee ("" unassigns).
func (c *Cases) AssignCase(ctx context.Context, id, assignee string) (*socialcrm.Case, error) {
	return c.change(ctx, id, func(k *socialcrm.Case, now time.Time) error {
		if k.Status == socialcrm.CaseResolved {
			return fmt.Errorf("crm: assign case %q: it is resolved: %w", id, socialcrm.ErrConflict)
		}
		k.Assignee = assignee
		return nil
	})
}

// RespondCase records the brand's answer: the case is answered, and
// breached when the answer came after it was due.
func (c *Cases) RespondCase(ctx context.Context, id, by string) (*socialcrm.Case, error) {
	return c.change(ctx, id, func(k *socialcrm.Case, now time.Time) error {
		if k.Status == socialcrm.CaseResolved {
			return fmt.Errorf("crm: respond to case %q: it is resolved: %w", id, socialcrm.ErrConflict)
		}
		c.checkBreach(k, now)
		if k.FirstResponseAt == nil {
			k.FirstResponseAt = &now
			c.metrics.firstResponse.WithLabelValues(c.metrics.channel(k.Channel)).Observe(now.Sub(k.OpenedAt).Seconds())
		}
		k.LastResponseAt, k.RespondedBy = &now, by
		k.Status = socialcrm.CaseAnswered
		c.clockOf(k).answered(k, now)
		if k.Assignee == "" {
			k.Assignee = by
		}
		return nil
	})
}

// ResolveCase closes the case; a resolved case is returned unchanged.
func (c *Cases) ResolveCase(ctx context.Context, id, by string) (*socialcrm.Case, error) {
	return c.change(ctx, id, func(k *socialcrm.Case, now time.Time) error {
		if k.Status == socialcrm.CaseResolved {
			return errUnchanged
		}
		c.checkBreach(k, now)
		k.Status, k.ResolvedAt = socialcrm.CaseResolved, &now
		c.clockOf(k).resolved(k, now)
		if k.Assignee == "" {
			k.Assignee = by
		}
		return nil
	})
}

// ReopenCase opens a resolved case again, due after its channel's SLA.
func (c *Cases) ReopenCase(ctx context.Context, id, by string) (*socialcrm.Case, error) {
	return c.change(ctx, id, func(k *socialcrm.Case, now time.Time) error {
		if k.Status != socialcrm.CaseResolved {
			return fmt.Errorf("crm: reopen case %q: it is %s: %w", id, k.Status, socialcrm.ErrConflict)
		}
		resolvedAt := now
		if k.ResolvedAt != nil {
			resolvedAt = *k.ResolvedAt
		}
		k.Status, k.ResolvedAt = socialcrm.CaseOpen, nil
		c.clockOf(k).reopened(k, resolvedAt, now, c.conf.SLA.For(k.Channel))
		return nil
	})
}

// errUnchanged tells change that there is nothing to save.
var errUnchanged = fmt.Errorf("unchanged")

// change loads a case, applies f at the current time and saves it.
func (c *Cases) change(ctx context.Context, id string, f func(k *socialcrm.Case, now time.Time) error) (*socialcrm.Case, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	k, err := c.store.FindCaseByID(ctx, id)
	if err != nil {
		return nil, err
	}
	now := c.conf.Now().UTC().Truncate(time.Microsecond)
	switch err := f(k, now); {
	case err == errUnchanged:
		return k, nil
	case err != nil:
		return nil, err
	}
	k.UpdatedAt = now
	if err := c.store.SaveCase(ctx, k); err != nil {
		return nil, err
	}
	return c.store.FindCaseByID(ctx, id)
}

// checkBreach marks an open case past its due time as breached, once.
func (c *Cases) checkBreach(k *socialcrm.Case, now time.Time) {
	if k.Overdue(now) && !k.Breached {
		k.Breached = true
		c.metrics.breaches.WithLabelValues(c.metrics.channel(k.Channel)).Inc()
	}
}
