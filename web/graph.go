package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/socialcrm/socialcrm"
)

// errNoGraph answers graph routes when no graph service is configured.
var errNoGraph = errors.New("graph not available")

func (s *Server) graphRoutes(mux *router) {
	mux.handle("GET /api/v1/contacts/{id}/ties", PermRead, s.withGraph(s.handleContactTies))
	mux.handle("GET /api/v1/graph/communities", PermRead, s.withGraph(s.handleCommunities))
	mux.handle("GET /api/v1/graph/influencers", PermRead, s.withGraph(s.handleInfluencers))
	mux.handle("GET /api/v1/graph/ego/{author}", PermRead, s.withGraph(s.handleEgo))
}

// withGraph answers 503 while no graph service is set.
func (s *Server) withGraph(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.Graph == nil {
			writeJSON(w, http.StatusServiceUnavailable, map[string]string{"error": errNoGraph.Error()})
			return
		}
		h(w, r)
	}
}

// graphLimit reads ?limit=, def when absent, at most 1000.
func graphLimit(r *http.Request, def int) (int, error) {
	v := r.URL.Query().Get("limit")
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 1000 {
		return 0, socialcrm.Invalidf("limit %q: want a number from 1 to 1000", v)
	}
	return n, nil
}

// contactTies is the answer of /api/v1/contacts/{id}/ties.
type contactTies struct {
	ContactID string          `json:"contact_id"`
	Keys      []string        `json:"keys"` // graph keys of the contact's identities
	Ties      []socialcrm.Tie `json:"ties"`
}

func (s *Server) handleContactTies(w http.ResponseWriter, r *http.Request) {
	limit, err := graphLimit(r, 50)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	c, err := s.Store.FindContactByID(r.Context(), r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := contactTies{ContactID: c.ID, Keys: []string{}, Ties: []socialcrm.Tie{}}
	for _, id := range c.Identities {
		out.Keys = append(out.Keys, id.Key())
	}
	ties, err := s.Graph.Ties(r.Context(), out.Keys, limit)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.linkContacts(r.Context(), ties); err != nil {
		s.writeError(w, r, err)
		return
	}
	if ties != nil {
		out.Ties = ties
	}
	writeJSON(w, http.StatusOK, out)
}

// linkContacts sets the ContactID of ties whose other end is an identity
// of a CRM contact.
func (s *Server) linkContacts(ctx context.Context, ties []socialcrm.Tie) error {
	for i := range ties {
		_, handle, ok := strings.Cut(ties[i].To, ":")
		if !ok || handle == "" {
			continue
		}
		cs, _, err := s.Store.FindContacts(ctx, socialcrm.ContactFilter{Query: &handle, Limit: 10})
		if err != nil {
			return err
		}
		for _, c := range cs {
			for _, id := range c.Identities {
				if id.Key() == ties[i].To {
					ties[i].ContactID = c.ID
				}
			}
		}
	}
	return nil
}

func (s *Server) handleCommunities(w http.ResponseWriter, r *http.Request) {
	limit, err := graphLimit(r, 50)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	rep, err := s.Graph.Communities(r.Context(), limit)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, rep)
}

func (s *Server) handleInfluencers(w http.ResponseWriter, r *http.Request) {
	limit, err := graphLimit(r, 20)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	brand := r.URL.Query().Get("brand")
	inf, err := s.Graph.Influencers(r.Context(), brand, limit)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"brand": brand, "influencers": inf})
}

func (s *Server) handleEgo(w http.ResponseWriter, r *http.Request) {
	limit, err := graphLimit(r, 30)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	ego, err := s.Graph.Ego(r.Context(), r.PathValue("author"), limit)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, ego)
}
