package web

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/socialcrm/socialcrm"
)

func (s *Server) contactRoutes(mux *router) {
	mux.handle("GET /api/v1/contacts", PermRead, s.handleContacts)
	mux.handle("POST /api/v1/contacts", PermWork, s.handleCreateContact)
	mux.handle("GET /api/v1/contacts/{id}", PermRead, s.handleContact)
	mux.handle("PATCH /api/v1/contacts/{id}", PermWork, s.handleUpdateContact)
	mux.handle("GET /api/v1/accounts", PermRead, s.handleAccounts)
	mux.handle("GET /api/v1/accounts/{id}", PermRead, s.handleAccount)
}

func (s *Server) handleContacts(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r)
	f := socialcrm.ContactFilter{AccountID: q.str("account"), Query: q.str("q"),
		Limit: q.int("limit", 50, 1, 1000), Offset: q.int("offset", 0, 0, 1_000_000)}
	if q.err != nil {
		s.writeError(w, r, q.err)
		return
	}
	cs, total, err := s.Store.FindContacts(r.Context(), f)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if cs == nil {
		cs = []*socialcrm.Contact{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"contacts": cs, "total": total})
}

// OnContactSaved, when set, is told of every contact saved through the API
// (cmd uses it to index new identities for matching).
func (s *Server) contactSaved(c *socialcrm.Contact) {
	if s.OnContactSaved != nil {
		s.OnContactSaved(c)
	}
}

// handleCreateContact creates a contact; an existing id answers 409 (use
// PATCH to change one).
func (s *Server) handleCreateContact(w http.ResponseWriter, r *http.Request) {
	var c socialcrm.Contact
	if err := decodeJSON(r, 1<<20, &c); err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := c.Validate(); err != nil {
		s.writeError(w, r, err)
		return
	}
	_, err := s.Store.FindContactByID(r.Context(), c.ID)
	switch {
	case err == nil:
		s.writeError(w, r, fmt.Errorf("contact %q already exists (PATCH /api/v1/contacts/%s changes it): %w", c.ID, c.ID, socialcrm.ErrConflict))
		return
	case !errors.Is(err, socialcrm.ErrNotFound):
		s.writeError(w, r, err)
		return
	}
	c.CreatedAt, c.UpdatedAt = time.Time{}, time.Time{}
	s.saveContact(w, r, &c, http.StatusCreated)
}

// handleUpdateContact merges the fields present in the body into a contact.
func (s *Server) handleUpdateContact(w http.ResponseWriter, r *http.Request) {
	var p socialcrm.ContactPatch
	if err := decodeJSON(r, 1<<20, &p); err != nil {
		s.writeError(w, r, err)
		return
	}
	c, err := s.Store.FindContactByID(r.Context(), r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	p.Apply(c)
	if err := c.Validate(); err != nil {
		s.writeError(w, r, err)
		return
	}
	c.UpdatedAt = time.Time{}
	s.saveContact(w, r, c, http.StatusOK)
}

// saveContact checks that c's owner and account exist, saves c and answers the
// stored contact with code.
func (s *Server) saveContact(w http.ResponseWriter, r *http.Request, c *socialcrm.Contact, code int) {
	ctx := r.Context()
	if err := s.checkOwner(ctx, "contact", c.ID, c.Owner); err != nil {
		s.writeError(w, r, err)
		return
	}
	if c.AccountID != "" {
		if _, err := s.Store.FindAccountByID(ctx, c.AccountID); errors.Is(err, socialcrm.ErrNotFound) {
			s.writeError(w, r, socialcrm.Invalidf("contact %q: account %q does not exist", c.ID, c.AccountID))
			return
		} else if err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	if err := s.Store.SaveContacts(ctx, c); err != nil {
		s.writeError(w, r, err)
		return
	}
	s.contactSaved(c)
	saved, err := s.Store.FindContactByID(ctx, c.ID)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, code, saved)
}

// contactRecord is the CRM record of a contact: who, which account, and
// what they say on social networks.
type contactRecord struct {
	Contact   *socialcrm.Contact   `json:"contact"`
	Account   *socialcrm.Account   `json:"account,omitempty"`
	Period    period               `json:"sentiment_period"`
	Sentiment labelCounts          `json:"sentiment"`          // every scored mention of the period
	Previous  labelCounts          `json:"sentiment_previous"` // the period before, for the trend
	AllTime   labelCounts          `json:"sentiment_all"`      // every scored mention ever
	Mentions  []*socialcrm.Mention `json:"mentions"`
	Total     int                  `json:"mentions_total"`
	Cases     []caseView           `json:"cases"` // open and answered
}

// period is the time span figures are counted over: Since <= t < Until.
type period struct {
	Since time.Time `json:"since"`
	Until time.Time `json:"until"`
	Label string    `json:"label"` // "last 30 days"
}

// labelCounts counts mentions per sentiment label, with the mean score.
type labelCounts struct {
	Positive  int     `json:"positive"`
	Neutral   int     `json:"neutral"`
	Negative  int     `json:"negative"`
	Total     int     `json:"total"`
	MeanScore float64 `json:"mean_score,omitempty"`
}

func (s *Server) handleContact(w http.ResponseWriter, r *http.Request) {
	ctx, id := r.Context(), r.PathValue("id")
	q := newQuery(r)
	limit := q.int("limit", 20, 1, 500)
	span := q.duration("period", 30*24*time.Hour)
	if q.err == nil && (span < time.Hour || span > 366*24*time.Hour) {
		q.fail(socialcrm.Invalidf("parameter period=%s: want from 1h to 366d", q.r.URL.Query().Get("period")))
	}
	if q.err != nil {
		s.writeError(w, r, q.err)
		return
	}
	c, err := s.Store.FindContactByID(ctx, id)
	if s.redirectMerged(w, r, err) {
		return
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	rec := contactRecord{Contact: c}
	if c.AccountID != "" {
		a, err := s.Store.FindAccountByID(ctx, c.AccountID)
		if err != nil && !errors.Is(err, socialcrm.ErrNotFound) {
			s.writeError(w, r, err)
			return
		}
		rec.Account = withCurrency(a)
	}
	if rec.Mentions, rec.Total, err = s.Store.FindMentions(ctx, socialcrm.MentionFilter{ContactID: &c.ID, Limit: limit}); err != nil {
		s.writeError(w, r, err)
		return
	}
	if rec.Mentions == nil {
		rec.Mentions = []*socialcrm.Mention{}
	}
	rec.Period = period{Since: q.now.Add(-span), Until: q.now, Label: "last " + humanSpan(span)}
	before := rec.Period.Since.Add(-span)
	for _, x := range []struct {
		to           *labelCounts
		since, until *time.Time
	}{{&rec.Sentiment, &rec.Period.Since, nil}, {&rec.Previous, &before, &rec.Period.Since}, {&rec.AllTime, nil, nil}} {
		if *x.to, err = s.labelTotals(ctx, socialcrm.BreakdownFilter{ContactID: &c.ID, Since: x.since, Until: x.until}); err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	if rec.Cases, err = s.activeCases(ctx, socialcrm.CaseFilter{ContactID: &c.ID}); err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, rec)
}

func (s *Server) handleAccount(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	a, err := s.Store.FindAccountByID(ctx, r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	cs, _, err := s.Store.FindContacts(ctx, socialcrm.ContactFilter{AccountID: &a.ID, Limit: -1})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if cs == nil {
		cs = []*socialcrm.Contact{}
	}
	cases, err := s.activeCases(ctx, socialcrm.CaseFilter{AccountID: &a.ID})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"account": withCurrency(a), "contacts": cs, "cases": cases})
}
