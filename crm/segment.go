package crm

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/socialcrm/socialcrm"
)

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

// Segments answers which segments a contact is a member of
// (socialcrm.SegmentLookup), for the case queue: it keeps the list of
// segments, reread when older than its period, and evaluates each one's
// rules for the one contact in the store.
type Segments struct {
	st    socialcrm.SegmentStore
	every time.Duration
	now   func() time.Time

	mu       sync.Mutex
	list     []*socialcrm.Segment
	loadedAt time.Time
}

var _ socialcrm.SegmentLookup = (*Segments)(nil)

// NewSegments returns the lookup over st, rereading the segments every
// period (0: on every call).
func NewSegments(st socialcrm.SegmentStore, every time.Duration) *Segments {
	return &Segments{st: st, every: every, now: time.Now}
}

func (s *Segments) segments(ctx context.Context) ([]*socialcrm.Segment, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.list == nil || s.every <= 0 || s.now().Sub(s.loadedAt) >= s.every {
		list, err := s.st.FindSegments(ctx)
		if err != nil {
			return nil, fmt.Errorf("crm: segments: %w", err)
		}
		s.list, s.loadedAt = list, s.now()
	}
	return s.list, nil
}

// SegmentsOf returns the segments whose rules match the contact now.
func (s *Segments) SegmentsOf(ctx context.Context, contactID string) ([]*socialcrm.Segment, error) {
	list, err := s.segments(ctx)
	if err != nil {
		return nil, err
	}
	var out []*socialcrm.Segment
	for _, g := range list {
		_, n, err := s.st.FindSegmentMembers(ctx, g.Rules, socialcrm.SegmentMemberFilter{ContactID: contactID, Limit: 1})
		if err != nil {
			return nil, fmt.Errorf("crm: segments of contact %q: %w", contactID, err)
		}
		if n > 0 {
			out = append(out, g)
		}
	}
	return out, nil
}

// Boost returns the highest priority boost among the contact's segments,
// 0 for a contact in none.
func (s *Segments) Boost(ctx context.Context, contactID string) (int, error) {
	gs, err := s.SegmentsOf(ctx, contactID)
	boost := 0
	for _, g := range gs {
		boost = max(boost, g.Boost)
	}
	return boost, err
}

// RaisePriority returns priority raised by a segment boost: one step (low
// → normal → high → urgent) for a boost from 1 to 49, two from 50; "" is
// normal. The case opener can set a case's priority with it.
func RaisePriority(priority string, boost int) string {
	if priority == "" {
		priority = socialcrm.PriorityNormal
	}
	i := slices.Index(socialcrm.Priorities, priority) // most urgent first
	if i < 0 || boost <= 0 {
		return priority
	}
	steps := 1
	if boost >= 50 {
		steps = 2
	}
	return socialcrm.Priorities[max(i-steps, 0)]
}
