package web

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/socialcrm/socialcrm"
)

func (s *Server) caseRoutes(mux *router) {
	mux.handle("GET /api/v1/cases", PermRead, s.handleCases)
	mux.handle("GET /api/v1/cases/{id}", PermRead, s.handleCase)
	mux.handle("POST /api/v1/cases/{id}/assign", PermWork, s.handleAssignCase)
	mux.handle("POST /api/v1/cases/{id}/respond", PermWork, s.handleCaseChange(socialcrm.CaseService.RespondCase))
	mux.handle("POST /api/v1/cases/{id}/resolve", PermWork, s.handleCaseChange(socialcrm.CaseService.ResolveCase))
	mux.handle("POST /api/v1/cases/{id}/reopen", PermWork, s.handleCaseChange(socialcrm.CaseService.ReopenCase))
}

// caseView is a case as the API shows it: with whether it is overdue now.
type caseView struct {
	*socialcrm.Case
	Overdue     bool   `json:"overdue"`
	ContactName string `json:"contact_name,omitempty"` // see nameCases
}

func viewCases(cs []*socialcrm.Case, now time.Time) []caseView {
	out := make([]caseView, len(cs))
	for i, c := range cs {
		out[i] = caseView{Case: c, Overdue: c.Overdue(now)}
	}
	return out
}

// caseList is the JSON answer of GET /api/v1/cases.
type caseList struct {
	Cases []caseView `json:"cases"`
	Total int        `json:"total"`
}

func (s *Server) handleCases(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r)
	f := socialcrm.CaseFilter{ContactID: q.str("contact"), AccountID: q.str("account"), Brand: q.str("brand"),
		Channel: q.str("channel"), Breached: q.bool("breached"),
		Limit: q.int("limit", 50, 1, 1000), Offset: q.int("offset", 0, 0, 1_000_000)}
	switch st := q.str("status"); {
	case st == nil:
	case *st == "active":
		f.Active = true
	case slices.Contains(socialcrm.CaseStatuses, *st):
		f.Status = st
	default:
		q.fail(socialcrm.Invalidf("parameter status=%q: want open, answered, resolved or active", *st))
	}
	switch a := q.str("assignee"); {
	case a == nil:
	case *a == "me":
		me := principalOf(r).Actor()
		f.Assignee = &me
	case *a == "none":
		f.Assignee = new(string)
	default:
		f.Assignee = a
	}
	if over := q.bool("overdue"); over != nil {
		if !*over {
			q.fail(socialcrm.Invalidf("parameter overdue=false: leave it out instead"))
		}
		f.DueBefore = &q.now
	}
	if q.err != nil {
		s.writeError(w, r, q.err)
		return
	}
	cs, total, err := s.Store.FindCases(r.Context(), f)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	vs := viewCases(cs, q.now)
	if err := s.nameCases(r.Context(), vs); err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, caseList{Cases: vs, Total: total})
}

func (s *Server) handleCase(w http.ResponseWriter, r *http.Request) {
	c, err := s.Store.FindCaseByID(r.Context(), r.PathValue("id"))
	s.writeCase(w, r, c, err)
}

// assignment is the body of POST /api/v1/cases/{id}/assign.
type assignment struct {
	Assignee *string `json:"assignee"`
}

func (s *Server) handleAssignCase(w http.ResponseWriter, r *http.Request) {
	if !s.haveCases(w) {
		return
	}
	var body assignment
	if err := decodeJSON(r, 4<<10, &body); err != nil {
		s.writeError(w, r, err)
		return
	}
	if body.Assignee == nil || len(*body.Assignee) > 254 {
		s.writeError(w, r, socialcrm.Invalidf(`request body: want {"assignee": "user id or email"} ("" unassigns)`))
		return
	}
	assignee := strings.TrimSpace(*body.Assignee)
	if assignee != "" {
		u, err := s.Auth.FindUser(r.Context(), assignee)
		if errors.Is(err, socialcrm.ErrNotFound) || (err == nil && !u.Active) {
			err = socialcrm.Invalidf("assignee %q: no active user has that id or email", assignee)
		}
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		assignee = u.ID
	}
	c, err := s.Cases.AssignCase(r.Context(), r.PathValue("id"), assignee)
	s.writeCase(w, r, c, err)
}

// handleCaseChange serves respond, resolve and reopen through the case
// service, in the name of the signed-in caller.
func (s *Server) handleCaseChange(change func(socialcrm.CaseService, context.Context, string, string) (*socialcrm.Case, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !s.haveCases(w) {
			return
		}
		c, err := change(s.Cases, r.Context(), r.PathValue("id"), principalOf(r).Actor())
		s.writeCase(w, r, c, err)
	}
}

func (s *Server) writeCase(w http.ResponseWriter, r *http.Request, c *socialcrm.Case, err error) {
	var v caseView
	if err == nil {
		v, err = s.viewCase(r.Context(), c)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

// activeCases returns the open and answered cases of a contact or an
// account, soonest due first, for their records.
func (s *Server) activeCases(ctx context.Context, f socialcrm.CaseFilter) ([]caseView, error) {
	f.Active, f.Limit = true, 100
	cs, _, err := s.Store.FindCases(ctx, f)
	if err != nil {
		return nil, err
	}
	vs := viewCases(cs, time.Now())
	return vs, s.nameCases(ctx, vs)
}

// haveCases answers 503 when no case service is wired.
func (s *Server) haveCases(w http.ResponseWriter) bool {
	if s.Cases == nil {
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"error": errNoCases.Error()})
		return false
	}
	return true
}

var errNoCases = errors.New("case service is not running")
