package socialcrm

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Stage is a step of the sales pipeline with the probability that an
// opportunity in it is won.
type Stage struct {
	Name        string `json:"name"`
	Probability int    `json:"probability"` // percent
	Closed      bool   `json:"closed"`      // won or lost: the deal is done
}

// Stages of the default pipeline.
const (
	StageProspecting   = "prospecting"
	StageQualification = "qualification"
	StageProposal      = "proposal"
	StageNegotiation   = "negotiation"
	StageWon           = "won"
	StageLost          = "lost"
)

// Pipeline is the ordered stages opportunities move through; the last two
// are won and lost.
var Pipeline = []Stage{
	{StageProspecting, 10, false},
	{StageQualification, 25, false},
	{StageProposal, 50, false},
	{StageNegotiation, 75, false},
	{StageWon, 100, true},
	{StageLost, 0, true},
}

// StageOf returns the pipeline stage called name.
func StageOf(name string) (Stage, bool) {
	i := slices.IndexFunc(Pipeline, func(s Stage) bool { return s.Name == name })
	if i < 0 {
		return Stage{}, false
	}
	return Pipeline[i], true
}

func stageNames() string {
	names := make([]string, len(Pipeline))
	for i, s := range Pipeline {
		names[i] = s.Name
	}
	return strings.Join(names, ", ")
}

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
	// Probability is the stage's, in percent.
	Probability int `json:"probability"`
	// ExpectedClose is a date, YYYY-MM-DD; "" when nobody knows.
	ExpectedClose string        `json:"expected_close,omitempty"`
	Owner         string        `json:"owner,omitempty"`
	LostReason    string        `json:"lost_reason,omitempty"` // required when lost
	LeadID        string        `json:"lead_id,omitempty"`     // the lead it was converted from
	History       []StageChange `json:"history"`
	ClosedAt      *time.Time    `json:"closed_at,omitempty"`
	CreatedAt     time.Time     `json:"created_at"`
	UpdatedAt     time.Time     `json:"updated_at"`
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
	st, ok := StageOf(o.Stage)
	switch {
	case strings.TrimSpace(o.Name) == "":
		return Invalidf("name is required")
	case o.AccountID == "":
		return Invalidf("account_id is required")
	case !ok:
		return Invalidf("stage %q: want one of %s", o.Stage, stageNames())
	case o.Probability != st.Probability:
		return Invalidf("probability %d: stage %s has %d", o.Probability, st.Name, st.Probability)
	case o.Amount < 0 || o.Amount > MaxAmount:
		return Invalidf("amount %d: want 0 to %d minor units", o.Amount, int64(MaxAmount))
	case !validCurrency(o.Currency):
		return Invalidf("currency %q: want an ISO 4217 code such as EUR", o.Currency)
	case o.Stage == StageLost && strings.TrimSpace(o.LostReason) == "":
		return Invalidf("lost_reason is required when the opportunity is lost")
	case len(o.Contacts) > MaxOpportunityContacts:
		return Invalidf("%d contacts, at most %d allowed", len(o.Contacts), MaxOpportunityContacts)
	case len(o.History) > MaxStageChanges:
		return Invalidf("%d stage changes, at most %d kept", len(o.History), MaxStageChanges)
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

// Value is the amount in major units of its currency (euros for EUR), as
// an account's value counts.
func (o *Opportunity) Value() float64 {
	if slices.Contains(zeroDecimal, o.Currency) {
		return float64(o.Amount)
	}
	return float64(o.Amount) / 100
}

// Weighted is the value times the stage's probability: what the
// opportunity adds to a forecast.
func (o *Opportunity) Weighted() float64 { return o.Value() * float64(o.Probability) / 100 }

// MoveTo puts the opportunity in stage, recording the change at at by by.
// Returns ErrInvalid for an unknown stage or a loss without a reason, and
// ErrConflict when it is won: a won deal is final. A lost opportunity may
// be reopened.
func (o *Opportunity) MoveTo(stage, lostReason, by string, at time.Time) error {
	st, ok := StageOf(stage)
	if !ok {
		return Invalidf("opportunity %q: stage %q: want one of %s", o.ID, stage, stageNames())
	}
	if stage == o.Stage {
		if stage == StageLost && lostReason != "" {
			o.LostReason = lostReason
		}
		return nil
	}
	if o.Stage == StageWon {
		return fmt.Errorf("opportunity %q is won and can no longer move: %w", o.ID, ErrConflict)
	}
	if stage == StageLost && strings.TrimSpace(lostReason) == "" {
		return Invalidf("opportunity %q: lost_reason is required to mark it lost", o.ID)
	}
	o.History = append(o.History, StageChange{From: o.Stage, To: stage, At: at, By: by})
	if n := len(o.History) - MaxStageChanges; n > 0 {
		o.History = slices.Delete(o.History, 0, n)
	}
	o.Stage, o.Probability, o.LostReason, o.ClosedAt = stage, st.Probability, "", nil
	if stage == StageLost {
		o.LostReason = lostReason
	}
	if st.Closed {
		t := at
		o.ClosedAt = &t
	}
	return nil
}

// CleanOpportunity returns a copy of o with its text cleaned.
func CleanOpportunity(o *Opportunity) *Opportunity {
	d := *o
	for _, p := range []*string{&d.ID, &d.Name, &d.AccountID, &d.Currency, &d.Stage, &d.ExpectedClose,
		&d.Owner, &d.LostReason, &d.LeadID} {
		*p = CleanText(*p)
	}
	d.Contacts = cleanAll(o.Contacts)
	d.History = slices.Clone(o.History)
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
	Open      bool // only stages that are not closed
	Offset    int
	Limit     int // 0 means the store's default (50); -1 means all
}

// OpportunityStore keeps opportunities.
type OpportunityStore interface {
	// CreateOpportunity stores a new opportunity. Returns ErrInvalid when
	// it does not pass Validate or its account does not exist, and
	// ErrConflict when an opportunity has its ID. An opportunity created
	// won adds its Value to its account's.
	CreateOpportunity(ctx context.Context, o *Opportunity) error
	// UpdateOpportunity reads the opportunity id, lets change alter it and
	// stores the result, all while no other change of it runs, and returns
	// the stored opportunity. When the change makes it won, its Value is
	// added to its account's value in the same transaction. An error of
	// change is returned as it is, storing nothing. Returns ErrNotFound
	// for an unknown id and ErrInvalid when the result does not pass
	// Validate or names an account that does not exist.
	UpdateOpportunity(ctx context.Context, id string, change func(*Opportunity) error) (*Opportunity, error)
	// FindOpportunityByID returns ErrNotFound if no opportunity has that ID.
	FindOpportunityByID(ctx context.Context, id string) (*Opportunity, error)
	// FindOpportunities returns the matching opportunities, soonest
	// expected close first (those without a date last), then by ID, and
	// the total that match regardless of Offset and Limit. Returns
	// ErrInvalid for an unknown stage or a negative offset or limit (other
	// than -1).
	FindOpportunities(ctx context.Context, f OpportunityFilter) ([]*Opportunity, int, error)
}

// CheckOpportunityFilter reports an unknown stage in f.
func CheckOpportunityFilter(f OpportunityFilter) error {
	if f.Stage != nil {
		if _, ok := StageOf(*f.Stage); !ok {
			return Invalidf("unknown stage %q", *f.Stage)
		}
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

// Apply changes o by p, the stage last, recorded as moved by by at at.
// A won opportunity takes no change of its amount or currency
// (ErrConflict): its value is in its account's.
func (p OpportunityPatch) Apply(o *Opportunity, by string, at time.Time) error {
	if o.Stage == StageWon && (p.Amount != nil && *p.Amount != o.Amount || p.Currency != nil && strings.ToUpper(*p.Currency) != o.Currency) {
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
		return o.MoveTo(*p.Stage, reason, by, at)
	}
	if p.LostReason != nil && o.Stage == StageLost {
		o.LostReason = reason
	}
	return nil
}
