package crm

import (
	"crypto/rand"
	"encoding/hex"
	"strings"
	"time"

	"github.com/socialcrm/socialcrm"
)

// NewID returns a random record id with the given prefix.
func NewID(prefix string) string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

// NewOpportunity is what a user gives to open an opportunity. Left out:
// the id is made, the currency is EUR and the stage prospecting.
type NewOpportunity struct {
	ID            string   `json:"id"`
	Name          string   `json:"name"`
	AccountID     string   `json:"account_id"`
	Contacts      []string `json:"contacts"`
	Amount        int64    `json:"amount"`
	Currency      string   `json:"currency"`
	Stage         string   `json:"stage"`
	ExpectedClose string   `json:"expected_close"`
	Owner         string   `json:"owner"`
	LostReason    string   `json:"lost_reason"`
}

// Build returns the opportunity n describes in pipeline p, created by by
// at now, its first stage recorded in its history; left out, the stage is
// p's first open one. Returns ErrInvalid naming p's stages when n names
// another. It is not validated.
func (n NewOpportunity) Build(p socialcrm.Stages, by string, now time.Time) (*socialcrm.Opportunity, error) {
	o := &socialcrm.Opportunity{ID: n.ID, Name: strings.TrimSpace(n.Name), AccountID: n.AccountID, Contacts: n.Contacts,
		Amount: n.Amount, Currency: strings.ToUpper(n.Currency), Stage: n.Stage, ExpectedClose: n.ExpectedClose,
		Owner: n.Owner, LostReason: n.LostReason}
	if o.ID == "" {
		o.ID = NewID("opp-")
	}
	if o.Currency == "" {
		o.Currency = "EUR"
	}
	if o.Stage == "" {
		o.Stage = p.First().Name
	}
	st, ok := p.Stage(o.Stage)
	if !ok {
		return nil, socialcrm.Invalidf("opportunity: stage %q: want one of %s", o.Stage, p.Names())
	}
	o.Probability, o.Outcome = st.Probability, st.Outcome
	if st.Closed {
		o.ClosedAt = &now
	}
	o.History = []socialcrm.StageChange{{To: o.Stage, At: now, By: by}}
	return o, nil
}
