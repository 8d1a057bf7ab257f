package memory

import (
	"bytes"
	"encoding/json"
	"slices"

	"github.com/socialcrm/socialcrm"
)

// copyMention returns a deep copy of m with its time normalised.
func copyMention(m *socialcrm.Mention) *socialcrm.Mention {
	c := *m
	c.CreatedAt = norm(m.CreatedAt)
	c.Entities = slices.Clone(m.Entities)
	c.Topics = slices.Clone(m.Topics)
	c.Contacts = slices.Clone(m.Contacts)
	c.Sentiment = copySentiment(m.Sentiment)
	if m.Extra != nil {
		c.Extra = make(socialcrm.RawFields, len(m.Extra))
		for k, v := range m.Extra {
			c.Extra[k] = json.RawMessage(bytes.Clone(v))
		}
	}
	return &c
}

func copySentiment(s *socialcrm.Sentiment) *socialcrm.Sentiment {
	if s == nil {
		return nil
	}
	c := *s
	c.Explain = slices.Clone(s.Explain)
	return &c
}

// erase turns m into a tombstone: what could identify its author goes.
func erase(m *socialcrm.Mention) {
	m.Deleted = true
	m.Author = socialcrm.Author{}
	m.Text, m.URL, m.Target, m.Place = "", "", "", ""
	m.Entities, m.Extra = nil, nil
}

func copyContact(c *socialcrm.Contact) *socialcrm.Contact {
	d := *c
	d.Identities = slices.Clone(c.Identities)
	d.Tags = slices.Clone(c.Tags)
	d.CreatedAt, d.UpdatedAt = norm(c.CreatedAt), norm(c.UpdatedAt)
	return &d
}

func copyAccount(a *socialcrm.Account) *socialcrm.Account {
	b := *a
	b.Tags = slices.Clone(a.Tags)
	b.CreatedAt, b.UpdatedAt = norm(a.CreatedAt), norm(a.UpdatedAt)
	return &b
}

func copyAlert(a *socialcrm.Alert) *socialcrm.Alert {
	b := *a
	b.Start, b.End = norm(a.Start), norm(a.End)
	b.CreatedAt, b.UpdatedAt = norm(a.CreatedAt), norm(a.UpdatedAt)
	b.Mentions = slices.Clone(a.Mentions)
	b.Authors = slices.Clone(a.Authors)
	b.Themes = slices.Clone(a.Themes)
	b.Contacts = slices.Clone(a.Contacts)
	b.Deliveries = slices.Clone(a.Deliveries)
	for i := range b.Deliveries {
		b.Deliveries[i].At = norm(b.Deliveries[i].At)
	}
	return &b
}
