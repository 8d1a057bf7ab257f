package crm

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/socialcrm/socialcrm"
)

// Conversion is what a user asks a lead to become (POST
// /api/v1/leads/{id}/convert): a contact of an existing account
// (AccountID) or of a new one (Account), and optionally an opportunity.
// ContactID links the lead to an existing contact instead of making one.
type Conversion struct {
	AccountID   string          `json:"account_id"`
	Account     *NewAccount     `json:"account"`
	ContactID   string          `json:"contact_id"`
	Opportunity *NewOpportunity `json:"opportunity"`
	// Stages is the pipeline the opportunity may start in; the zero
	// value is the default pipeline.
	Stages socialcrm.Stages `json:"-"`
}

// NewAccount is a new account made by a conversion; the id is made when
// left out, and the name is the lead's company when left out.
type NewAccount struct {
	ID     string  `json:"id"`
	Name   string  `json:"name"`
	Domain string  `json:"domain"`
	Tier   string  `json:"tier"`
	Value  float64 `json:"value"`
}

// Plan returns the conversion of lead l that c asks for, by by at now,
// with every link between the records set: the contact (made from the
// lead's name and email) belongs to the account, and the opportunity is
// the account's, lists the contact and names the lead. Returns ErrInvalid
// when c names both or neither of an existing and a new account, or
// when a record it makes does not pass Validate.
func (c Conversion) Plan(l *socialcrm.Lead, by string, now time.Time) (socialcrm.LeadConversion, error) {
	conv := socialcrm.LeadConversion{LeadID: l.ID, AccountID: strings.TrimSpace(c.AccountID), ContactID: strings.TrimSpace(c.ContactID), By: by, At: now}
	switch {
	case (conv.AccountID == "") == (c.Account == nil):
		return conv, socialcrm.Invalidf(`convert lead %q: want "account_id" of an existing account or a new "account", one of them`, l.ID)
	case c.Account != nil:
		a := &socialcrm.Account{ID: c.Account.ID, Name: strings.TrimSpace(c.Account.Name), Domain: c.Account.Domain,
			Tier: c.Account.Tier, Value: c.Account.Value}
		if a.ID == "" {
			a.ID = NewID("acc-")
		}
		if a.Name == "" {
			a.Name = l.Company
		}
		if err := checkAccount(a); err != nil {
			return conv, fmt.Errorf("convert lead %q: %w", l.ID, err)
		}
		conv.Account, conv.AccountID = a, a.ID
	default:
		if err := socialcrm.ValidID("account", conv.AccountID); err != nil {
			return conv, fmt.Errorf("convert lead %q: %w", l.ID, err)
		}
	}
	contactID := conv.ContactID
	if contactID == "" {
		ct := &socialcrm.Contact{ID: NewID("c-"), Name: l.Name, Email: l.Email, AccountID: conv.AccountID, Identities: l.Identities}
		if err := ct.Validate(); err != nil {
			return conv, fmt.Errorf("convert lead %q: %w", l.ID, err)
		}
		ct.Identities = nil // the store adds the lead's identities as it holds them
		conv.Contact, contactID = ct, ct.ID
	} else if err := socialcrm.ValidID("contact", contactID); err != nil {
		return conv, fmt.Errorf("convert lead %q: %w", l.ID, err)
	}
	if c.Opportunity != nil {
		n := *c.Opportunity
		if n.AccountID != "" && n.AccountID != conv.AccountID {
			return conv, socialcrm.Invalidf("convert lead %q: opportunity.account_id %q is not the lead's account %q", l.ID, n.AccountID, conv.AccountID)
		}
		n.AccountID = conv.AccountID
		n.Contacts = append([]string{contactID}, n.Contacts...)
		if n.Owner == "" {
			n.Owner = l.Owner
		}
		if strings.TrimSpace(n.Name) == "" {
			n.Name = strings.TrimSpace(l.Company + " " + l.Brand)
		}
		o, err := n.Build(c.Stages, by, now)
		if err != nil {
			return conv, fmt.Errorf("convert lead %q: %w", l.ID, err)
		}
		o.LeadID = l.ID
		if o.Outcome != "" {
			return conv, socialcrm.Invalidf("convert lead %q: opportunity.stage %q: a new opportunity is open", l.ID, o.Stage)
		}
		if err := o.Validate(); err != nil {
			return conv, fmt.Errorf("convert lead %q: %w", l.ID, err)
		}
		conv.Opportunity = o
	}
	return conv, nil
}

// checkAccount reports why a new account cannot be stored.
func checkAccount(a *socialcrm.Account) error {
	if err := socialcrm.ValidID("account", a.ID); err != nil {
		return err
	}
	if a.Name == "" {
		return socialcrm.Invalidf("account.name is required (the lead has no company to take it from)")
	}
	switch a.Tier {
	case "", socialcrm.TierPlatinum, socialcrm.TierGold, socialcrm.TierSilver, socialcrm.TierBronze:
	default:
		return socialcrm.Invalidf("account.tier %q: want platinum, gold, silver, bronze or none", a.Tier)
	}
	if a.Value < 0 {
		return socialcrm.Invalidf("account.value %v: want 0 or more", a.Value)
	}
	if n := utf8.RuneCountInString(a.Name); n > socialcrm.MaxNameLen {
		return socialcrm.Invalidf("account.name is %d characters long, at most %d allowed", n, socialcrm.MaxNameLen)
	}
	if n := utf8.RuneCountInString(a.Domain); n > socialcrm.MaxEmailLen {
		return socialcrm.Invalidf("account.domain is %d characters long, at most %d allowed", n, socialcrm.MaxEmailLen)
	}
	return nil
}
