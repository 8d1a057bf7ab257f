package memory

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/socialcrm/socialcrm"
)

// ConvertLead turns a lead into a contact, an account and an optional
// opportunity under the store's lock: every check is made before the first
// write, so a refused conversion changes nothing.
func (s *Store) ConvertLead(ctx context.Context, c socialcrm.LeadConversion) (*socialcrm.Lead, error) {
	if err := s.lock(); err != nil {
		return nil, err
	}
	defer s.mu.Unlock()
	l := s.sales.leads[socialcrm.CleanText(c.LeadID)]
	if l == nil {
		return nil, fmt.Errorf("memory: lead %q: %w", c.LeadID, socialcrm.ErrNotFound)
	}
	if !socialcrm.Converting(l.Status) {
		return nil, fmt.Errorf("memory: lead %q is %s and cannot be converted: %w", l.ID, l.Status, socialcrm.ErrConflict)
	}
	account, err := s.conversionAccount(c)
	if err != nil {
		return nil, err
	}
	contact, err := s.conversionContact(c, l)
	if err != nil {
		return nil, err
	}
	var credit *socialcrm.Credit
	if c.Opportunity != nil {
		if credit, err = s.checkOpportunity(c.Opportunity, account); err != nil {
			return nil, err
		}
	}
	conv := copyLead(l)
	conv.Status, conv.Reason, conv.Identities = socialcrm.LeadConverted, "", nil
	conv.ContactID, conv.AccountID, conv.ConvertedBy = contact.ID, c.AccountID, c.By
	if account != nil {
		conv.AccountID = account.ID
	}
	if c.Opportunity != nil {
		conv.OpportunityID = c.Opportunity.ID
	}
	at := norm(c.At)
	conv.ConvertedAt = &at
	if err := conv.Validate(); err != nil {
		return nil, fmt.Errorf("memory: convert lead: %w", err)
	}

	now := norm(time.Now())
	if account != nil {
		stamp(&account.CreatedAt, &account.UpdatedAt, nil, now)
		s.accounts[account.ID] = account
	}
	s.putContact(contact, now)
	if h := s.leadConsent[l.ID]; len(h) > 0 { // the lead's consent is the contact's too
		s.consent[contact.ID] = joinConsent(s.consent[contact.ID], h, contact.ID)
	}
	s.linkMentions(l.Mentions, contact.ID)
	if c.Opportunity != nil {
		s.putOpportunity(c.Opportunity, nil, credit, now)
	}
	conv.UpdatedAt = now
	s.sales.leads[conv.ID] = conv
	return copyLead(conv), nil
}

// conversionAccount returns the new account of c, checked, or nil when c
// links an existing one, which must exist.
func (s *Store) conversionAccount(c socialcrm.LeadConversion) (*socialcrm.Account, error) {
	if c.Account == nil {
		if s.accounts[socialcrm.CleanText(c.AccountID)] == nil {
			return nil, socialcrm.Invalidf("memory: convert lead %q: account %q does not exist", c.LeadID, c.AccountID)
		}
		return nil, nil
	}
	a := socialcrm.CleanAccounts([]*socialcrm.Account{c.Account})[0]
	if err := checkAccount(a); err != nil {
		return nil, err
	}
	if s.accounts[a.ID] != nil {
		return nil, fmt.Errorf("memory: account %q already exists: %w", a.ID, socialcrm.ErrConflict)
	}
	return copyAccount(a), nil
}

// conversionContact returns the contact the lead becomes, with the lead's
// identities, checked against the identities other contacts own.
func (s *Store) conversionContact(c socialcrm.LeadConversion, l *socialcrm.Lead) (*socialcrm.Contact, error) {
	var contact *socialcrm.Contact
	if c.Contact != nil {
		contact = copyContact(socialcrm.CleanContacts([]*socialcrm.Contact{c.Contact})[0])
		if s.contacts[contact.ID] != nil {
			return nil, fmt.Errorf("memory: contact %q already exists: %w", contact.ID, socialcrm.ErrConflict)
		}
	} else {
		old := s.contacts[socialcrm.CleanText(c.ContactID)]
		if old == nil {
			return nil, socialcrm.Invalidf("memory: convert lead %q: contact %q does not exist", c.LeadID, c.ContactID)
		}
		contact = copyContact(old)
		contact.UpdatedAt = time.Time{}
		if contact.AccountID == "" {
			contact.AccountID = c.AccountID
			if c.Account != nil {
				contact.AccountID = c.Account.ID
			}
		}
	}
	contact.Identities = socialcrm.MergeIdentities(contact.Identities, l.Identities)
	if err := checkContact(contact); err != nil {
		return nil, err
	}
	for _, i := range contact.Identities {
		for _, k := range i.UniqueKeys() {
			if owner, ok := s.owners[k]; ok && owner != contact.ID {
				return nil, fmt.Errorf("memory: contact %q: identity %s belongs to contact %q: %w", contact.ID, i.Key(), owner, socialcrm.ErrConflict)
			}
		}
	}
	return contact, nil
}

// putContact stores a checked contact and claims its identities. The
// caller holds the lock.
func (s *Store) putContact(c *socialcrm.Contact, now time.Time) {
	old := s.contacts[c.ID]
	var oldCreated *time.Time
	if old != nil {
		oldCreated = &old.CreatedAt
	}
	stamp(&c.CreatedAt, &c.UpdatedAt, oldCreated, now)
	s.release(old)
	s.contacts[c.ID] = c
	for _, i := range c.Identities {
		for _, k := range i.UniqueKeys() {
			s.owners[k] = c.ID
		}
	}
}

// linkMentions links the mentions ids to the contact, but those that
// already list it or as many contacts as a mention holds. The caller holds
// the write lock.
func (s *Store) linkMentions(ids []string, contact string) {
	for _, id := range ids {
		e := s.mentions[id]
		if e == nil || e.m.Deleted || slices.Contains(e.m.Contacts, contact) || len(e.m.Contacts) >= socialcrm.MaxListLen {
			continue
		}
		c := *e.m // replaced, not changed: readers may hold it
		c.Contacts = append(slices.Clone(e.m.Contacts), contact)
		e.m = &c
	}
}
