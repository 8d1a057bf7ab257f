package memory

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/socialcrm/socialcrm"
)

var _ socialcrm.ConsentStore = (*Store)(nil)

// SetConsent appends c to the contact's consent history.
func (s *Store) SetConsent(ctx context.Context, c *socialcrm.Consent) error {
	if err := c.Validate(); err != nil {
		return fmt.Errorf("memory: %w", err)
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
	k.ContactID, k.Source, k.By, k.At = id, socialcrm.CleanText(c.Source), socialcrm.CleanText(c.By), norm(c.At)
	s.consent[id] = append(s.consent[id], k)
	return nil
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
	h := s.consent[id]
	if len(h) == 0 {
		return &socialcrm.Consent{ContactID: id, State: socialcrm.ConsentUnknown}, nil
	}
	c := h[len(h)-1]
	return &c, nil
}

// FindConsentHistory returns the contact's consent changes, oldest first.
func (s *Store) FindConsentHistory(ctx context.Context, contactID string) ([]*socialcrm.Consent, error) {
	if err := s.rlock(); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	h := s.consent[socialcrm.CleanText(contactID)]
	out := make([]*socialcrm.Consent, len(h))
	for i := range h {
		c := h[i]
		out[i] = &c
	}
	return out, nil
}

// FindUnprofiled returns the current consent of the contacts not profiled.
func (s *Store) FindUnprofiled(ctx context.Context) ([]*socialcrm.Consent, error) {
	if err := s.rlock(); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	var out []*socialcrm.Consent
	for _, id := range slices.Sorted(maps.Keys(s.consent)) {
		h := s.consent[id]
		if c := h[len(h)-1]; !c.Profiled() {
			out = append(out, &c)
		}
	}
	return out, nil
}
