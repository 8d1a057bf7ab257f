package memory

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/socialcrm/socialcrm"
)

var (
	_ socialcrm.ConsentStore     = (*Store)(nil)
	_ socialcrm.LeadConsentStore = (*Store)(nil)
)

// consentEntry is one recorded consent change and its place in the order
// of all changes recorded (seq), which a lead's history carried to a
// contact keeps.
type consentEntry struct {
	c   socialcrm.Consent
	seq int64
}

// record appends c to the history h, numbered; the caller holds the
// write lock.
func (s *Store) record(h []consentEntry, c socialcrm.Consent) []consentEntry {
	s.consentSeq++
	c.Source, c.By, c.At = socialcrm.CleanText(c.Source), socialcrm.CleanText(c.By), norm(c.At)
	return append(h, consentEntry{c: c, seq: s.consentSeq})
}

// SetConsent appends c to the contact's consent history.
func (s *Store) SetConsent(ctx context.Context, c *socialcrm.Consent) error {
	if err := c.Validate(); err != nil {
		return fmt.Errorf("memory: %w", err)
	}
	if c.LeadID != "" {
		return fmt.Errorf("memory: consent of lead %q: want SetLeadConsent: %w", c.LeadID, socialcrm.ErrInvalid)
	}
	if err := s.lock(); err != nil {
		return err
	}
	defer s.mu.Unlock()
	id := socialcrm.CleanText(c.ContactID)
	if s.contacts[id] == nil {
		return fmt.Errorf("memory: consent of contact %q: %w", id, socialcrm.ErrNotFound)
	}
	k := *c
	k.ContactID = id
	s.consent[id] = s.record(s.consent[id], k)
	return nil
}

// SetLeadConsent appends c to the lead's consent history.
func (s *Store) SetLeadConsent(ctx context.Context, c *socialcrm.Consent) error {
	if err := c.Validate(); err != nil {
		return fmt.Errorf("memory: %w", err)
	}
	if c.LeadID == "" {
		return fmt.Errorf("memory: lead consent: lead_id: want the lead: %w", socialcrm.ErrInvalid)
	}
	if err := s.lock(); err != nil {
		return err
	}
	defer s.mu.Unlock()
	id := socialcrm.CleanText(c.LeadID)
	if s.sales.leads[id] == nil {
		return fmt.Errorf("memory: consent of lead %q: %w", id, socialcrm.ErrNotFound)
	}
	k := *c
	k.LeadID = id
	s.leadConsent[id] = s.record(s.leadConsent[id], k)
	return nil
}

// current returns the last change of h, or unknown.
func current(h []consentEntry, unknown socialcrm.Consent) *socialcrm.Consent {
	if len(h) == 0 {
		unknown.State = socialcrm.ConsentUnknown
		return &unknown
	}
	c := h[len(h)-1].c
	return &c
}

func history(h []consentEntry) []*socialcrm.Consent {
	out := make([]*socialcrm.Consent, len(h))
	for i := range h {
		c := h[i].c
		out[i] = &c
	}
	return out
}

func unprofiled(all map[string][]consentEntry) []*socialcrm.Consent {
	var out []*socialcrm.Consent
	for _, id := range slices.Sorted(maps.Keys(all)) {
		if h := all[id]; len(h) > 0 && !h[len(h)-1].c.Profiled() {
			c := h[len(h)-1].c
			out = append(out, &c)
		}
	}
	return out
}

// FindConsent returns the contact's last recorded consent, or unknown.
func (s *Store) FindConsent(ctx context.Context, contactID string) (*socialcrm.Consent, error) {
	if err := s.rlock(); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	id := socialcrm.CleanText(contactID)
	if s.contacts[id] == nil {
		return nil, fmt.Errorf("memory: consent of contact %q: %w", id, socialcrm.ErrNotFound)
	}
	return current(s.consent[id], socialcrm.Consent{ContactID: id}), nil
}

// FindLeadConsent returns the lead's last recorded consent, or unknown.
func (s *Store) FindLeadConsent(ctx context.Context, leadID string) (*socialcrm.Consent, error) {
	if err := s.rlock(); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	id := socialcrm.CleanText(leadID)
	if s.sales.leads[id] == nil {
		return nil, fmt.Errorf("memory: consent of lead %q: %w", id, socialcrm.ErrNotFound)
	}
	return current(s.leadConsent[id], socialcrm.Consent{LeadID: id}), nil
}

// FindConsentHistory returns the contact's consent changes, oldest first.
func (s *Store) FindConsentHistory(ctx context.Context, contactID string) ([]*socialcrm.Consent, error) {
	if err := s.rlock(); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	return history(s.consent[socialcrm.CleanText(contactID)]), nil
}

// FindLeadConsentHistory returns the lead's consent changes, oldest first.
func (s *Store) FindLeadConsentHistory(ctx context.Context, leadID string) ([]*socialcrm.Consent, error) {
	if err := s.rlock(); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	return history(s.leadConsent[socialcrm.CleanText(leadID)]), nil
}

// FindUnprofiled returns the current consent of the contacts not profiled.
func (s *Store) FindUnprofiled(ctx context.Context) ([]*socialcrm.Consent, error) {
	if err := s.rlock(); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	return unprofiled(s.consent), nil
}

// FindUnprofiledLeads returns the current consent of the leads not
// profiled.
func (s *Store) FindUnprofiledLeads(ctx context.Context) ([]*socialcrm.Consent, error) {
	if err := s.rlock(); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	return unprofiled(s.leadConsent), nil
}

// joinConsent returns the history into with the changes moved, each
// named after contact into, all in the order recorded.
func joinConsent(into []consentEntry, moved []consentEntry, contact string) []consentEntry {
	h := slices.Clone(into)
	for _, e := range moved {
		e.c.ContactID, e.c.LeadID = contact, ""
		h = append(h, e)
	}
	slices.SortStableFunc(h, func(a, b consentEntry) int { return cmp.Compare(a.seq, b.seq) })
	return h
}
