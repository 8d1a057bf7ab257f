package memory

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/socialcrm/socialcrm"
)

var _ socialcrm.ContactMergeStore = (*Store)(nil)

// MergeContacts merges contact from into contact into, under one lock.
func (s *Store) MergeContacts(ctx context.Context, into, from string) (*socialcrm.ContactMerge, error) {
	into, from = socialcrm.CleanText(into), socialcrm.CleanText(from)
	if err := s.lock(); err != nil {
		return nil, err
	}
	defer s.mu.Unlock()
	dst, src := s.contacts[into], s.contacts[from]
	for id, c := range map[string]*socialcrm.Contact{into: dst, from: src} {
		if c == nil {
			return nil, fmt.Errorf("memory: merge contacts: contact %q: %w", id, socialcrm.ErrNotFound)
		}
	}
	merged, err := socialcrm.MergeInto(dst, src)
	if err != nil {
		return nil, fmt.Errorf("memory: %w", err)
	}
	m := &socialcrm.ContactMerge{From: from, Into: into, At: norm(time.Now()), Identities: len(src.Identities)}
	s.release(src)
	delete(s.contacts, from)
	m.Consents = s.moveConsent(into, from)
	m.Alerts = s.moveAlerts(into, from)
	merged.UpdatedAt = m.At
	s.contacts[into] = copyContact(merged)
	for _, i := range merged.Identities {
		for _, k := range i.UniqueKeys() {
			s.owners[k] = into
		}
	}
	for _, e := range s.mentions {
		if slices.Contains(e.m.Contacts, from) {
			c := *e.m // replaced, not changed: readers may hold it
			c.Contacts = socialcrm.MergedContacts(e.m.Contacts, into, from)
			e.m = &c
			m.Mentions++
		}
	}
	m.Cases = s.moveCases(into, from)
	s.moveSales(into, from)
	m.Activities = s.moveActivities(socialcrm.RecordContact, from, socialcrm.RecordContact, into)
	for _, old := range s.merges { // earlier merges into from now lead to into
		if old.Into == from {
			old.Into = into
		}
	}
	s.merges[from] = m
	c := *m
	return &c, nil
}

// moveCases gives from's cases to into, keyed by into when into has no
// active case of that key; the caller holds the write lock.
func (s *Store) moveCases(into, from string) int {
	n := 0
	for id, c := range s.cases {
		if c.ContactID != from {
			continue
		}
		d := copyCase(c)
		d.ContactID = into
		if key := socialcrm.CaseKey(c.Brand, c.Channel, into); c.Key == socialcrm.CaseKey(c.Brand, c.Channel, from) {
			if _, taken := s.active[key]; !taken || !c.Active() {
				if s.active[c.Key] == id {
					delete(s.active, c.Key)
					s.active[key] = id
				}
				d.Key = key
			}
		}
		s.cases[id] = d
		n++
	}
	return n
}

// FindContactMerge returns the merge that removed the contact id.
func (s *Store) FindContactMerge(ctx context.Context, id string) (*socialcrm.ContactMerge, error) {
	if err := s.rlock(); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	m := s.merges[socialcrm.CleanText(id)]
	if m == nil {
		return nil, fmt.Errorf("memory: merge of contact %q: %w", id, socialcrm.ErrNotFound)
	}
	c := *m
	return &c, nil
}

// FindContactMerges returns the merges into the contact id, oldest first.
func (s *Store) FindContactMerges(ctx context.Context, id string) ([]*socialcrm.ContactMerge, error) {
	id = socialcrm.CleanText(id)
	if err := s.rlock(); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	var out []*socialcrm.ContactMerge
	for _, m := range s.merges {
		if m.Into == id {
			c := *m
			out = append(out, &c)
		}
	}
	slices.SortFunc(out, func(a, b *socialcrm.ContactMerge) int { return cmp.Or(a.At.Compare(b.At), cmp.Compare(a.From, b.From)) })
	return out, nil
}

// moveConsent joins from's consent changes to into's history, all in
// the order they were recorded; the caller holds the write lock.
func (s *Store) moveConsent(into, from string) int {
	moved := s.consent[from]
	delete(s.consent, from)
	if len(moved) > 0 {
		s.consent[into] = joinConsent(s.consent[into], moved, into)
	}
	return len(moved)
}

// moveAlerts names into instead of from in the alerts' contact lists;
// the caller holds the write lock.
func (s *Store) moveAlerts(into, from string) int {
	n := 0
	for id, a := range s.alerts {
		if slices.Contains(a.Contacts, from) {
			b := copyAlert(a)
			b.Contacts = socialcrm.MergedContacts(a.Contacts, into, from)
			s.alerts[id] = b
			n++
		}
	}
	return n
}
