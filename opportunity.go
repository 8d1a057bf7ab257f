package socialcrm

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Limits on an opportunity.
const (
	MaxOpportunityContacts = 50
	MaxStageChanges        = 200 // the newest are kept
	MaxAmount              = 1e15
)

// StageChange records an opportunity's move from one stage to another.
type StageChange struct {
	From string    `json:"from,omitempty"` // "" for the stage it was created in
	To   string    `json:"to"`
	At   time.Time `json:"at"`
	By   string    `json:"by,omitempty"` // a user ID
}

// Opportunity is a deal in the making with an account: a product at a
// price, moving through the pipeline until it is won or lost.
type Opportunity struct {
	ID        string   `json:"id"`
	Name      string   `json:"name"`
	AccountID string   `json:"account_id"`
	Contacts  []string `json:"contacts"`
	// Amount is in minor units of Currency (cents for EUR).
	Amount   int64  `json:"amount"`
	Currency string `json:"currency"` // ISO 4217, upper case
	Stage    string `json:"stage"`
	// Probability is the stage's when it moved there, in percent.
	Probability int `json:"probability"`
	// Outcome is the stage's: OutcomeWon, OutcomeLost or "" while open.
	Outcome string `json:"outcome,omitempty"`
	// ExpectedClose is a date, YYYY-MM-DD; "" when nobody knows.
	ExpectedClose string        `json:"expected_close,omitempty"`
	Owner         string        `json:"owner,omitempty"`
	LostReason    string        `json:"lost_reason,omitempty"` // required when lost
	LeadID        string        `json:"lead_id,omitempty"`     // the lead it was converted from
	History       []StageChange `json:"history"`
	ClosedAt      *time.Time    `json:"closed_at,omitempty"`
	// Credited is what winning it added to its account's value, in the
	// account's currency; set by the store when it is won.
	Credited  *Credit   `json:"credited,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Validate reports the first reason o cannot be stored, naming the field.
func (o *Opportunity) Validate() error {
	if o == nil {
		return Invalidf("opportunity: nil")
	}
	if err := ValidID("opportunity", o.ID); err != nil {
		return err
	}
	if err := o.checkFields(); err != nil {
		return fmt.Errorf("opportunity %q: %w", o.ID, err)
	}
	return nil
}

func (o *Opportunity) checkFields() error {
	switch {
	case strings.TrimSpace(o.Name) == "":
		return Invalidf("name is required")
	case o.AccountID == "":
		return Invalidf("account_id is required")
	case o.Probability < 0 || o.Probability > 100:
		return Invalidf("probability %d: want 0 to 100 (percent)", o.Probability)
	case o.Outcome != "" && o.Outcome != OutcomeWon && o.Outcome != OutcomeLost:
		return Invalidf("outcome %q: want won, lost or none", o.Outcome)
	case o.Amount < 0 || o.Amount > MaxAmount:
		return Invalidf("amount %d: want 0 to %d minor units", o.Amount, int64(MaxAmount))
	case !validCurrency(o.Currency):
		return Invalidf("currency %q: want an ISO 4217 code such as EUR", o.Currency)
	case o.Outcome == OutcomeLost && strings.TrimSpace(o.LostReason) == "":
		return Invalidf("lost_reason is required when the opportunity is lost")
	case len(o.Contacts) > MaxOpportunityContacts:
		return Invalidf("%d contacts, at most %d allowed", len(o.Contacts), MaxOpportunityContacts)
	case len(o.History) > MaxStageChanges:
		return Invalidf("%d stage changes, at most %d kept", len(o.History), MaxStageChanges)
	case o.Credited != nil && (o.Outcome != OutcomeWon || !validCurrency(o.Credited.Currency) || !(o.Credited.Value >= 0) || !(o.Credited.Rate > 0)):
		return Invalidf("credited %+v: only a won opportunity credits its account, a value of 0 or more in an ISO 4217 currency at a positive rate", *o.Credited)
	}
	if err := ValidStageName(o.Stage); err != nil {
		return err
	}
	if o.ExpectedClose != "" {
		if _, err := time.Parse(time.DateOnly, o.ExpectedClose); err != nil {
			return Invalidf("expected_close %q: want a date such as 2026-12-31", o.ExpectedClose)
		}
	}
	for _, f := range []struct {
		name, v string
		limit   int
	}{{"name", o.Name, MaxNameLen}, {"lost_reason", o.LostReason, MaxReasonLen}, {"owner", o.Owner, MaxIDLen}} {
		if err := maxLen(f.name, f.v, f.limit); err != nil {
			return err
		}
	}
	for _, id := range append([]string{o.AccountID}, o.Contacts...) {
		if err := ValidID("contact or account", id); err != nil {
			return err
		}
	}
	if o.LeadID != "" {
		if err := ValidID("lead", o.LeadID); err != nil {
			return err
		}
	}
	for _, c := range o.History {
		if err := maxLen("history by", c.By, MaxIDLen); err != nil {
			return err
		}
	}
	return nil
}

func validCurrency(c string) bool {
	if len(c) != 3 {
		return false
	}
	for _, r := range c {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}

// zeroDecimal lists the common currencies without minor units.
var zeroDecimal = []string{"JPY", "KRW", "CLP", "ISK", "VND", "XAF", "XOF", "UGX", "PYG"}

// minorUnits is how many minor units one unit of currency has.
func minorUnits(currency string) float64 {
	if slices.Contains(zeroDecimal, currency) {
		return 1
	}
	return 100
}

// Value is the amount in major units of its currency (euros for EUR), as
// an account's value counts.
func (o *Opportunity) Value() float64 { return float64(o.Amount) / minorUnits(o.Currency) }

// Weighted is the value times the stage's probability: what the
// opportunity adds to a forecast.
func (o *Opportunity) Weighted() float64 { return o.Value() * float64(o.Probability) / 100 }

// MoveTo puts the opportunity in stage st, recording the change at at by
// by. Returns ErrInvalid for a loss without a reason, and ErrConflict
// when it is won: a won deal is final. A lost opportunity may be reopened.
func (o *Opportunity) MoveTo(st Stage, lostReason, by string, at time.Time) error {
	if st.Name == o.Stage {
		if st.Outcome == OutcomeLost && lostReason != "" {
			o.LostReason = lostReason
		}
		return nil
	}
	if o.Outcome == OutcomeWon {
		return fmt.Errorf("opportunity %q is won and can no longer move: %w", o.ID, ErrConflict)
	}
	if st.Outcome == OutcomeLost && strings.TrimSpace(lostReason) == "" {
		return Invalidf("opportunity %q: lost_reason is required to mark it lost", o.ID)
	}
	o.History = append(o.History, StageChange{From: o.Stage, To: st.Name, At: at, By: by})
	if n := len(o.History) - MaxStageChanges; n > 0 {
		o.History = slices.Delete(o.History, 0, n)
	}
	o.Stage, o.Probability, o.Outcome, o.LostReason, o.ClosedAt = st.Name, st.Probability, st.Outcome, "", nil
	if st.Outcome == OutcomeLost {
		o.LostReason = lostReason
	}
	if st.Outcome != "" {
		t := at
		o.ClosedAt = &t
	}
	return nil
}

// CleanOpportunity returns a copy of o with its text cleaned.
func CleanOpportunity(o *Opportunity) *Opportunity {
	d := *o
	for _, p := range []*string{&d.ID, &d.Name, &d.AccountID, &d.Currency, &d.Stage, &d.ExpectedClose,
		&d.Owner, &d.LostReason, &d.LeadID, &d.Outcome} {
		*p = CleanText(*p)
	}
	d.Contacts = cleanAll(o.Contacts)
	d.History = slices.Clone(o.History)
	if o.Credited != nil {
		c := *o.Credited
		c.Currency = CleanText(c.Currency)
		d.Credited = &c
	}
	for i, c := range d.History {
		d.History[i].From, d.History[i].To, d.History[i].By = CleanText(c.From), CleanText(c.To), CleanText(c.By)
	}
	return &d
}

// OpportunityFilter selects opportunities. Nil fields do not filter.
type OpportunityFilter struct {
	AccountID *string
	ContactID *string // opportunities listing this contact
	Stage     *string
	Owner     *string
	Open      bool // only opportunities neither won nor lost
	Offset    int
	Limit     int // 0 means the store's default (50); -1 means all
}

// OpportunityStore keeps opportunities.
type OpportunityStore interface {
	// CreateOpportunity stores a new opportunity. Returns ErrInvalid when
	// it does not pass Validate or its account does not exist, and
	// ErrConflict when an opportunity has its ID. An opportunity created
	// won adds its credit to its account's value (see UpdateOpportunity).
	CreateOpportunity(ctx context.Context, o *Opportunity) error
	// UpdateOpportunity reads the opportunity id, lets change alter it and
	// stores the result, all while no other change of it runs, and returns
	// the stored opportunity. When the change makes it won (Outcome), its
	// credit (Opportunity.CreditFor the account, recorded in Credited) is
	// added to its account's value in the same transaction: ErrInvalid
	// when it is in another currency than the account's and was not
	// converted, ErrConflict when it was converted to a currency the
	// account no longer has. An error of
	// change is returned as it is, storing nothing. Returns ErrNotFound
	// for an unknown id and ErrInvalid when the result does not pass
	// Validate or names an account that does not exist.
	UpdateOpportunity(ctx context.Context, id string, change func(*Opportunity) error) (*Opportunity, error)
	// FindOpportunityByID returns ErrNotFound if no opportunity has that ID.
	FindOpportunityByID(ctx context.Context, id string) (*Opportunity, error)
	// FindOpportunities returns the matching opportunities, soonest
	// expected close first (those without a date last), then by ID, and
	// the total that match regardless of Offset and Limit. Returns
	// ErrInvalid for a malformed stage or a negative offset or limit (other
	// than -1).
	FindOpportunities(ctx context.Context, f OpportunityFilter) ([]*Opportunity, int, error)
}

// CheckOpportunityFilter reports a stage in f that cannot be a stage's
// name.
func CheckOpportunityFilter(f OpportunityFilter) error {
	if f.Stage != nil {
		return ValidStageName(*f.Stage)
	}
	return nil
}

// OpportunityPatch is a field-level update of an opportunity: nil fields
// keep their value. Stage moves by Opportunity.MoveTo.
type OpportunityPatch struct {
	Name          *string   `json:"name,omitempty"`
	Contacts      *[]string `json:"contacts,omitempty"`
	Amount        *int64    `json:"amount,omitempty"`
	Currency      *string   `json:"currency,omitempty"`
	ExpectedClose *string   `json:"expected_close,omitempty"`
	Owner         *string   `json:"owner,omitempty"`
	Stage         *string   `json:"stage,omitempty"`
	LostReason    *string   `json:"lost_reason,omitempty"`
}

// Apply changes o by p, the stage last (one of pl's), recorded as moved
// by by at at. A won opportunity takes no change of its amount or
// currency (ErrConflict): its value is in its account's.
func (p OpportunityPatch) Apply(pl Stages, o *Opportunity, by string, at time.Time) error {
	if o.Outcome == OutcomeWon && (p.Amount != nil && *p.Amount != o.Amount || p.Currency != nil && strings.ToUpper(*p.Currency) != o.Currency) {
		return fmt.Errorf("opportunity %q is won: its amount is counted in its account and can no longer change: %w", o.ID, ErrConflict)
	}
	for _, f := range []struct{ dst, src *string }{{&o.Name, p.Name}, {&o.ExpectedClose, p.ExpectedClose}, {&o.Owner, p.Owner}} {
		if f.src != nil {
			*f.dst = strings.TrimSpace(*f.src)
		}
	}
	if p.Currency != nil {
		o.Currency = strings.ToUpper(*p.Currency)
	}
	if p.Amount != nil {
		o.Amount = *p.Amount
	}
	if p.Contacts != nil {
		o.Contacts = *p.Contacts
	}
	reason := ""
	if p.LostReason != nil {
		reason = *p.LostReason
	}
	if p.Stage != nil {
		return pl.Move(o, *p.Stage, reason, by, at)
	}
	if p.LostReason != nil && o.Outcome == OutcomeLost {
		o.LostReason = reason
	}
	return nil
}
