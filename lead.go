package socialcrm

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Lead sources: where a lead came from.
const (
	LeadFromMention = "mention"
	LeadFromImport  = "import"
	LeadFromAPI     = "api"
	LeadFromForm    = "form"
)

// LeadSources lists every lead source.
var LeadSources = []string{LeadFromMention, LeadFromImport, LeadFromAPI, LeadFromForm}

// Lead states. A lead is new, worked on, qualified, and then either
// converted (into a contact of an account, see LeadConversion) or
// disqualified with a reason.
const (
	LeadNew          = "new"
	LeadWorking      = "working"
	LeadQualified    = "qualified"
	LeadConverted    = "converted"
	LeadDisqualified = "disqualified"
)

// LeadStatuses lists every lead state, in funnel order.
var LeadStatuses = []string{LeadNew, LeadWorking, LeadQualified, LeadConverted, LeadDisqualified}

// leadMoves maps a lead state to the states a PATCH may move it to.
// Converted is reached only by conversion and is final; a disqualified
// lead may be worked on again.
var leadMoves = map[string][]string{
	LeadNew:          {LeadWorking, LeadQualified, LeadDisqualified},
	LeadWorking:      {LeadNew, LeadQualified, LeadDisqualified},
	LeadQualified:    {LeadWorking, LeadDisqualified},
	LeadDisqualified: {LeadWorking},
}

// Limits on the fields of a lead, in characters, beside those of a
// contact (MaxNameLen, MaxEmailLen, MaxIdentities…).
const (
	MaxCompanyLen   = 200
	MaxReasonLen    = 500
	MaxLeadMentions = 50 // the newest are kept
	MaxLeadScore    = 100
)

// Lead is a person who may become a customer: someone who asked about a
// product or showed purchase intent, an imported row, a form filled in.
type Lead struct {
	ID         string     `json:"id"`
	Name       string     `json:"name"`
	Identities []Identity `json:"identities"`
	Company    string     `json:"company,omitempty"`
	Email      string     `json:"email,omitempty"`
	Brand      string     `json:"brand,omitempty"` // the brand the lead is interested in
	Source     string     `json:"source"`
	Status     string     `json:"status"`
	// Reason says why the lead was disqualified; required then.
	Reason string `json:"reason,omitempty"`
	Owner  string `json:"owner,omitempty"` // a user ID
	Score  int    `json:"score"`           // 0 to MaxLeadScore
	// Mentions are the IDs of the mentions behind the lead, oldest first;
	// at most MaxLeadMentions are kept.
	Mentions []string `json:"mentions"`
	// ContactID, AccountID and OpportunityID are what a converted lead
	// became.
	ContactID     string     `json:"contact_id,omitempty"`
	AccountID     string     `json:"account_id,omitempty"`
	OpportunityID string     `json:"opportunity_id,omitempty"`
	ConvertedAt   *time.Time `json:"converted_at,omitempty"`
	ConvertedBy   string     `json:"converted_by,omitempty"`
	// QualifiedAt is when the lead was first qualified (see MarkQualified).
	QualifiedAt *time.Time `json:"qualified_at,omitempty"`
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
}

// Validate reports the first reason l cannot be stored: its id, a missing
// name, email syntax, an unknown source or status, a disqualified lead
// without a reason, a field over its limit.
func (l *Lead) Validate() error {
	if l == nil {
		return Invalidf("lead: nil")
	}
	if err := ValidID("lead", l.ID); err != nil {
		return err
	}
	if strings.TrimSpace(l.Name) == "" {
		return Invalidf("lead %q: name is required", l.ID)
	}
	if err := l.checkFields(); err != nil {
		return fmt.Errorf("lead %q: %w", l.ID, err)
	}
	return nil
}

func (l *Lead) checkFields() error {
	switch {
	case !slices.Contains(LeadSources, l.Source):
		return Invalidf("source %q: want one of %s", l.Source, strings.Join(LeadSources, ", "))
	case !slices.Contains(LeadStatuses, l.Status):
		return Invalidf("status %q: want one of %s", l.Status, strings.Join(LeadStatuses, ", "))
	case l.Status == LeadDisqualified && strings.TrimSpace(l.Reason) == "":
		return Invalidf("reason is required to disqualify a lead")
	case l.Status == LeadConverted && l.ContactID == "":
		return Invalidf("a converted lead needs contact_id")
	case l.Score < 0 || l.Score > MaxLeadScore:
		return Invalidf("score %d: want 0 to %d", l.Score, MaxLeadScore)
	case len(l.Mentions) > MaxLeadMentions:
		return Invalidf("%d mentions, at most %d allowed", len(l.Mentions), MaxLeadMentions)
	}
	if l.Email != "" {
		if err := ValidEmail(l.Email); err != nil {
			return err
		}
	}
	for _, f := range []struct {
		name, v string
		limit   int
	}{{"name", l.Name, MaxNameLen}, {"company", l.Company, MaxCompanyLen}, {"reason", l.Reason, MaxReasonLen},
		{"owner", l.Owner, MaxIDLen}, {"brand", l.Brand, MaxLabelBytes}} {
		if err := maxLen(f.name, f.v, f.limit); err != nil {
			return err
		}
	}
	for _, id := range []struct{ kind, v string }{{"contact", l.ContactID}, {"account", l.AccountID}, {"opportunity", l.OpportunityID}} {
		if id.v != "" {
			if err := ValidID(id.kind, id.v); err != nil {
				return err
			}
		}
	}
	for _, m := range l.Mentions {
		if m == "" || len(m) > MaxIDBytes {
			return Invalidf("mention id of %d bytes: want 1 to %d", len(m), MaxIDBytes)
		}
	}
	return checkIdentities(l.Identities)
}

// checkIdentities reports an identity that is incomplete, over a limit or
// listed twice.
func checkIdentities(ids []Identity) error {
	if len(ids) > MaxIdentities {
		return Invalidf("%d identities, at most %d allowed", len(ids), MaxIdentities)
	}
	seen := map[string]bool{}
	for _, i := range ids {
		if i.Network == "" || (strings.TrimPrefix(i.Handle, "@") == "" && i.NativeID == "") {
			return Invalidf("identity needs network and handle or native_id")
		}
		for _, f := range []struct {
			name, v string
			limit   int
		}{{"network", i.Network, MaxNetworkLen}, {"handle", i.Handle, MaxHandleLen}, {"native_id", i.NativeID, MaxNativeIDLen}} {
			if err := maxLen("identity "+f.name, f.v, f.limit); err != nil {
				return err
			}
		}
		for _, k := range i.UniqueKeys() {
			if seen[k] {
				return Invalidf("identity %s listed twice", i.Key())
			}
			seen[k] = true
		}
	}
	return nil
}

// Move changes the lead's status to status, with the reason a
// disqualification needs. Returns ErrInvalid for an unknown status or a
// missing reason, and ErrConflict for a move the funnel does not allow
// (out of converted, or into it: conversion does that).
func (l *Lead) Move(status, reason string) error {
	if !slices.Contains(LeadStatuses, status) {
		return Invalidf("lead %q: status %q: want one of %s", l.ID, status, strings.Join(LeadStatuses, ", "))
	}
	if status == l.Status {
		if status == LeadDisqualified && reason != "" {
			l.Reason = reason
		}
		return nil
	}
	if status == LeadConverted {
		return fmt.Errorf("lead %q: a lead becomes converted by POST /api/v1/leads/%s/convert: %w", l.ID, l.ID, ErrConflict)
	}
	if !slices.Contains(leadMoves[l.Status], status) {
		return fmt.Errorf("lead %q: cannot move from %s to %s: %w", l.ID, l.Status, status, ErrConflict)
	}
	if status == LeadDisqualified && strings.TrimSpace(reason) == "" {
		return Invalidf("lead %q: reason is required to disqualify a lead", l.ID)
	}
	l.Status, l.Reason = status, ""
	if status == LeadDisqualified {
		l.Reason = reason
	}
	return nil
}

// AddMention records a mention behind the lead, once, keeping the newest
// MaxLeadMentions.
func (l *Lead) AddMention(id string) {
	if slices.Contains(l.Mentions, id) {
		return
	}
	l.Mentions = append(l.Mentions, id)
	if n := len(l.Mentions) - MaxLeadMentions; n > 0 {
		l.Mentions = slices.Delete(l.Mentions, 0, n)
	}
}

// CleanLead returns a copy of l with its text cleaned (see CleanText).
func CleanLead(l *Lead) *Lead {
	d := *l
	for _, p := range []*string{&d.ID, &d.Name, &d.Company, &d.Email, &d.Brand, &d.Source, &d.Status,
		&d.Reason, &d.Owner, &d.ContactID, &d.AccountID, &d.OpportunityID, &d.ConvertedBy} {
		*p = CleanText(*p)
	}
	d.Identities = slices.Clone(l.Identities)
	for i, id := range d.Identities {
		d.Identities[i] = Identity{Network: CleanText(id.Network), Handle: CleanText(id.Handle), NativeID: CleanText(id.NativeID)}
	}
	d.Mentions = cleanAll(l.Mentions)
	return &d
}

// LeadPatch is a field-level update of a lead: nil fields keep their
// value. Status moves by Lead.Move.
type LeadPatch struct {
	Name       *string     `json:"name,omitempty"`
	Company    *string     `json:"company,omitempty"`
	Email      *string     `json:"email,omitempty"`
	Brand      *string     `json:"brand,omitempty"`
	Owner      *string     `json:"owner,omitempty"`
	Score      *int        `json:"score,omitempty"`
	Identities *[]Identity `json:"identities,omitempty"`
	Status     *string     `json:"status,omitempty"`
	Reason     *string     `json:"reason,omitempty"`
}

// Apply changes l by p, status last. A converted lead takes no change
// (ErrConflict).
func (p LeadPatch) Apply(l *Lead) error {
	if l.Status == LeadConverted {
		return fmt.Errorf("lead %q is converted and can no longer change: %w", l.ID, ErrConflict)
	}
	for _, f := range []struct{ dst, src *string }{{&l.Name, p.Name}, {&l.Company, p.Company},
		{&l.Email, p.Email}, {&l.Brand, p.Brand}, {&l.Owner, p.Owner}} {
		if f.src != nil {
			*f.dst = *f.src
		}
	}
	if p.Score != nil {
		l.Score = *p.Score
	}
	if p.Identities != nil {
		l.Identities = *p.Identities
	}
	reason := l.Reason
	if p.Reason != nil {
		reason = *p.Reason
	}
	if p.Status != nil {
		return l.Move(*p.Status, reason)
	}
	if p.Reason != nil && l.Status == LeadDisqualified {
		l.Reason = reason
	}
	return nil
}

// LeadFilter selects leads. Nil fields do not filter.
type LeadFilter struct {
	Status *string
	Owner  *string
	Source *string
	Brand  *string
	// Identity selects the leads with an identity of this UniqueKeys key.
	Identity *string
	// ContactID and AccountID select the leads converted into them.
	ContactID *string
	AccountID *string
	Query     *string // matches name, email, company or a handle, ignoring case
	Offset    int
	Limit     int // 0 means the store's default (50); -1 means all
}

// LeadStore keeps leads.
type LeadStore interface {
	// CreateLead stores a new lead. Returns ErrInvalid when it does not
	// pass Validate and ErrConflict when a lead has its ID.
	CreateLead(ctx context.Context, l *Lead) error
	// UpdateLead reads the lead id, lets change alter it and stores the
	// result, all while no other change of that lead runs, and returns the
	// stored lead. An error of change is returned as it is, storing
	// nothing. Returns ErrNotFound for an unknown id and ErrInvalid when
	// the changed lead does not pass Validate.
	UpdateLead(ctx context.Context, id string, change func(*Lead) error) (*Lead, error)
	// FindLeadByID returns ErrNotFound if no lead has that ID.
	FindLeadByID(ctx context.Context, id string) (*Lead, error)
	// FindLeads returns the matching leads, most recently updated first,
	// and the total number that match regardless of Offset and Limit.
	// Returns ErrInvalid for an unknown status or source, or a negative
	// offset or limit (other than -1).
	FindLeads(ctx context.Context, f LeadFilter) ([]*Lead, int, error)
	// ConvertLead turns a lead into a contact of an account, with an
	// optional opportunity, in one transaction: all of it is stored or
	// nothing is. The lead's identities move to the contact, its mentions
	// are linked to the contact, and the lead stays, converted, pointing
	// at what it became. Returns ErrNotFound
	// for an unknown lead; ErrConflict when the lead is converted or
	// disqualified, when the new contact, account or opportunity's ID is
	// taken, or when an identity belongs to another contact; ErrInvalid
	// when a record does not pass Validate or a linked account or contact
	// does not exist.
	ConvertLead(ctx context.Context, c LeadConversion) (*Lead, error)
}

// LeadConversion says what a lead becomes (see LeadStore.ConvertLead).
// Exactly one of Contact and ContactID is set, and one of Account and
// AccountID; the records' links to each other are set by whoever builds
// it (crm.Conversion).
type LeadConversion struct {
	LeadID string
	// Contact is the new contact the lead becomes; ContactID names an
	// existing one instead, to which the lead's identities are added.
	Contact   *Contact
	ContactID string
	// Account is a new account; AccountID names an existing one.
	Account   *Account
	AccountID string
	// Opportunity, when set, is a new opportunity of the account.
	Opportunity *Opportunity
	By          string    // who converts (a user ID)
	At          time.Time // when
}

// Converting reports whether a lead in status may be converted: a
// converted or disqualified lead may not.
func Converting(status string) bool {
	return status == LeadNew || status == LeadWorking || status == LeadQualified
}

// MergeIdentities returns a followed by the identities of b that are not
// already among them (by UniqueKeys).
func MergeIdentities(a, b []Identity) []Identity {
	out := slices.Clone(a)
	seen := map[string]bool{}
	for _, i := range a {
		for _, k := range i.UniqueKeys() {
			seen[k] = true
		}
	}
	for _, i := range b {
		keys := i.UniqueKeys()
		if slices.ContainsFunc(keys, func(k string) bool { return seen[k] }) {
			continue
		}
		for _, k := range keys {
			seen[k] = true
		}
		out = append(out, i)
	}
	return out
}

// CheckLeadFilter reports an unknown status or source in f.
func CheckLeadFilter(f LeadFilter) error {
	if f.Status != nil && !slices.Contains(LeadStatuses, *f.Status) {
		return Invalidf("unknown lead status %q", *f.Status)
	}
	if f.Source != nil && !slices.Contains(LeadSources, *f.Source) {
		return Invalidf("unknown lead source %q", *f.Source)
	}
	return nil
}
