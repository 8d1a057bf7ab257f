package web

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/crm"
)

func (s *Server) segmentRoutes(mux *router) {
	mux.handle("GET /api/v1/segments", PermRead, s.handleSegments)
	mux.handle("POST /api/v1/segments", PermConfigure, s.handleCreateSegment)
	mux.handle("GET /api/v1/segments/preview", PermRead, s.handlePreviewSegment)
	mux.handle("GET /api/v1/segments/{id}", PermRead, s.handleSegment)
	mux.handle("PATCH /api/v1/segments/{id}", PermConfigure, s.handleUpdateSegment)
	mux.handle("DELETE /api/v1/segments/{id}", PermConfigure, s.handleDeleteSegment)
	mux.handle("GET /api/v1/segments/{id}/members", PermRead, s.handleSegmentMembers)
	mux.handle("GET /api/v1/contacts/{id}/segments", PermRead, s.handleContactSegments)
	mux.page("GET /segments", PermRead, s.page("segments"))
}

// segmentView is a segment with its live member count.
type segmentView struct {
	*socialcrm.Segment
	Members int `json:"members"`
}

func (s *Server) viewSegment(r *http.Request, g *socialcrm.Segment) (segmentView, error) {
	_, n, err := s.Store.FindSegmentMembers(r.Context(), g.Rules, socialcrm.SegmentMemberFilter{Limit: 1})
	return segmentView{Segment: g, Members: n}, err
}

func (s *Server) handleSegments(w http.ResponseWriter, r *http.Request) {
	gs, err := s.Store.FindSegments(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := make([]segmentView, 0, len(gs))
	for _, g := range gs {
		v, err := s.viewSegment(r, g)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		out = append(out, v)
	}
	writeJSON(w, http.StatusOK, map[string]any{"segments": out})
}

func (s *Server) writeSegment(w http.ResponseWriter, r *http.Request, id string, status int) {
	g, err := s.Store.FindSegmentByID(r.Context(), id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	v, err := s.viewSegment(r, g)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, status, v)
}

func (s *Server) handleSegment(w http.ResponseWriter, r *http.Request) {
	s.writeSegment(w, r, r.PathValue("id"), http.StatusOK)
}

// newSegment is the body of POST /api/v1/segments.
type newSegment struct {
	ID    string                 `json:"id"`
	Name  string                 `json:"name"`
	Rules socialcrm.SegmentRules `json:"rules"`
	Boost int                    `json:"priority_boost"`
}

func (s *Server) handleCreateSegment(w http.ResponseWriter, r *http.Request) {
	var in newSegment
	if err := decodeJSON(r, 64<<10, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	g := &socialcrm.Segment{ID: in.ID, Name: in.Name, Rules: in.Rules, Boost: in.Boost}
	if err := s.Store.CreateSegment(r.Context(), g); err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeSegment(w, r, g.ID, http.StatusCreated)
}

// segmentPatch is the body of PATCH /api/v1/segments/{id}: the fields
// present replace the stored ones.
type segmentPatch struct {
	Name  *string                 `json:"name"`
	Rules *socialcrm.SegmentRules `json:"rules"`
	Boost *int                    `json:"priority_boost"`
}

func (s *Server) handleUpdateSegment(w http.ResponseWriter, r *http.Request) {
	var p segmentPatch
	if err := decodeJSON(r, 64<<10, &p); err != nil {
		s.writeError(w, r, err)
		return
	}
	g, err := s.Store.FindSegmentByID(r.Context(), r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if p.Name != nil {
		g.Name = *p.Name
	}
	if p.Rules != nil {
		g.Rules = *p.Rules
	}
	if p.Boost != nil {
		g.Boost = *p.Boost
	}
	if err := s.Store.UpdateSegment(r.Context(), g); err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeSegment(w, r, g.ID, http.StatusOK)
}

func (s *Server) handleDeleteSegment(w http.ResponseWriter, r *http.Request) {
	if err := s.Store.DeleteSegment(r.Context(), r.PathValue("id")); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// memberList is a page of a segment's members.
type memberList struct {
	Contacts []*socialcrm.Contact `json:"contacts"`
	Total    int                  `json:"total"`
}

func (s *Server) writeMembers(w http.ResponseWriter, r *http.Request, rules socialcrm.SegmentRules) {
	q := newQuery(r)
	f := socialcrm.SegmentMemberFilter{Limit: q.int("limit", 50, 1, 1000), Offset: q.int("offset", 0, 0, 1_000_000)}
	if q.err != nil {
		s.writeError(w, r, q.err)
		return
	}
	cs, total, err := s.Store.FindSegmentMembers(r.Context(), rules, f)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if cs == nil {
		cs = []*socialcrm.Contact{}
	}
	writeJSON(w, http.StatusOK, memberList{Contacts: cs, Total: total})
}

func (s *Server) handleSegmentMembers(w http.ResponseWriter, r *http.Request) {
	g, err := s.Store.FindSegmentByID(r.Context(), r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	switch f := r.URL.Query().Get("format"); f {
	case "", "json":
		s.writeMembers(w, r, g.Rules)
	case "csv":
		s.writeMembersCSV(w, r, g)
	default:
		s.writeError(w, r, socialcrm.Invalidf("parameter format=%q: want json or csv", f))
	}
}

// writeMembersCSV streams every member of g as CSV, in the columns of
// `socialcrm export contacts` (which import contacts reads back), a page
// at a time. Once the first row is out the status is sent, so a store
// error after it aborts the response rather than ending it short as if
// complete.
func (s *Server) writeMembersCSV(w http.ResponseWriter, r *http.Request, g *socialcrm.Segment) {
	now := time.Now()
	if _, _, err := s.Store.FindSegmentMembers(r.Context(), g.Rules, socialcrm.SegmentMemberFilter{Now: now, Limit: 1}); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="segment-`+g.ID+`.csv"`)
	stats, err := crm.ExportSegment(r.Context(), s.Store, g.Rules, now, w, nil)
	if err != nil {
		s.Logger.Error("segment export cut short", "segment_id", g.ID, "rows", stats.Rows, "err", err)
		panic(http.ErrAbortHandler)
	}
}

// handlePreviewSegment answers the members of unsaved rules (the rule
// builder's live count), given as JSON in the rules parameter.
func (s *Server) handlePreviewSegment(w http.ResponseWriter, r *http.Request) {
	var rules socialcrm.SegmentRules
	if err := json.Unmarshal([]byte(r.URL.Query().Get("rules")), &rules); err != nil {
		s.writeError(w, r, socialcrm.Invalidf("parameter rules: want segment rules as JSON: %v", err))
		return
	}
	s.writeMembers(w, r, rules)
}
