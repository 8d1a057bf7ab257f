package web

import (
	"net/http"

	"github.com/socialcrm/socialcrm"
)

// casePatch is the body of PATCH /api/v1/cases/{id}.
type casePatch struct {
	Priority *string `json:"priority"`
}

// handlePatchCase sets a case's priority by hand, in the caller's name.
func (s *Server) handlePatchCase(w http.ResponseWriter, r *http.Request) {
	if !s.haveCases(w) {
		return
	}
	var b casePatch
	if err := decodeJSON(r, 1<<10, &b); err != nil {
		s.writeError(w, r, err)
		return
	}
	if b.Priority == nil {
		s.writeError(w, r, socialcrm.Invalidf(`request body: want {"priority": "urgent", "high", "normal" or "low"}`))
		return
	}
	c, err := s.Cases.SetCasePriority(r.Context(), r.PathValue("id"), *b.Priority, principalOf(r).Actor())
	s.writeCase(w, r, c, err)
}
