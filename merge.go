package socialcrm

import (
	"context"
	"slices"
	"time"
)

// ContactMerge records that contact From was merged into contact Into:
// From's identities, mentions, cases and activities moved to Into, and
// From is gone, its ID left as a redirect to Into.
type ContactMerge struct {
	From       string    `json:"from"`
	Into       string    `json:"into"`
	At         time.Time `json:"at"`
	Identities int       `json:"identities"` // moved to Into
	Mentions   int       `json:"mentions"`   // now linked to Into
	Cases      int       `json:"cases"`
	Activities int       `json:"activities"`
	// Consents counts the consent changes of From now in Into's history,
	// Alerts the alerts whose contact list named From and now names Into.
	Consents int `json:"consents"`
	Alerts   int `json:"alerts"`
}

// ContactMergeStore merges contacts.
type ContactMergeStore interface {
	// MergeContacts merges contact from into contact into, all or
	// nothing: into keeps its fields and takes from's where its own are
	// empty, the union of both tag lists and all of from's identities;
	// mentions linked to from are linked to into, from's cases and
	// activities become into's, from's consent history joins into's (in
	// the order recorded, so the later change of the two is into's
	// consent now: a withdrawal recorded on the duplicate holds), alerts
	// naming from name into; from is deleted and its ID recorded as
	// merged into into. Returns ErrNotFound when either contact does not
	// exist, ErrInvalid when they are the same or the merged contact
	// would be over a limit (identities, tags).
	MergeContacts(ctx context.Context, into, from string) (*ContactMerge, error)
	// FindContactMerge returns the merge that removed the contact id,
	// ErrNotFound when no merge did.
	FindContactMerge(ctx context.Context, id string) (*ContactMerge, error)
	// FindContactMerges returns the merges into the contact id, directly
	// or through a contact merged into it later, oldest first.
	FindContactMerges(ctx context.Context, id string) ([]*ContactMerge, error)
}

// MergeInto returns into with from's fields filled in where into's are
// empty, the union of both tag lists and both lists of identities, and
// checks the result.
func MergeInto(into, from *Contact) (*Contact, error) {
	c := *into
	for _, f := range []struct {
		dst *string
		src string
	}{{&c.Email, from.Email}, {&c.Phone, from.Phone},
		{&c.Title, from.Title}, {&c.AccountID, from.AccountID}, {&c.Lifecycle, from.Lifecycle}, {&c.Owner, from.Owner}} {
		if *f.dst == "" {
			*f.dst = f.src
		}
	}
	c.Tags = NormalizeTags(append(slices.Clone(into.Tags), from.Tags...))
	c.Identities = append(slices.Clone(into.Identities), from.Identities...)
	if into.ID == from.ID {
		return nil, Invalidf("contact %q cannot be merged into itself", into.ID)
	}
	if err := c.Validate(); err != nil {
		return nil, Invalidf("merge of %q into %q: %v", from.ID, into.ID, err)
	}
	return &c, nil
}

// MergedContacts returns ids with from replaced by into, once: the
// Contacts of a mention after a merge.
func MergedContacts(ids []string, into, from string) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if id == from {
			id = into
		}
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}
