package web

import (
	"net/http"
	"time"

	"github.com/socialcrm/socialcrm"
)

// consentRoutes: recording a contact's consent is work (PermWork), not a
// privacy officer's task like export and erasure: the agents who talk to
// customers are the ones told "stop profiling me", withdrawing must be as
// easy as consenting (GDPR art. 7(3)), and the change deletes nothing, is
// undone by another change and is kept in the history and the audit trail.
func (s *Server) consentRoutes(mux *router) {
	mux.handle("GET /api/v1/contacts/{id}/consent", PermRead, s.handleConsent)
	mux.handle("PUT /api/v1/contacts/{id}/consent", PermWork, s.handleSetConsent)
}

// consentView is a contact's current consent with its history.
type consentView struct {
	*socialcrm.Consent
	Profiled bool                 `json:"profiled"`
	History  []*socialcrm.Consent `json:"history"`
}

func (s *Server) handleConsent(w http.ResponseWriter, r *http.Request) {
	s.writeConsent(w, r, r.PathValue("id"))
}

func (s *Server) writeConsent(w http.ResponseWriter, r *http.Request, id string) {
	c, err := s.Store.FindConsent(r.Context(), id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	h, err := s.Store.FindConsentHistory(r.Context(), id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, consentView{Consent: c, Profiled: c.Profiled(), History: h})
}

// consentChange is the body of PUT /api/v1/contacts/{id}/consent.
type consentChange struct {
	State      string `json:"state"`
	Suppressed bool   `json:"suppressed"`
	Source     string `json:"source"`
}

func (s *Server) handleSetConsent(w http.ResponseWriter, r *http.Request) {
	var in consentChange
	if err := decodeJSON(r, 4<<10, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	c := &socialcrm.Consent{ContactID: r.PathValue("id"), State: in.State, Suppressed: in.Suppressed,
		Source: in.Source, By: principalOf(r).Actor(), At: time.Now().UTC()}
	if err := c.Validate(); err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.Store.SetConsent(r.Context(), c); err != nil {
		s.writeError(w, r, err)
		return
	}
	if s.OnConsentChanged != nil {
		s.OnConsentChanged(r.Context(), c)
	}
	s.writeConsent(w, r, c.ContactID)
}
