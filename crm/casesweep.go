package crm

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/socialcrm/socialcrm"
)

// Run sweeps at once and then every SweepEvery until ctx ends. Failed
// sweeps are logged and retried at the next tick.
func (c *Cases) Run(ctx context.Context) error {
	t := time.NewTicker(c.conf.SweepEvery)
	defer t.Stop()
	for {
		if err := c.Sweep(ctx); err != nil && ctx.Err() == nil {
			c.log.Warn("case sweep failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// Sweep marks the open cases past their due time as breached, sets the
// status of the targets of active cases (at risk, missed) and sets the
// gauges of open and overdue cases per channel.
func (c *Cases) Sweep(ctx context.Context) error {
	now := c.conf.Now()
	c.mu.Lock()
	err := c.markBreaches(ctx, now)
	c.mu.Unlock()
	if err != nil {
		return err
	}
	pending, err := c.refreshTargets(ctx, now)
	if err != nil {
		return err
	}
	var reminded error
	if c.conf.Reminders != nil {
		reminded = c.conf.Reminders.Sweep(ctx)
	}
	return errors.Join(c.deliverNotices(ctx, pending), c.count(ctx, now), reminded)
}

func (c *Cases) markBreaches(ctx context.Context, now time.Time) error {
	no := false
	for {
		due, _, err := c.store.FindCases(ctx, socialcrm.CaseFilter{DueBefore: &now, Breached: &no, Limit: 200})
		if err != nil {
			return fmt.Errorf("crm: sweep cases: %w", err)
		}
		marked := 0
		for _, k := range due {
			if !k.Overdue(now) || k.Breached {
				continue
			}
			c.checkBreach(k, now)
			k.UpdatedAt = now
			if err := c.store.SaveCase(ctx, k); err != nil {
				return fmt.Errorf("crm: sweep cases: %w", err)
			}
			marked++
		}
		if len(due) < 200 || marked == 0 {
			return nil
		}
	}
}

// count sets the open and overdue gauges; channels without an SLA of their
// own are counted as "other".
func (c *Cases) count(ctx context.Context, now time.Time) error {
	open := socialcrm.CaseOpen
	total := func(f socialcrm.CaseFilter) (int, error) {
		f.Status, f.Limit = &open, 1
		_, n, err := c.store.FindCases(ctx, f)
		if err != nil {
			return 0, fmt.Errorf("crm: count cases: %w", err)
		}
		return n, nil
	}
	allOpen, err := total(socialcrm.CaseFilter{})
	if err != nil {
		return err
	}
	allOver, err := total(socialcrm.CaseFilter{DueBefore: &now})
	if err != nil {
		return err
	}
	for _, ch := range c.conf.SLA.Known() {
		n, err := total(socialcrm.CaseFilter{Channel: &ch})
		if err != nil {
			return err
		}
		over, err := total(socialcrm.CaseFilter{Channel: &ch, DueBefore: &now})
		if err != nil {
			return err
		}
		c.metrics.open.WithLabelValues(ch).Set(float64(n))
		c.metrics.overdue.WithLabelValues(ch).Set(float64(over))
		allOpen, allOver = allOpen-n, allOver-over
	}
	c.metrics.open.WithLabelValues(otherChannel).Set(float64(allOpen))
	c.metrics.overdue.WithLabelValues(otherChannel).Set(float64(allOver))
	return nil
}

// refreshTargets sets the status of the open targets of active cases at
// now and records the notices they call for, saving the cases that
// changed, and returns the IDs of the cases with notices to deliver.
func (c *Cases) refreshTargets(ctx context.Context, now time.Time) ([]string, error) {
	const pageSize = 200
	var pending []string
	for off := 0; ; off += pageSize {
		cs, _, err := c.store.FindCases(ctx, socialcrm.CaseFilter{Active: true, Offset: off, Limit: pageSize})
		if err != nil {
			return pending, fmt.Errorf("crm: sweep case targets: %w", err)
		}
		for _, k := range cs {
			// Read without the lock; only a case that changes is read
			// again and saved under it.
			if len(c.clockOf(k).refresh(k, now)) > 0 || unnotified(k) {
				if k, err = c.refreshCase(ctx, k.ID, now); err != nil {
					return pending, fmt.Errorf("crm: sweep case targets: %w", err)
				}
			}
			if slices.ContainsFunc(k.Notices, func(n socialcrm.SLANotice) bool { return n.State == socialcrm.NoticePending }) {
				pending = append(pending, k.ID)
			}
		}
		if len(cs) < pageSize {
			return pending, nil
		}
	}
}

// refreshCase sets the target statuses of case id at now and records the
// notices they call for, under the lock, and returns the case.
func (c *Cases) refreshCase(ctx context.Context, id string, now time.Time) (*socialcrm.Case, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	k, err := c.store.FindCaseByID(ctx, id)
	if err != nil || !k.Active() {
		return k, err
	}
	changed := len(c.clockOf(k).refresh(k, now)) > 0
	added, err := c.recordNotices(ctx, k, now)
	if err != nil || !changed && !added {
		return k, err
	}
	k.UpdatedAt = now
	return k, c.store.SaveCase(ctx, k)
}

// unnotified reports whether a target of k is at risk or missed and was
// not notified of it.
func unnotified(k *socialcrm.Case) bool {
	for _, t := range k.Targets {
		if (t.Status == socialcrm.TargetAtRisk || t.Status == socialcrm.TargetMissed) && !slices.Contains(t.Notified, t.Status) {
			return true
		}
	}
	return false
}
