package web

import (
	"net/http"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/crm"
)

func (s *Server) conversionRoutes(mux *router) {
	mux.handle("POST /api/v1/leads/{id}/convert", PermWork, s.handleConvertLead)
}

// converted is the JSON answer of a conversion: the lead and what it
// became.
type converted struct {
	Lead        *socialcrm.Lead        `json:"lead"`
	Contact     *socialcrm.Contact     `json:"contact"`
	Account     *socialcrm.Account     `json:"account"`
	Opportunity *socialcrm.Opportunity `json:"opportunity,omitempty"`
}

// handleConvertLead converts a lead into a contact of a new or existing
// account, with an optional opportunity, in one transaction.
func (s *Server) handleConvertLead(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	var body crm.Conversion
	if err := decodeJSON(r, 64<<10, &body); err != nil {
		s.writeError(w, r, err)
		return
	}
	if body.Opportunity != nil {
		owner, err := s.ownerID(r, body.Opportunity.Owner)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		body.Opportunity.Owner = owner
	}
	l, err := s.Store.FindLeadByID(ctx, r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	body.Stages = s.stages()
	plan, err := body.Plan(l, principalOf(r).Actor(), time.Now())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if l, err = s.Store.ConvertLead(ctx, plan); err != nil {
		s.writeError(w, r, err)
		return
	}
	out := converted{Lead: l}
	if out.Contact, err = s.Store.FindContactByID(ctx, l.ContactID); err == nil {
		s.contactSaved(out.Contact)
		s.consentCarried(ctx, out.Contact.ID)
		out.Account, err = s.Store.FindAccountByID(ctx, l.AccountID)
	}
	if err == nil && l.OpportunityID != "" {
		out.Opportunity, err = s.Store.FindOpportunityByID(ctx, l.OpportunityID)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}
