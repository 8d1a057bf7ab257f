package web

import (
	"context"
	"net/http"
	"time"

	"github.com/socialcrm/socialcrm"
)

func (s *Server) breakdownRoutes(mux *router) {
	mux.handle("GET /api/v1/sentiment/breakdown", PermRead, s.handleBreakdown)
}

// breakdownRow is one group of a breakdown in the API.
type breakdownRow struct {
	Key string `json:"key"`
	labelCounts
}

// breakdown is the JSON answer of /api/v1/sentiment/breakdown: every
// scored mention in scope is counted, store-side.
type breakdown struct {
	By       string         `json:"by"`
	Brand    string         `json:"brand,omitempty"`
	Since    time.Time      `json:"since"`
	Until    *time.Time     `json:"until,omitempty"`
	Mentions labelCounts    `json:"mentions"` // every scored mention in scope
	Rows     []breakdownRow `json:"rows"`     // biggest first
}

func (s *Server) handleBreakdown(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r)
	f := socialcrm.BreakdownFilter{Brand: q.str("brand"), ContactID: q.str("contact"),
		Since: q.time("since"), Until: q.time("until"), Limit: q.int("limit", 10, 1, 1000)}
	if by := q.str("by"); by == nil {
		q.fail(socialcrm.Invalidf("parameter by missing: want brand, topic, source or lang"))
	} else if f.By = *by; q.err == nil {
		q.fail(f.Validate())
	}
	if q.err != nil {
		s.writeError(w, r, q.err)
		return
	}
	if f.Since == nil {
		since := q.now.Add(-24 * time.Hour)
		f.Since = &since
	}
	ctx := r.Context()
	rows, err := s.Store.SentimentBreakdown(ctx, f)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	all := f
	all.By, all.Limit = socialcrm.ByNothing, 0
	total, err := s.labelTotals(ctx, all)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := breakdown{By: f.By, Since: *f.Since, Until: f.Until, Mentions: total, Rows: make([]breakdownRow, 0, len(rows))}
	if f.Brand != nil {
		out.Brand = *f.Brand
	}
	for _, row := range rows {
		out.Rows = append(out.Rows, breakdownRow{Key: row.Key, labelCounts: countsOf(row)})
	}
	writeJSON(w, http.StatusOK, out)
}

// labelTotals counts every scored mention f selects (f.By must be empty).
func (s *Server) labelTotals(ctx context.Context, f socialcrm.BreakdownFilter) (labelCounts, error) {
	rows, err := s.Store.SentimentBreakdown(ctx, f)
	if err != nil || len(rows) == 0 {
		return labelCounts{}, err
	}
	return countsOf(rows[0]), nil
}

// countsOf is a breakdown row as label counts.
func countsOf(r socialcrm.BreakdownRow) labelCounts {
	return labelCounts{Positive: r.Positive, Neutral: r.Neutral, Negative: r.Negative, Total: r.Total(), MeanScore: r.MeanScore}
}
