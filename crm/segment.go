package crm

import "github.com/socialcrm/socialcrm"

// HighValueTurningNegative is the built-in segment of the contacts of
// accounts worth 50,000 or more whose mentions of the last 14 days average
// a negative sentiment (-0.2 or below): the customers who get the most
// attention, first in the case queue.
func HighValueTurningNegative() *socialcrm.Segment {
	return &socialcrm.Segment{ID: "high-value-turning-negative", Name: "High-value customers turning negative", Boost: 50,
		Rules: socialcrm.SegmentRules{Match: "all", Conditions: []socialcrm.SegmentCondition{
			{Field: socialcrm.SegAccountValue, Op: socialcrm.OpGTE, Number: 50000},
			{Field: socialcrm.SegSentimentAvg, Op: socialcrm.OpLTE, Number: -0.2, Days: 14},
		}}}
}
