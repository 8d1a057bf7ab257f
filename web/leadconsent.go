package web

import (
	"context"
	"net/http"
	"time"

	"github.com/socialcrm/socialcrm"
)

// leadConsentRoutes: a lead's consent is recorded like a contact's, by
// the agents who are told (PermWork).
func (s *Server) leadConsentRoutes(mux *router) {
	mux.handle("GET /api/v1/leads/{id}/consent", PermRead, s.handleLeadConsent)
	mux.handle("PUT /api/v1/leads/{id}/consent", PermWork, s.handleSetLeadConsent)
}

func (s *Server) handleLeadConsent(w http.ResponseWriter, r *http.Request) {
	s.writeLeadConsent(w, r, r.PathValue("id"))
}

func (s *Server) writeLeadConsent(w http.ResponseWriter, r *http.Request, id string) {
	c, err := s.Store.FindLeadConsent(r.Context(), id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	h, err := s.Store.FindLeadConsentHistory(r.Context(), id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, consentView{Consent: c, Profiled: c.Profiled(), History: h})
}

func (s *Server) handleSetLeadConsent(w http.ResponseWriter, r *http.Request) {
	var in consentChange
	if err := decodeJSON(r, 4<<10, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	c := &socialcrm.Consent{LeadID: r.PathValue("id"), State: in.State, Suppressed: in.Suppressed,
		Source: in.Source, By: principalOf(r).Actor(), At: time.Now().UTC()}
	if err := c.Validate(); err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.Store.SetLeadConsent(r.Context(), c); err != nil {
		s.writeError(w, r, err)
		return
	}
	if s.OnConsentChanged != nil {
		s.OnConsentChanged(r.Context(), c)
	}
	s.writeLeadConsent(w, r, c.LeadID)
}

// consentCarried tells the process's suppression list of the consent a
// conversion gave the contact (the lead's history carried to it), so that
// its moved identities and its links are judged by it at once.
func (s *Server) consentCarried(ctx context.Context, contactID string) {
	if s.OnConsentChanged == nil {
		return
	}
	if k, err := s.Store.FindConsent(ctx, contactID); err == nil {
		s.OnConsentChanged(ctx, k)
	}
}
