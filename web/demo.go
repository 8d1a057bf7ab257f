package web

import (
	"context"
	"net/http"
	"time"

	"github.com/socialcrm/socialcrm"
)

// Burster starts a synthetic complaint burst (demo only) lasting d and
// returns when it starts: at once, or when the alerter can first judge.
// It may wait (within ctx) for the brand to reach the alerter.
type Burster interface {
	Burst(ctx context.Context, brand, theme string, d time.Duration) (time.Time, error)
}

func (s *Server) demoRoutes(mux *router) {
	mux.handle("POST /api/v1/demo/burst", PermConfigure, s.handleBurst)
}

// handleBurst injects a burst of complaints for ?brand= lasting ?for=
// (default 3m), so that a demo can show a crisis alert on demand.
func (s *Server) handleBurst(w http.ResponseWriter, r *http.Request) {
	if s.Demo == nil {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "bursts exist only in the demo"})
		return
	}
	q := newQuery(r)
	brand, d := q.str("brand"), q.duration("for", 3*time.Minute)
	if q.err == nil && brand == nil {
		q.fail(socialcrm.Invalidf("parameter brand is required"))
	}
	if q.err != nil {
		s.writeError(w, r, q.err)
		return
	}
	theme := r.URL.Query().Get("theme")
	start, err := s.Demo.Burst(r.Context(), *brand, theme, d)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusAccepted, map[string]any{"brand": *brand, "theme": theme,
		"start": start.UTC(), "until": start.Add(d).UTC()})
}
