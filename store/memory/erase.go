package memory

import (
	"context"
	"slices"

	"github.com/socialcrm/socialcrm"
)

// cleanSet returns the cleaned, non-empty values of vs as a set.
func cleanSet(vs []string) map[string]bool {
	set := make(map[string]bool, len(vs))
	for _, v := range vs {
		if v = socialcrm.CleanText(v); v != "" {
			set[v] = true
		}
	}
	return set
}

// DeleteMentionsByAuthor removes the live mentions written by keys.
func (s *Store) DeleteMentionsByAuthor(ctx context.Context, keys []string) (int, error) {
	set := cleanSet(keys)
	if err := s.lock(); err != nil {
		return 0, err
	}
	defer s.mu.Unlock()
	if len(set) == 0 {
		return 0, nil
	}
	n := 0
	for id, e := range s.mentions {
		if !e.m.Deleted && set[e.authorKey] {
			s.unindex(e)
			delete(s.mentions, id)
			n++
		}
	}
	return n, nil
}

// UnlinkContact removes the contact id from every mention's Contacts.
func (s *Store) UnlinkContact(ctx context.Context, id string) (int, error) {
	id = socialcrm.CleanText(id)
	if err := s.lock(); err != nil {
		return 0, err
	}
	defer s.mu.Unlock()
	n := 0
	for _, e := range s.mentions {
		if !slices.Contains(e.m.Contacts, id) {
			continue
		}
		// Replace the mention rather than change it: readers may hold it.
		c := *e.m
		c.Contacts = slices.DeleteFunc(slices.Clone(e.m.Contacts), func(x string) bool { return x == id })
		e.m = &c
		n++
	}
	return n, nil
}

// DeleteContactCases removes the cases of the contact and of the authors.
func (s *Store) DeleteContactCases(ctx context.Context, id string, authors []string) (int, error) {
	id, set := socialcrm.CleanText(id), cleanSet(authors)
	if err := s.lock(); err != nil {
		return 0, err
	}
	defer s.mu.Unlock()
	n := 0
	for cid, c := range s.cases {
		if (id == "" || c.ContactID != id) && !set[c.Author] {
			continue
		}
		if s.active[c.Key] == cid {
			delete(s.active, c.Key)
		}
		delete(s.cases, cid)
		n++
	}
	return n, nil
}

// UnlinkAlerts removes the contact from alerts' Contacts, the authors
// from their Authors and the mentions from their Mentions.
func (s *Store) UnlinkAlerts(ctx context.Context, id string, authors, mentions []string) (int, error) {
	id, set, ms := socialcrm.CleanText(id), cleanSet(authors), cleanSet(mentions)
	if err := s.lock(); err != nil {
		return 0, err
	}
	defer s.mu.Unlock()
	n := 0
	for aid, a := range s.alerts {
		contacts := slices.DeleteFunc(slices.Clone(a.Contacts), func(x string) bool { return x == id && id != "" })
		names := slices.DeleteFunc(slices.Clone(a.Authors), func(x string) bool { return set[x] })
		sample := slices.DeleteFunc(slices.Clone(a.Mentions), func(x string) bool { return ms[x] })
		if len(contacts) == len(a.Contacts) && len(names) == len(a.Authors) && len(sample) == len(a.Mentions) {
			continue
		}
		b := copyAlert(a)
		b.Contacts, b.Authors, b.Mentions = contacts, names, sample
		s.alerts[aid] = b
		n++
	}
	return n, nil
}
