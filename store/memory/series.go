package memory

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"

	"github.com/socialcrm/socialcrm"
)

// seriesKey names one series bucket.
type seriesKey struct {
	brand, topic, rule string
	start              int64
}

// CountSeries counts live scored mentions with a brand per bucket of
// f.Window: per brand, per brand and topic, per brand and rule.
func (s *Store) CountSeries(ctx context.Context, f socialcrm.SeriesFilter) ([]socialcrm.SeriesCount, error) {
	if f.Window < time.Second {
		return nil, socialcrm.Invalidf("memory: series window %v is below one second", f.Window)
	}
	w := f.Window.Microseconds()
	if err := s.rlock(); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	counts := map[seriesKey]*socialcrm.SeriesCount{}
	add := func(k seriesKey, neg bool) {
		c, ok := counts[k]
		if !ok {
			c = &socialcrm.SeriesCount{Brand: k.brand, Topic: k.topic, Rule: k.rule, Start: time.UnixMicro(k.start).UTC()}
			counts[k] = c
		}
		c.Total++
		if neg {
			c.Negative++
		}
	}
	var members map[string]bool
	if len(f.Contacts) > 0 {
		members = make(map[string]bool, len(f.Contacts))
		for _, c := range f.Contacts {
			members[c] = true
		}
	}
	lo, hi := item{at: norm(f.Since).UnixMicro()}, item{at: norm(f.Until).UnixMicro()}
	s.all.AscendRange(lo, hi, func(it item) bool {
		m := it.e.m
		if m.Sentiment == nil || m.Brand == "" || members != nil && !anyIn(m.Contacts, members) {
			return true
		}
		start, neg := floorDiv(it.at, w)*w, m.Sentiment.Label == socialcrm.Negative
		add(seriesKey{brand: m.Brand, start: start}, neg)
		for _, t := range m.Topics {
			add(seriesKey{brand: m.Brand, topic: t, start: start}, neg)
		}
		if m.Rule != "" {
			add(seriesKey{brand: m.Brand, rule: m.Rule, start: start}, neg)
		}
		return true
	})
	out := make([]socialcrm.SeriesCount, 0, len(counts))
	for _, c := range counts {
		out = append(out, *c)
	}
	slices.SortFunc(out, func(x, y socialcrm.SeriesCount) int {
		return cmp.Or(strings.Compare(x.Brand, y.Brand), strings.Compare(x.Topic, y.Topic),
			strings.Compare(x.Rule, y.Rule), x.Start.Compare(y.Start))
	})
	return out, nil
}

// anyIn reports whether any of contacts is in set.
func anyIn(contacts []string, set map[string]bool) bool {
	for _, c := range contacts {
		if set[c] {
			return true
		}
	}
	return false
}
