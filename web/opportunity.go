package web

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/crm"
)

func (s *Server) opportunityRoutes(mux *router) {
	mux.handle("GET /api/v1/opportunities", PermRead, s.handleOpportunities)
	mux.handle("POST /api/v1/opportunities", PermWork, s.handleCreateOpportunity)
	mux.handle("GET /api/v1/opportunities/{id}", PermRead, s.handleOpportunity)
	mux.handle("PATCH /api/v1/opportunities/{id}", PermWork, s.handleUpdateOpportunity)
	mux.handle("GET /api/v1/pipeline", PermRead, s.handlePipeline)
	mux.handle("GET /api/v1/pipeline/stages", PermRead, s.handlePipelineStages)
	s.recordRoutes(mux, recordKind{socialcrm.RecordOpportunity, func(ctx context.Context, id string) error {
		_, err := s.Store.FindOpportunityByID(ctx, id)
		return err
	}})
}

// opportunityList is the JSON answer of GET /api/v1/opportunities.
type opportunityList struct {
	Opportunities []*socialcrm.Opportunity `json:"opportunities"`
	Total         int                      `json:"total"`
}

// opportunityFilter reads the filter of a list of opportunities.
func opportunityFilter(r *http.Request, q *query, pl socialcrm.Stages) socialcrm.OpportunityFilter {
	f := socialcrm.OpportunityFilter{AccountID: q.str("account"), ContactID: q.str("contact"), Stage: q.str("stage"),
		Limit: q.int("limit", 50, 1, 1000), Offset: q.int("offset", 0, 0, 1_000_000)}
	if open := q.bool("open"); open != nil {
		f.Open = *open
	}
	f.Owner = q.owner()
	if f.Stage != nil {
		if _, ok := pl.Stage(*f.Stage); !ok {
			q.fail(socialcrm.Invalidf("parameter stage=%q: want a stage of the pipeline: %s", *f.Stage, pl.Names()))
		}
	}
	return f
}

func (s *Server) handleOpportunities(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r)
	f := opportunityFilter(r, q, s.stages())
	if q.err != nil {
		s.writeError(w, r, q.err)
		return
	}
	os, total, err := s.Store.FindOpportunities(r.Context(), f)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if os == nil {
		os = []*socialcrm.Opportunity{}
	}
	writeJSON(w, http.StatusOK, opportunityList{Opportunities: os, Total: total})
}

func (s *Server) handleCreateOpportunity(w http.ResponseWriter, r *http.Request) {
	var n crm.NewOpportunity
	if err := decodeJSON(r, 64<<10, &n); err != nil {
		s.writeError(w, r, err)
		return
	}
	owner, err := s.ownerID(r, n.Owner)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	n.Owner = owner
	o, err := n.Build(s.stages(), principalOf(r).Actor(), time.Now())
	if err == nil {
		err = s.checkContacts(r, o.Contacts)
	}
	if err == nil {
		err = s.convert(r.Context(), o)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.Store.CreateOpportunity(r.Context(), o); err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeOpportunity(w, r, o.ID, http.StatusCreated)
}

// checkContacts reports ErrInvalid naming a contact that does not exist.
func (s *Server) checkContacts(r *http.Request, ids []string) error {
	if len(ids) > socialcrm.MaxOpportunityContacts {
		return socialcrm.Invalidf("contacts: %d, at most %d allowed", len(ids), socialcrm.MaxOpportunityContacts)
	}
	for _, id := range ids {
		if err := socialcrm.ValidID("contact", id); err != nil {
			return err
		}
		if _, err := s.Store.FindContactByID(r.Context(), id); errors.Is(err, socialcrm.ErrNotFound) {
			return socialcrm.Invalidf("contacts: contact %q does not exist", id)
		} else if err != nil {
			return err
		}
	}
	return nil
}

func (s *Server) handleOpportunity(w http.ResponseWriter, r *http.Request) {
	s.writeOpportunity(w, r, r.PathValue("id"), http.StatusOK)
}

func (s *Server) writeOpportunity(w http.ResponseWriter, r *http.Request, id string, code int) {
	o, err := s.Store.FindOpportunityByID(r.Context(), id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, code, o)
}

// handleUpdateOpportunity merges the fields present in the body into an
// opportunity and moves its stage, recording the move with the caller and
// the time.
func (s *Server) handleUpdateOpportunity(w http.ResponseWriter, r *http.Request) {
	var p socialcrm.OpportunityPatch
	if err := decodeJSON(r, 64<<10, &p); err != nil {
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
	if p.Contacts != nil {
		if err := s.checkContacts(r, *p.Contacts); err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	by, now, stages, fx := principalOf(r).Actor(), time.Now(), s.stages(), s.fx()
	// The account's currency is read first: the store runs the change
	// while it holds the opportunity, and checks the currency again.
	currency := ""
	if p.Stage != nil {
		if st, ok := stages.Stage(*p.Stage); ok && st.Outcome == socialcrm.OutcomeWon {
			o, err := s.Store.FindOpportunityByID(r.Context(), r.PathValue("id"))
			if err == nil {
				currency, err = s.accountCurrency(r.Context(), o)
			}
			if err != nil {
				s.writeError(w, r, err)
				return
			}
		}
	}
	o, err := s.Store.UpdateOpportunity(r.Context(), r.PathValue("id"), func(o *socialcrm.Opportunity) error {
		wasWon := o.Outcome == socialcrm.OutcomeWon
		if err := p.Apply(stages, o, by, now); err != nil || wasWon || o.Outcome != socialcrm.OutcomeWon || currency == "" {
			return err
		}
		var err error
		o.Credited, err = fx.Credit(o, currency)
		return err
	})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, o)
}

// handlePipeline answers the pipeline's stages, the totals per stage and
// the weighted forecast per month of expected close.
func (s *Server) handlePipeline(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r)
	f := opportunityFilter(r, q, s.stages())
	if q.err != nil {
		s.writeError(w, r, q.err)
		return
	}
	f.Offset, f.Limit = 0, -1
	os, _, err := s.Store.FindOpportunities(r.Context(), f)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, crm.Forecast(s.stages(), os))
}

// stageList is the JSON answer of GET /api/v1/pipeline/stages.
type stageList struct {
	Stages []socialcrm.Stage `json:"stages"`
}

// handlePipelineStages answers the configured stages in order, each with
// its probability and outcome.
func (s *Server) handlePipelineStages(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, stageList{Stages: s.stages().List()})
}

// convert records on o, when it is won, what it adds to its account's
// value in the account's currency, converted by s.fx(). Returns ErrInvalid
// when no rate is known between the two currencies: the win is refused
// rather than counted in the wrong currency.
func (s *Server) convert(ctx context.Context, o *socialcrm.Opportunity) error {
	if o.Outcome != socialcrm.OutcomeWon {
		return nil
	}
	currency, err := s.accountCurrency(ctx, o)
	if err != nil {
		return err
	}
	o.Credited, err = s.fx().Credit(o, currency)
	return err
}

// accountCurrency returns the currency of the value of o's account.
func (s *Server) accountCurrency(ctx context.Context, o *socialcrm.Opportunity) (string, error) {
	a, err := s.Store.FindAccountByID(ctx, o.AccountID)
	if errors.Is(err, socialcrm.ErrNotFound) {
		return "", socialcrm.Invalidf("opportunity %q: account %q does not exist", o.ID, o.AccountID)
	} else if err != nil {
		return "", err
	}
	return a.ValueCurrency(), nil
}
