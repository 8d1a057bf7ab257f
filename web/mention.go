package web

import (
	"net/http"
	"time"

	"github.com/socialcrm/socialcrm"
)

func (s *Server) mentionRoutes(mux *router) {
	mux.handle("GET /api/v1/mentions", PermRead, s.handleMentions)
	mux.handle("GET /api/v1/mentions/{id}", PermRead, s.handleMention)
	mux.handle("GET /api/v1/sentiment/summary", PermRead, s.handleSummary)
}

// mentionList is the JSON answer of list endpoints.
type mentionList struct {
	Mentions []*socialcrm.Mention `json:"mentions"`
	Total    int                  `json:"total"`
}

func (s *Server) handleMentions(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r)
	f := socialcrm.MentionFilter{
		Brand: q.str("brand"), Sentiment: q.label("sentiment"), Source: q.str("source"),
		ContactID: q.str("contact"), Segment: q.str("segment"), Author: q.str("author"), Topic: q.str("topic"), Rule: q.str("rule"),
		Since: q.time("since"), Until: q.time("until"),
		Limit: q.int("limit", 50, 1, 1000), Offset: q.int("offset", 0, 0, 1_000_000),
	}
	if q.err != nil {
		s.writeError(w, r, q.err)
		return
	}
	ms, total, err := s.Store.FindMentions(r.Context(), f)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if ms == nil {
		ms = []*socialcrm.Mention{}
	}
	writeJSON(w, http.StatusOK, mentionList{Mentions: ms, Total: total})
}

func (s *Server) handleMention(w http.ResponseWriter, r *http.Request) {
	m, err := s.Store.FindMentionByID(r.Context(), r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, m)
}

// summary is the JSON answer of /api/v1/sentiment/summary.
type summary struct {
	Brand   string                    `json:"brand,omitempty"`
	Window  string                    `json:"window"`
	Since   time.Time                 `json:"since"`
	Totals  labelCounts               `json:"totals"`
	Buckets []socialcrm.SummaryBucket `json:"buckets"`
}

func (s *Server) handleSummary(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r)
	f := socialcrm.SummaryFilter{Brand: q.str("brand"), ContactID: q.str("contact"), Since: q.time("since"), Until: q.time("until"),
		Window: q.duration("window", time.Hour)}
	if q.err == nil && f.Window < time.Minute {
		q.fail(socialcrm.Invalidf("parameter window=%s: want at least 1m", f.Window))
	}
	if q.err != nil {
		s.writeError(w, r, q.err)
		return
	}
	if f.Since == nil {
		since := q.now.Add(-24 * time.Hour)
		f.Since = &since
	}
	buckets, err := s.Store.SentimentSummary(r.Context(), f)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := summary{Window: f.Window.String(), Since: *f.Since, Buckets: buckets}
	if f.Brand != nil {
		out.Brand = *f.Brand
	}
	if out.Buckets == nil {
		out.Buckets = []socialcrm.SummaryBucket{}
	}
	for _, b := range buckets {
		out.Totals.Positive += b.Positive
		out.Totals.Neutral += b.Neutral
		out.Totals.Negative += b.Negative
	}
	out.Totals.Total = out.Totals.Positive + out.Totals.Neutral + out.Totals.Negative
	writeJSON(w, http.StatusOK, out)
}
