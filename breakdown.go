package socialcrm

import (
	"context"
	"time"
)

// Breakdown groupings: what BreakdownFilter.By groups mentions by.
const (
	ByNothing = ""       // one row for every mention in scope
	ByBrand   = "brand"  // Mention.Brand ("" for none)
	ByTopic   = "topic"  // each of the mention's distinct Topics; none: not counted
	BySource  = "source" // Mention.Source, the network or channel
	ByLang    = "lang"   // Mention.Lang ("" when unknown)
)

// BreakdownGroupings lists the groupings BreakdownFilter.By accepts.
var BreakdownGroupings = []string{ByNothing, ByBrand, ByTopic, BySource, ByLang}

// BreakdownFilter selects the mentions SentimentBreakdown counts, with
// Since <= CreatedAt < Until, and how it groups them.
type BreakdownFilter struct {
	Brand     *string
	ContactID *string
	Since     *time.Time
	Until     *time.Time
	By        string // one of BreakdownGroupings
	Limit     int    // the biggest groups only; 0 means every group
}

// Validate returns ErrInvalid for an unknown By or a negative Limit.
func (f BreakdownFilter) Validate() error {
	known := false
	for _, b := range BreakdownGroupings {
		known = known || b == f.By
	}
	switch {
	case !known:
		return Invalidf("breakdown by %q: want brand, topic, source or lang", f.By)
	case f.Limit < 0:
		return Invalidf("breakdown limit %d: want 0 (all) or more", f.Limit)
	}
	return nil
}

// BreakdownRow counts the scored mentions of one group per label, with
// their mean score.
type BreakdownRow struct {
	Key       string  `json:"key"`
	Positive  int     `json:"positive"`
	Neutral   int     `json:"neutral"`
	Negative  int     `json:"negative"`
	MeanScore float64 `json:"mean_score"`
}

// Total is the number of mentions in the row.
func (r BreakdownRow) Total() int { return r.Positive + r.Neutral + r.Negative }

// BreakdownStore aggregates scored mentions where they are stored, so that
// figures cover every mention in scope rather than a page of them.
type BreakdownStore interface {
	// SentimentBreakdown counts the live scored mentions that match f per
	// label and group, biggest group first, then by key. With By empty it
	// returns exactly one row, with an empty key, even when nothing
	// matches. Returns ErrInvalid for an unknown By or a negative Limit.
	SentimentBreakdown(ctx context.Context, f BreakdownFilter) ([]BreakdownRow, error)
}
