package socialcrm

import (
	"context"
	"time"
)

// Consent states of a contact: whether they agreed to be profiled.
const (
	ConsentUnknown   = "unknown"
	ConsentGranted   = "granted"
	ConsentWithdrawn = "withdrawn"
)

// MaxConsentSourceBytes bounds Consent.Source and Consent.By.
const MaxConsentSourceBytes = 256

// Consent is one contact's consent to being profiled, as recorded at At:
// its State, where the change came from (Source: "email", "phone call",
// "web form"…) and who recorded it (By: a user ID or "token:" and a token
// ID). Suppressed marks a contact who does not want to be "managed" at
// all, whatever the state. A contact that is withdrawn or suppressed is
// not profiled (see Profiled).
type Consent struct {
	ContactID string `json:"contact_id,omitempty"`
	// LeadID names the lead instead, for a lead's consent (see
	// LeadConsentStore); ContactID is then empty.
	LeadID     string    `json:"lead_id,omitempty"`
	State      string    `json:"state"`
	Suppressed bool      `json:"suppressed"`
	Source     string    `json:"source,omitempty"`
	By         string    `json:"by,omitempty"`
	At         time.Time `json:"at"`
}

// Profiled reports whether the contact may be profiled: their mentions
// linked, ties kept, cases opened, segments and exports listing them.
func (c *Consent) Profiled() bool {
	return c == nil || c.State != ConsentWithdrawn && !c.Suppressed
}

// Validate returns ErrInvalid, naming the field, for a consent that
// cannot be recorded.
func (c *Consent) Validate() error {
	if c.LeadID != "" {
		if c.ContactID != "" {
			return Invalidf("consent: contact_id and lead_id: want one of them")
		}
		if len(c.LeadID) > MaxIDBytes {
			return Invalidf("consent: lead_id: want 1 to %d bytes", MaxIDBytes)
		}
		d := *c
		d.ContactID, d.LeadID = c.LeadID, ""
		return d.Validate()
	}
	switch {
	case c.ContactID == "" || len(c.ContactID) > MaxIDBytes:
		return Invalidf("consent: contact_id: want 1 to %d bytes", MaxIDBytes)
	case c.State != ConsentUnknown && c.State != ConsentGranted && c.State != ConsentWithdrawn:
		return Invalidf("consent: state %q: want unknown, granted or withdrawn", c.State)
	case len(c.Source) > MaxConsentSourceBytes:
		return Invalidf("consent: source: %d bytes over the limit of %d", len(c.Source), MaxConsentSourceBytes)
	case len(c.By) > MaxConsentSourceBytes:
		return Invalidf("consent: by: %d bytes over the limit of %d", len(c.By), MaxConsentSourceBytes)
	case c.At.IsZero():
		return Invalidf("consent: at: want the time of the change")
	}
	return nil
}

// ConsentStore keeps every contact's consent and its history. Erasing the
// contact (DeleteContact) removes both.
type ConsentStore interface {
	// SetConsent records c as the contact's current consent and appends
	// it to the history. Returns ErrInvalid for a consent that fails
	// Validate, and ErrNotFound if no contact has c.ContactID.
	SetConsent(ctx context.Context, c *Consent) error
	// FindConsent returns the contact's current consent; one never set
	// is ConsentUnknown, not suppressed, with a zero At. Returns
	// ErrNotFound if no contact has that ID.
	FindConsent(ctx context.Context, contactID string) (*Consent, error)
	// FindConsentHistory returns the contact's recorded changes, oldest
	// first (in the order they were recorded); none is an empty list.
	FindConsentHistory(ctx context.Context, contactID string) ([]*Consent, error)
	// FindUnprofiled returns the current consent of every contact that
	// is not profiled (withdrawn or suppressed), ordered by contact ID.
	FindUnprofiled(ctx context.Context) ([]*Consent, error)
}

// LeadConsentStore keeps every lead's consent and its history, as
// ConsentStore does a contact's: a lead that is withdrawn or suppressed
// is not profiled (no mention added to it, no case opened for its
// identities, no ties kept). Converting the lead carries its history to
// the contact, each change in the place it was recorded among the
// contact's own; the lead keeps its copy.
type LeadConsentStore interface {
	// SetLeadConsent records c (c.LeadID names the lead) as the lead's
	// current consent and appends it to its history. Returns ErrInvalid
	// for a consent that fails Validate, and ErrNotFound if no lead has
	// c.LeadID.
	SetLeadConsent(ctx context.Context, c *Consent) error
	// FindLeadConsent returns the lead's current consent; one never set
	// is ConsentUnknown, not suppressed, with a zero At. Returns
	// ErrNotFound if no lead has that ID.
	FindLeadConsent(ctx context.Context, leadID string) (*Consent, error)
	// FindLeadConsentHistory returns the lead's recorded changes, oldest
	// first (in the order recorded); none is an empty list.
	FindLeadConsentHistory(ctx context.Context, leadID string) ([]*Consent, error)
	// FindUnprofiledLeads returns the current consent of every lead that
	// is not profiled, ordered by lead ID.
	FindUnprofiledLeads(ctx context.Context) ([]*Consent, error)
}
