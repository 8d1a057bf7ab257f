package memory

import (
	"context"
	"slices"
	"strings"

	"github.com/socialcrm/socialcrm"
)

// SentimentBreakdown counts live scored mentions per label and group over
// the time index, biggest group first.
func (s *Store) SentimentBreakdown(ctx context.Context, f socialcrm.BreakdownFilter) ([]socialcrm.BreakdownRow, error) {
	if err := f.Validate(); err != nil {
		return nil, err
	}
	if err := s.rlock(); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	groups := map[string]*group{}
	if f.By == socialcrm.ByNothing {
		groups[""] = &group{}
	}
	if t := s.tree(f.Brand); t != nil {
		lo, hi := timeRange(f.Since, f.Until)
		t.AscendRange(lo, hi, func(it item) bool {
			m := it.e.m
			if m.Sentiment == nil || (f.ContactID != nil && !slices.Contains(m.Contacts, *f.ContactID)) {
				return true
			}
			for _, k := range groupKeys(m, f.By) {
				g := groups[k]
				if g == nil {
					g = &group{}
					groups[k] = g
				}
				g.add(m.Sentiment)
			}
			return true
		})
	}
	out := make([]socialcrm.BreakdownRow, 0, len(groups))
	for k, g := range groups {
		out = append(out, g.row(k))
	}
	slices.SortFunc(out, func(a, b socialcrm.BreakdownRow) int {
		if a.Total() != b.Total() {
			return b.Total() - a.Total()
		}
		return strings.Compare(a.Key, b.Key)
	})
	if f.Limit > 0 && len(out) > f.Limit {
		out = out[:f.Limit]
	}
	return out, nil
}

// groupKeys returns the groups a mention counts in.
func groupKeys(m *socialcrm.Mention, by string) []string {
	switch by {
	case socialcrm.ByBrand:
		return []string{m.Brand}
	case socialcrm.BySource:
		return []string{m.Source}
	case socialcrm.ByLang:
		return []string{m.Lang}
	case socialcrm.ByTopic:
		ts := slices.Clone(m.Topics)
		slices.Sort(ts)
		return slices.Compact(ts)
	}
	return []string{""}
}

// group sums the sentiment of one breakdown group.
type group struct {
	pos, neu, neg int
	sum           float64
}

func (g *group) add(s *socialcrm.Sentiment) {
	switch s.Label {
	case socialcrm.Positive:
		g.pos++
	case socialcrm.Neutral:
		g.neu++
	case socialcrm.Negative:
		g.neg++
	default:
		return
	}
	g.sum += s.Score
}

func (g *group) row(key string) socialcrm.BreakdownRow {
	r := socialcrm.BreakdownRow{Key: key, Positive: g.pos, Neutral: g.neu, Negative: g.neg}
	if n := r.Total(); n > 0 {
		r.MeanScore = g.sum / float64(n)
	}
	return r
}
