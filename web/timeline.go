package web

import (
	"net/http"

	"github.com/socialcrm/socialcrm"
)

// timelinePage is the JSON answer of GET …/timeline: the items, newest
// first, and the cursor of the next page (absent on the last).
type timelinePage struct {
	Items []socialcrm.TimelineItem `json:"items"`
	Next  string                   `json:"next,omitempty"`
}

func (s *Server) handleTimeline(rk recordKind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx, id := r.Context(), r.PathValue("id")
		q := newQuery(r)
		limit := q.int("limit", 50, 1, 200)
		var cursor *socialcrm.TimelineCursor
		if v := q.str("cursor"); v != nil {
			c, err := socialcrm.ParseTimelineCursor(*v)
			if err != nil {
				q.fail(err)
			}
			cursor = &c
		}
		if q.err != nil {
			s.writeError(w, r, q.err)
			return
		}
		if err := rk.exists(ctx, id); err != nil {
			if rk.kind == socialcrm.RecordContact && s.redirectMerged(w, r, err) {
				return
			}
			s.writeError(w, r, err)
			return
		}
		items, next, err := s.Timeline.Timeline(ctx, rk.kind, id, cursor, limit)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		page := timelinePage{Items: items}
		if page.Items == nil {
			page.Items = []socialcrm.TimelineItem{}
		}
		if next != nil {
			page.Next = next.String()
		}
		writeJSON(w, http.StatusOK, page)
	}
}
