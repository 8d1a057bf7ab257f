package memory

import (
	"cmp"
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/socialcrm/socialcrm"
)

// checkContact reports why c cannot be stored, if it cannot.
func checkContact(c *socialcrm.Contact) error {
	if c == nil {
		return socialcrm.Invalidf("memory: nil contact")
	}
	if err := c.Validate(); err != nil {
		return fmt.Errorf("memory: %w", err)
	}
	seen := map[string]bool{}
	for _, i := range c.Identities {
		keys := i.UniqueKeys()
		switch {
		case i.Network == "":
			return socialcrm.Invalidf("memory: contact %q: identity without network", c.ID)
		case len(keys) == 0:
			return socialcrm.Invalidf("memory: contact %q: %s identity without handle or native id", c.ID, i.Network)
		}
		for _, k := range keys {
			if seen[k] {
				return socialcrm.Invalidf("memory: contact %q: identity %s listed twice", c.ID, i.Key())
			}
			seen[k] = true
		}
	}
	return nil
}

// SaveContacts upserts contacts by ID, identities included. It returns
// ErrConflict, saving nothing, when an identity belongs to another contact.
func (s *Store) SaveContacts(ctx context.Context, cs ...*socialcrm.Contact) error {
	cs = socialcrm.CleanContacts(cs)
	for _, c := range cs {
		if err := checkContact(c); err != nil {
			return err
		}
	}
	if err := s.lock(); err != nil {
		return err
	}
	defer s.mu.Unlock()
	// The identities of the batch's contacts are released first, then
	// claimed again by the final version of each contact.
	final := map[string]*socialcrm.Contact{}
	for _, c := range cs {
		final[c.ID] = c
	}
	owners := map[string]string{}
	for _, c := range final {
		for _, i := range c.Identities {
			for _, k := range i.UniqueKeys() {
				owner, taken := owners[k]
				if !taken {
					owner, taken = s.owners[k]
					taken = taken && final[owner] == nil
				}
				if taken && owner != c.ID {
					return fmt.Errorf("memory: contact %q: identity %s belongs to contact %q: %w", c.ID, i.Key(), owner, socialcrm.ErrConflict)
				}
				owners[k] = c.ID
			}
		}
	}
	now := norm(time.Now())
	for _, c := range cs {
		d := copyContact(c)
		old := s.contacts[c.ID]
		var oldCreated *time.Time
		if old != nil {
			oldCreated = &old.CreatedAt
		}
		stamp(&d.CreatedAt, &d.UpdatedAt, oldCreated, now)
		s.release(old)
		s.contacts[c.ID] = d
	}
	for k, id := range owners {
		s.owners[k] = id
	}
	return nil
}

// release frees the identities of c, if c is not nil.
func (s *Store) release(c *socialcrm.Contact) {
	if c == nil {
		return
	}
	for _, i := range c.Identities {
		for _, k := range i.UniqueKeys() {
			if s.owners[k] == c.ID {
				delete(s.owners, k)
			}
		}
	}
}

// FindContactByID returns the contact with that ID, or ErrNotFound.
func (s *Store) FindContactByID(ctx context.Context, id string) (*socialcrm.Contact, error) {
	return findByID(s, s.contacts, "contact", id, copyContact)
}

// FindContacts returns the matching contacts ordered by name, then ID, and
// their total.
func (s *Store) FindContacts(ctx context.Context, f socialcrm.ContactFilter) ([]*socialcrm.Contact, int, error) {
	offset, limit, err := page(f.Offset, f.Limit, true)
	if err != nil {
		return nil, 0, err
	}
	keep := func(c *socialcrm.Contact) bool { return contactMatches(c, f) }
	return findPage(s, s.contacts, offset, limit, keep, func(a, b *socialcrm.Contact) int {
		return cmp.Or(strings.Compare(a.Name, b.Name), strings.Compare(a.ID, b.ID))
	}, copyContact)
}

func contactMatches(c *socialcrm.Contact, f socialcrm.ContactFilter) bool {
	if f.AccountID != nil && c.AccountID != *f.AccountID {
		return false
	}
	if f.Query == nil {
		return true
	}
	q := strings.ToLower(*f.Query)
	if strings.Contains(strings.ToLower(c.Name), q) || strings.Contains(strings.ToLower(c.Email), q) {
		return true
	}
	hq := strings.TrimPrefix(q, "@")
	for _, i := range c.Identities {
		if strings.Contains(socialcrm.HandleKey(i.Handle), hq) {
			return true
		}
	}
	return false
}

// DeleteContact removes a contact and frees its identities.
func (s *Store) DeleteContact(ctx context.Context, id string) error {
	if err := s.lock(); err != nil {
		return err
	}
	defer s.mu.Unlock()
	id = socialcrm.CleanText(id)
	c := s.contacts[id]
	if c == nil {
		return fmt.Errorf("memory: delete contact %q: %w", id, socialcrm.ErrNotFound)
	}
	s.release(c)
	delete(s.contacts, id)
	delete(s.consent, id)
	return nil
}
