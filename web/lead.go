package web

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/crm"
)

func (s *Server) leadRoutes(mux *router) {
	mux.handle("GET /api/v1/leads", PermRead, s.handleLeads)
	mux.handle("POST /api/v1/leads", PermWork, s.handleCreateLead)
	mux.handle("GET /api/v1/leads/{id}", PermRead, s.handleLead)
	mux.handle("PATCH /api/v1/leads/{id}", PermWork, s.handleUpdateLead)
	s.conversionRoutes(mux)
	s.recordRoutes(mux, recordKind{socialcrm.RecordLead, func(ctx context.Context, id string) error {
		_, err := s.Store.FindLeadByID(ctx, id)
		return err
	}})
}

// leadList is the JSON answer of GET /api/v1/leads.
type leadList struct {
	Leads []*socialcrm.Lead `json:"leads"`
	Total int               `json:"total"`
}

func (s *Server) handleLeads(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r)
	f := socialcrm.LeadFilter{Status: q.str("status"), Source: q.str("source"), Brand: q.str("brand"),
		Query: q.str("q"), Limit: q.int("limit", 50, 1, 1000), Offset: q.int("offset", 0, 0, 1_000_000)}
	f.Owner = q.owner()
	if f.Status != nil && !slices.Contains(socialcrm.LeadStatuses, *f.Status) {
		q.fail(socialcrm.Invalidf("parameter status=%q: want one of %s", *f.Status, strings.Join(socialcrm.LeadStatuses, ", ")))
	}
	if f.Source != nil && !slices.Contains(socialcrm.LeadSources, *f.Source) {
		q.fail(socialcrm.Invalidf("parameter source=%q: want one of %s", *f.Source, strings.Join(socialcrm.LeadSources, ", ")))
	}
	if q.err != nil {
		s.writeError(w, r, q.err)
		return
	}
	ls, total, err := s.Store.FindLeads(r.Context(), f)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if ls == nil {
		ls = []*socialcrm.Lead{}
	}
	writeJSON(w, http.StatusOK, leadList{Leads: ls, Total: total})
}

// newLead is the body of POST /api/v1/leads. The id is made when left
// out; the source is api and the status new unless given.
type newLead struct {
	ID         string               `json:"id"`
	Name       string               `json:"name"`
	Identities []socialcrm.Identity `json:"identities"`
	Company    string               `json:"company"`
	Email      string               `json:"email"`
	Brand      string               `json:"brand"`
	Source     string               `json:"source"`
	Status     string               `json:"status"`
	Owner      string               `json:"owner"`
	Score      int                  `json:"score"`
	Mentions   []string             `json:"mentions"`
}

func (s *Server) handleCreateLead(w http.ResponseWriter, r *http.Request) {
	var in newLead
	if err := decodeJSON(r, 1<<20, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	l := &socialcrm.Lead{ID: in.ID, Name: strings.TrimSpace(in.Name), Identities: in.Identities, Company: in.Company,
		Email: in.Email, Brand: in.Brand, Source: in.Source, Status: in.Status, Score: in.Score, Mentions: in.Mentions}
	if l.ID == "" {
		l.ID = crm.NewID("lead-")
	}
	if l.Source == "" {
		l.Source = socialcrm.LeadFromAPI
	}
	switch l.Status {
	case "":
		l.Status = socialcrm.LeadNew
	case socialcrm.LeadNew, socialcrm.LeadWorking, socialcrm.LeadQualified:
	default:
		s.writeError(w, r, socialcrm.Invalidf("lead: status %q: a new lead is new, working or qualified", l.Status))
		return
	}
	owner, err := s.ownerID(r, in.Owner)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	l.Owner = owner
	if err := s.Store.CreateLead(r.Context(), l); err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeLead(w, r, l.ID, http.StatusCreated)
}

func (s *Server) handleLead(w http.ResponseWriter, r *http.Request) {
	s.writeLead(w, r, r.PathValue("id"), http.StatusOK)
}

func (s *Server) writeLead(w http.ResponseWriter, r *http.Request, id string, code int) {
	l, err := s.Store.FindLeadByID(r.Context(), id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, code, l)
}

// handleUpdateLead merges the fields present in the body into a lead and
// moves its status where the funnel allows it.
func (s *Server) handleUpdateLead(w http.ResponseWriter, r *http.Request) {
	var p socialcrm.LeadPatch
	if err := decodeJSON(r, 1<<20, &p); err != nil {
		s.writeError(w, r, err)
		return
	}
	if p.Owner != nil {
		owner, err := s.ownerID(r, *p.Owner)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		p.Owner = &owner
	}
	l, err := s.Store.UpdateLead(r.Context(), r.PathValue("id"), p.Apply)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, l)
}

// ownerID returns the ID of the active user an owner field names (by id or
// email), "" for none, or ErrInvalid.
func (s *Server) ownerID(r *http.Request, owner string) (string, error) {
	owner = strings.TrimSpace(owner)
	if owner == "" {
		return "", nil
	}
	if len(owner) > socialcrm.MaxEmailLen {
		return "", socialcrm.Invalidf("owner is longer than %d characters", socialcrm.MaxEmailLen)
	}
	u, err := s.Auth.FindUser(r.Context(), owner)
	if errors.Is(err, socialcrm.ErrNotFound) || (err == nil && !u.Active) {
		return "", socialcrm.Invalidf("owner %q: no active user has that id or email", owner)
	}
	if err != nil {
		return "", err
	}
	return u.ID, nil
}
