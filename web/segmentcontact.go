package web

import (
	"net/http"

	"github.com/socialcrm/socialcrm"
)

// contactSegments is the answer of GET /api/v1/contacts/{id}/segments.
type contactSegments struct {
	Segments []*socialcrm.Segment `json:"segments"`
	// Boost is the highest priority boost among them.
	Boost int `json:"priority_boost"`
}

// handleContactSegments answers the segments whose rules match the
// contact now; none for a contact who is not profiled.
func (s *Server) handleContactSegments(w http.ResponseWriter, r *http.Request) {
	c, err := s.Store.FindContactByID(r.Context(), r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	gs, err := s.Store.FindSegments(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := contactSegments{Segments: []*socialcrm.Segment{}}
	for _, g := range gs {
		_, n, err := s.Store.FindSegmentMembers(r.Context(), g.Rules, socialcrm.SegmentMemberFilter{ContactID: c.ID, Limit: 1})
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		if n > 0 {
			out.Segments = append(out.Segments, g)
			out.Boost = max(out.Boost, g.Boost)
		}
	}
	writeJSON(w, http.StatusOK, out)
}
