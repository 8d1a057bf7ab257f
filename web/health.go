package web

import (
	"context"
	"net/http"
	"sort"
	"time"
)

func (s *Server) handleHealthz(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// handleReadyz runs every check and answers 503 when one fails. Only
// signed-in callers see which check failed and why.
func (s *Server) handleReadyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
	defer cancel()
	names := make([]string, 0, len(s.Checks))
	for n := range s.Checks {
		names = append(names, n)
	}
	sort.Strings(names)
	status, code := map[string]string{}, http.StatusOK
	for _, n := range names {
		if err := s.Checks[n](ctx); err != nil {
			status[n], code = publicMessage(err), http.StatusServiceUnavailable
			continue
		}
		status[n] = "ok"
	}
	if p, err := s.authenticate(r); err != nil || p == nil {
		writeJSON(w, code, map[string]any{"ready": code == http.StatusOK})
		return
	}
	writeJSON(w, code, map[string]any{"ready": code == http.StatusOK, "checks": status})
}
