package memory

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/socialcrm/socialcrm"
)

var _ socialcrm.SalesReportStore = (*Store)(nil)

// SalesReport counts leads, opportunities and segments under the read
// lock, with the semantics of the Postgres store's queries.
func (s *Store) SalesReport(ctx context.Context, f socialcrm.SalesReportFilter) (*socialcrm.SalesReport, error) {
	if err := f.Validate(); err != nil {
		return nil, fmt.Errorf("memory: %w", err)
	}
	now := f.Now
	if now.IsZero() {
		now = time.Now()
	}
	now = norm(now)
	if err := s.rlock(); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	r := &socialcrm.SalesReport{Since: norm(f.Since), Until: norm(f.Until), Now: now, Owner: f.Owner}
	mine := func(owner string) bool { return f.Owner == nil || socialcrm.CleanText(*f.Owner) == owner }
	r.Funnel = s.salesFunnel(r.Since, r.Until, mine)
	r.Pipeline, r.Months = s.salesDeals(r.Since, r.Until, mine)
	r.Segments, r.SegmentsTotal = s.salesSegments(now)
	r.Finish()
	return r, nil
}

func (s *Store) salesFunnel(since, until time.Time, mine func(string) bool) []socialcrm.SalesFunnel {
	by := map[string]*socialcrm.SalesFunnel{}
	for _, l := range s.sales.leads {
		if l.CreatedAt.Before(since) || !l.CreatedAt.Before(until) || !mine(l.Owner) {
			continue
		}
		ch := l.Channel()
		row := by[ch]
		if row == nil {
			row = &socialcrm.SalesFunnel{Channel: ch}
			by[ch] = row
		}
		row.Leads++
		if l.ReachedQualified() {
			row.Qualified++
		}
		if l.Status == socialcrm.LeadConverted {
			row.Converted++
			if o := s.sales.opps[l.OpportunityID]; o != nil && o.Outcome == socialcrm.OutcomeWon {
				row.Won++
			}
		}
	}
	out := make([]socialcrm.SalesFunnel, 0, len(by))
	for _, row := range by {
		out = append(out, *row)
	}
	return out
}

func (s *Store) salesDeals(since, until time.Time, mine func(string) bool) ([]socialcrm.SalesStageValue, []socialcrm.SalesMonth) {
	type key struct{ stage, currency string }
	open := map[key]*socialcrm.SalesStageValue{}
	months := map[string]*socialcrm.SalesMonth{}
	for _, o := range s.sales.opps {
		if !mine(o.Owner) {
			continue
		}
		switch o.Outcome {
		case socialcrm.OutcomeWon, socialcrm.OutcomeLost:
			if o.ClosedAt == nil || o.ClosedAt.Before(since) || !o.ClosedAt.Before(until) {
				continue
			}
			name := o.ClosedAt.UTC().Format("2006-01")
			m := months[name]
			if m == nil {
				m = &socialcrm.SalesMonth{Month: name, WonAmount: map[string]int64{}, LostAmount: map[string]int64{}}
				months[name] = m
			}
			if o.Outcome == socialcrm.OutcomeWon {
				m.Won++
				m.WonAmount[o.Currency] += o.Amount
			} else {
				m.Lost++
				m.LostAmount[o.Currency] += o.Amount
			}
		default:
			k := key{o.Stage, o.Currency}
			v := open[k]
			if v == nil {
				v = &socialcrm.SalesStageValue{Stage: o.Stage, Currency: o.Currency}
				open[k] = v
			}
			v.Count++
			v.Amount += o.Amount
			v.AmountPercent += o.Amount * int64(o.Probability)
			v.Probability = max(v.Probability, o.Probability)
		}
	}
	var pipeline []socialcrm.SalesStageValue
	for _, v := range open {
		pipeline = append(pipeline, *v)
	}
	var out []socialcrm.SalesMonth
	for _, m := range months {
		out = append(out, *m)
	}
	return pipeline, out
}

// salesSegments evaluates the first MaxSalesSegments segments at now:
// members, the sentiment of their mentions in the window and their open
// cases, counted per member (a mention linked to two members counts for
// each), as the Postgres store does.
func (s *Store) salesSegments(now time.Time) ([]socialcrm.SegmentSales, int) {
	segs := slices.SortedFunc(maps.Values(s.segments), func(a, b *socialcrm.Segment) int {
		return cmp.Or(strings.Compare(a.Name, b.Name), strings.Compare(a.ID, b.ID))
	})
	total := len(segs)
	segs = segs[:min(total, socialcrm.MaxSalesSegments)]
	since := now.Add(-socialcrm.SalesSentimentDays * 24 * time.Hour)
	sent := map[string]*socialcrm.SegmentSales{} // contact → counts
	for _, e := range s.mentions {
		m := e.m
		if m.Deleted || m.Sentiment == nil || m.CreatedAt.Before(since) || !m.CreatedAt.Before(now) {
			continue
		}
		for _, id := range m.Contacts {
			c := sent[id]
			if c == nil {
				c = &socialcrm.SegmentSales{}
				sent[id] = c
			}
			switch m.Sentiment.Label {
			case socialcrm.Positive:
				c.Positive++
			case socialcrm.Neutral:
				c.Neutral++
			case socialcrm.Negative:
				c.Negative++
			}
		}
	}
	facts := s.segmentFacts()
	out := make([]socialcrm.SegmentSales, 0, len(segs))
	for _, g := range segs {
		row := socialcrm.SegmentSales{ID: g.ID, Name: g.Name}
		for _, c := range s.segmentMatches(facts, g.Rules, now, "") {
			row.Members++
			row.OpenCases += facts.openCases[c.ID]
			if n := sent[c.ID]; n != nil {
				row.Positive += n.Positive
				row.Neutral += n.Neutral
				row.Negative += n.Negative
			}
		}
		out = append(out, row)
	}
	return out, total
}
