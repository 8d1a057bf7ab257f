package memory

import (
	"context"
	"slices"
	"time"

	"github.com/socialcrm/socialcrm"
)

// summaryWindow returns the bucket width of f, or ErrInvalid.
func summaryWindow(f socialcrm.SummaryFilter) (time.Duration, error) {
	switch {
	case f.Window == 0:
		return time.Hour, nil
	case f.Window < time.Second:
		return 0, socialcrm.Invalidf("memory: summary window %v is below one second", f.Window)
	}
	return f.Window, nil
}

// SentimentSummary counts live scored mentions per label per bucket of
// f.Window, aligned on the Unix epoch, oldest first.
func (s *Store) SentimentSummary(ctx context.Context, f socialcrm.SummaryFilter) ([]socialcrm.SummaryBucket, error) {
	window, err := summaryWindow(f)
	if err != nil {
		return nil, err
	}
	w := window.Microseconds()
	if err := s.rlock(); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	t := s.tree(f.Brand)
	if t == nil {
		return nil, nil
	}
	var out []socialcrm.SummaryBucket
	var b *socialcrm.SummaryBucket
	cur := int64(-1 << 63)
	visit := func(it item) bool {
		sent := it.e.m.Sentiment
		if sent == nil || (f.ContactID != nil && !slices.Contains(it.e.m.Contacts, *f.ContactID)) {
			return true
		}
		if start := floorDiv(it.at, w) * w; b == nil || start != cur {
			cur = start
			out = append(out, socialcrm.SummaryBucket{Start: time.UnixMicro(start).UTC()})
			b = &out[len(out)-1]
		}
		switch sent.Label {
		case socialcrm.Positive:
			b.Positive++
		case socialcrm.Neutral:
			b.Neutral++
		case socialcrm.Negative:
			b.Negative++
		}
		return true
	}
	lo, hi := timeRange(f.Since, f.Until)
	t.AscendRange(lo, hi, visit)
	return out, nil
}

// timeRange returns the index keys that bound Since <= CreatedAt < Until
// for AscendRange; nil bounds are open.
func timeRange(since, until *time.Time) (lo, hi item) {
	lo, hi = item{at: -1 << 63}, item{at: 1<<63 - 1}
	if since != nil {
		lo = item{at: norm(*since).UnixMicro()}
	}
	if until != nil {
		hi = item{at: norm(*until).UnixMicro()}
	}
	return lo, hi
}

// floorDiv divides rounding towards minus infinity.
func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}
