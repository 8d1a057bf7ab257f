package crm

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/socialcrm/socialcrm"
)

// priorityOf scores a new case from the customer's value (the account's
// tier or yearly value), the author's influence (followers), the
// mention's sentiment and its intent, and returns its priority with the
// reasons: 4 points or more are urgent, 2 high; a question without
// negative talk and no point is low; the rest are normal.
func priorityOf(m *socialcrm.Mention, acct *socialcrm.Account) (string, []string) {
	points := 0
	var why []string
	add := func(n int, reason string) {
		if n > 0 {
			points += n
			why = append(why, reason)
		}
	}
	if acct != nil {
		value := 0
		switch {
		case acct.Tier == socialcrm.TierPlatinum || acct.Value >= 500_000:
			value = 2
		case acct.Tier == socialcrm.TierGold || acct.Value >= 100_000:
			value = 1
		}
		add(value, fmt.Sprintf("account %s (%s, %.0f a year)", acct.ID, tierOrNone(acct.Tier), acct.Value))
	}
	switch f := m.Author.Followers; {
	case f >= 100_000:
		add(2, fmt.Sprintf("author with %d followers", f))
	case f >= 10_000:
		add(1, fmt.Sprintf("author with %d followers", f))
	}
	negative := m.Sentiment != nil && m.Sentiment.Label == socialcrm.Negative
	if negative && m.Sentiment.Score <= -0.6 {
		add(1, "strongly negative")
	}
	switch m.Intent {
	case socialcrm.IntentChurn:
		add(2, "churn intent")
	case socialcrm.IntentComplaint:
		add(1, "complaint")
	}
	switch {
	case points >= 4:
		return socialcrm.PriorityUrgent, why
	case points >= 2:
		return socialcrm.PriorityHigh, why
	case points == 0 && caseKind(m) == socialcrm.CaseQuestion && !negative:
		return socialcrm.PriorityLow, why
	}
	return socialcrm.PriorityNormal, why
}

func tierOrNone(t string) string {
	if t == "" {
		return "no tier"
	}
	return t
}

// SetCasePriority sets a case's priority by hand; its targets keep the
// policy the case opened under. Returns ErrInvalid for an unknown
// priority, ErrNotFound for an unknown id and ErrConflict when the case
// is resolved.
func (c *Cases) SetCasePriority(ctx context.Context, id, priority, by string) (*socialcrm.Case, error) {
	if !slices.Contains(socialcrm.Priorities, priority) {
		return nil, socialcrm.Invalidf("priority %q: want urgent, high, normal or low", priority)
	}
	return c.change(ctx, id, func(k *socialcrm.Case, now time.Time) error {
		if k.Status == socialcrm.CaseResolved {
			return fmt.Errorf("crm: set priority of case %q: it is resolved: %w", id, socialcrm.ErrConflict)
		}
		if k.Priority == priority && k.PrioritySetBy != "" {
			return errUnchanged
		}
		k.Priority, k.PrioritySetBy = priority, by
		if by == "" {
			k.PrioritySetBy = "unknown"
		}
		return nil
	})
}
