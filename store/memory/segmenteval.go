package memory

import (
	"slices"
	"time"

	"github.com/socialcrm/socialcrm"
)

// segmentEval tests one contact against segment rules, with the same
// semantics as the Postgres store's SQL.
type segmentEval struct {
	c        *socialcrm.Contact
	account  *socialcrm.Account
	mentions []linked
	open     int
	now      time.Time
}

func (e segmentEval) rules(r socialcrm.SegmentRules) bool {
	all := r.Match == "all"
	for _, c := range r.Conditions {
		if e.condition(c) != all {
			return !all
		}
	}
	for _, g := range r.Groups {
		if e.rules(g) != all {
			return !all
		}
	}
	return all
}

// compare applies a numeric operator; ok false (no value) matches nothing.
func compare(op string, v, want float64, ok bool) bool {
	switch {
	case !ok:
		return false
	case op == socialcrm.OpGTE:
		return v >= want
	case op == socialcrm.OpLTE:
		return v <= want
	}
	return false
}

func (e segmentEval) condition(c socialcrm.SegmentCondition) bool {
	switch c.Field {
	case socialcrm.SegAccountValue:
		return e.account != nil && compare(c.Op, e.account.Value, c.Number, true)
	case socialcrm.SegTier:
		return e.account != nil && e.account.Tier == c.Text
	case socialcrm.SegLifecycle:
		return e.c.Lifecycle == c.Text
	case socialcrm.SegOwner:
		return e.c.Owner == c.Text
	case socialcrm.SegTag:
		return slices.Contains(e.c.Tags, c.Text)
	case socialcrm.SegChannel:
		return slices.ContainsFunc(e.c.Identities, func(i socialcrm.Identity) bool { return i.Network == c.Text })
	case socialcrm.SegOpenCases:
		return compare(c.Op, float64(e.open), c.Number, true)
	case socialcrm.SegFollowers:
		most := 0
		for _, m := range e.mentions {
			most = max(most, m.followers)
		}
		return compare(c.Op, float64(most), c.Number, len(e.mentions) > 0)
	case socialcrm.SegLastMentionDays:
		bound := c.DaysAgo(e.now)
		if c.Op == socialcrm.OpLTE {
			return slices.ContainsFunc(e.mentions, func(m linked) bool { return !m.at.Before(bound) })
		}
		return !slices.ContainsFunc(e.mentions, func(m linked) bool { return m.at.After(bound) })
	}
	since := c.Since(e.now)
	var n, scored, negative int
	var sum float64
	for _, m := range e.mentions {
		if m.at.Before(since) {
			continue
		}
		n++
		if m.scored {
			scored++
			sum += m.score
			if m.negative {
				negative++
			}
		}
	}
	switch c.Field {
	case socialcrm.SegMentionCount:
		return compare(c.Op, float64(n), c.Number, true)
	case socialcrm.SegSentimentAvg:
		return compare(c.Op, sum/float64(max(scored, 1)), c.Number, scored > 0)
	case socialcrm.SegNegativeShare:
		return compare(c.Op, float64(negative)/float64(max(scored, 1)), c.Number, scored > 0)
	}
	return false
}
