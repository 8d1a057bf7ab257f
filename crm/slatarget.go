package crm

import (
	"slices"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/bizhours"
)

// clock is a case's policy with its calendar: what its targets count in.
type clock struct {
	pol *socialcrm.SLAPolicy
	cal bizhours.Calendar
}

// newTarget starts a target of d working time at start.
func (k clock) newTarget(name string, d socialcrm.Duration, start time.Time) socialcrm.SLATarget {
	t := socialcrm.SLATarget{Name: name, Seconds: int64(time.Duration(d) / time.Second), StartAt: start,
		Status: socialcrm.TargetActive}
	at := due(k.cal, start, t.Allowed(), nil)
	t.DueAt = &at
	return t
}

// start sets the targets of a case opened at opened and its due time.
func (k clock) start(c *socialcrm.Case, opened time.Time, fallback time.Duration) {
	c.Policy, c.Targets = k.pol.ID, nil
	if k.pol.FirstResponse > 0 {
		c.Targets = append(c.Targets, k.newTarget(socialcrm.TargetFirstResponse, k.pol.FirstResponse, opened))
	}
	if k.pol.Resolution > 0 {
		c.Targets = append(c.Targets, k.newTarget(socialcrm.TargetResolution, k.pol.Resolution, opened))
	}
	c.DueAt = responseDue(c, opened.Add(fallback))
}

// customerWrote starts a next-response target at the customer's message
// after an answer, and restarts the resolution clock.
func (k clock) customerWrote(c *socialcrm.Case, at time.Time, fallback time.Duration) {
	k.resume(c, at)
	if k.pol.NextResponse > 0 {
		c.Targets = append(c.Targets, k.newTarget(socialcrm.TargetNextResponse, k.pol.NextResponse, at))
		trimTargets(c)
	}
	c.DueAt = responseDue(c, at.Add(fallback))
}

// answered meets the open response target at now and pauses the
// resolution clock while the case waits for the customer.
func (k clock) answered(c *socialcrm.Case, now time.Time) {
	for i := range c.Targets {
		t := &c.Targets[i]
		if t.Name != socialcrm.TargetResolution && t.MetAt == nil {
			k.meet(t, now)
		}
		if t.Name == socialcrm.TargetResolution && t.MetAt == nil && !t.Paused() && len(t.Pauses) < socialcrm.MaxTargetPauses {
			t.Pauses, t.DueAt = append(t.Pauses, socialcrm.Pause{From: now}), nil
		}
	}
}

// resolved meets every open target at now.
func (k clock) resolved(c *socialcrm.Case, now time.Time) {
	for i := range c.Targets {
		if t := &c.Targets[i]; t.MetAt == nil {
			k.closePause(t, now)
			k.meet(t, now)
		}
	}
}

// reopened opens the resolution target again, not counting the time the
// case was resolved, and starts a next-response target at now.
func (k clock) reopened(c *socialcrm.Case, resolvedAt, now time.Time, fallback time.Duration) {
	for i := range c.Targets {
		t := &c.Targets[i]
		if t.Name == socialcrm.TargetResolution && t.MetAt != nil {
			if t.Status == socialcrm.TargetHit {
				t.Status = socialcrm.TargetActive
			}
			t.MetAt = nil
			if len(t.Pauses) < socialcrm.MaxTargetPauses {
				to := now
				t.Pauses = append(t.Pauses, socialcrm.Pause{From: resolvedAt, To: &to})
			}
			at := due(k.cal, t.StartAt, t.Allowed(), t.Pauses)
			t.DueAt = &at
		}
	}
	k.customerWrote(c, now, fallback)
}

// resume closes the resolution target's open pause at at.
func (k clock) resume(c *socialcrm.Case, at time.Time) {
	for i := range c.Targets {
		t := &c.Targets[i]
		if t.Name == socialcrm.TargetResolution && t.MetAt == nil && t.Paused() {
			k.closePause(t, at)
			d := due(k.cal, t.StartAt, t.Allowed(), t.Pauses)
			t.DueAt = &d
		}
	}
}

func (k clock) closePause(t *socialcrm.SLATarget, at time.Time) {
	if t.Paused() {
		p := &t.Pauses[len(t.Pauses)-1]
		if at.Before(p.From) {
			at = p.From
		}
		p.To = &at
	}
}

// meet records that t was met at now: hit when no more than its working
// time had passed, missed otherwise (and a missed target stays missed).
func (k clock) meet(t *socialcrm.SLATarget, now time.Time) {
	t.MetAt = &now
	if t.Status != socialcrm.TargetMissed && k.cal.Elapsed(t.StartAt, now, intervals(t.Pauses)...) <= t.Allowed() {
		t.Status = socialcrm.TargetHit
	} else {
		t.Status = socialcrm.TargetMissed
	}
}

// refresh sets the status of every open target at now and returns the
// indexes of the targets whose status changed.
func (k clock) refresh(c *socialcrm.Case, now time.Time) []int {
	var changed []int
	for i := range c.Targets {
		t := &c.Targets[i]
		if t.MetAt != nil || t.Status == socialcrm.TargetMissed {
			continue
		}
		st := socialcrm.TargetActive
		left := k.cal.Remaining(t.StartAt, t.Allowed(), now, intervals(t.Pauses)...)
		switch {
		case left <= 0:
			st = socialcrm.TargetMissed
		case float64(left) <= k.pol.Share()*float64(t.Allowed()):
			st = socialcrm.TargetAtRisk
		}
		if st != t.Status {
			t.Status = st
			changed = append(changed, i)
		}
	}
	return changed
}

// responseDue returns the due time of the case's open response target,
// else of its open resolution target, else fallback.
func responseDue(c *socialcrm.Case, fallback time.Time) time.Time {
	var res *time.Time
	for i := len(c.Targets) - 1; i >= 0; i-- {
		t := &c.Targets[i]
		if t.MetAt != nil || t.DueAt == nil {
			continue
		}
		if t.Name != socialcrm.TargetResolution {
			return *t.DueAt
		}
		res = t.DueAt
	}
	if res != nil {
		return *res
	}
	return fallback
}

// trimTargets drops the oldest met next-response targets past
// MaxCaseTargets.
func trimTargets(c *socialcrm.Case) {
	for len(c.Targets) > socialcrm.MaxCaseTargets {
		i := slices.IndexFunc(c.Targets, func(t socialcrm.SLATarget) bool {
			return t.Name == socialcrm.TargetNextResponse && t.MetAt != nil
		})
		if i < 0 {
			i = slices.IndexFunc(c.Targets, func(t socialcrm.SLATarget) bool { return t.Name == socialcrm.TargetNextResponse })
		}
		c.Targets = slices.Delete(c.Targets, i, i+1)
	}
}
