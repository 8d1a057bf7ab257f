package socialcrm

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"
)

// CleanText returns s with NUL characters and invalid UTF-8 replaced by U+FFFD:
// Postgres cannot store them in text, and every store must agree.
func CleanText(s string) string {
	if utf8.ValidString(s) && strings.IndexByte(s, 0) < 0 {
		return s
	}
	return strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "\uFFFD")
}

// CleanMention cleans every text field of m in place. Slices and the
// sentiment are replaced, not changed, so m may share them with the caller.
func CleanMention(m *Mention) {
	for _, p := range []*string{&m.ID, &m.Source, &m.Brand, &m.Rule, &m.Author.ID, &m.Author.Handle,
		&m.Author.Name, &m.Text, &m.Lang, &m.ParentID, &m.Target, &m.Place, &m.URL, &m.Intent} {
		*p = CleanText(*p)
	}
	m.Kind = InteractionKind(CleanText(string(m.Kind)))
	m.Extra = cleanExtra(m.Extra)
	m.Topics = cleanAll(m.Topics)
	m.Contacts = cleanAll(m.Contacts)
	if slices.ContainsFunc(m.Entities, func(e Entity) bool { return CleanText(e.Text+e.Type) != e.Text+e.Type }) {
		es := slices.Clone(m.Entities)
		for i := range es {
			es[i] = Entity{Text: CleanText(es[i].Text), Type: CleanText(es[i].Type)}
		}
		m.Entities = es
	}
	s := m.Sentiment
	if s == nil || (CleanText(s.Model) == s.Model &&
		!slices.ContainsFunc(s.Explain, func(t TokenWeight) bool { return CleanText(t.Token) != t.Token })) {
		return
	}
	c := *s
	c.Model = CleanText(s.Model)
	c.Explain = slices.Clone(s.Explain)
	for i := range c.Explain {
		c.Explain[i].Token = CleanText(c.Explain[i].Token)
	}
	m.Sentiment = &c
}

// cleanAll returns ss, or a cleaned copy when an element needs cleaning.
func cleanAll(ss []string) []string {
	if !slices.ContainsFunc(ss, func(s string) bool { return CleanText(s) != s }) {
		return ss
	}
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = CleanText(s)
	}
	return out
}

// cleanExtra returns x, or a copy with invalid UTF-8 in its raw JSON values
// replaced by U+FFFD (NUL can only appear escaped in valid JSON).
func cleanExtra(x RawFields) RawFields {
	var out RawFields
	for k, v := range x {
		if utf8.Valid(v) {
			continue
		}
		if out == nil {
			out = maps.Clone(x)
		}
		out[k] = json.RawMessage(bytes.ToValidUTF8(v, []byte("\uFFFD")))
	}
	if out == nil {
		return x
	}
	return out
}

// CleanContacts returns cleaned copies of cs (nil stays nil, for checks).
func CleanContacts(cs []*Contact) []*Contact {
	out := make([]*Contact, len(cs))
	for i, c := range cs {
		if c == nil {
			continue
		}
		d := *c
		for _, p := range []*string{&d.ID, &d.Name, &d.Email, &d.Phone, &d.Title, &d.AccountID, &d.Lifecycle, &d.Owner} {
			*p = CleanText(*p)
		}
		d.Tags = NormalizeTags(cleanAll(c.Tags))
		d.Identities = make([]Identity, len(c.Identities))
		for j, id := range c.Identities {
			d.Identities[j] = Identity{Network: CleanText(id.Network), Handle: CleanText(id.Handle), NativeID: CleanText(id.NativeID)}
		}
		if c.Identities == nil {
			d.Identities = nil
		}
		out[i] = &d
	}
	return out
}

// CleanAccounts returns cleaned copies of as (nil stays nil, for checks).
func CleanAccounts(as []*Account) []*Account {
	out := make([]*Account, len(as))
	for i, a := range as {
		if a == nil {
			continue
		}
		b := *a
		for _, p := range []*string{&b.ID, &b.Name, &b.Domain, &b.Tier, &b.Lifecycle, &b.Owner} {
			*p = CleanText(*p)
		}
		b.Tags = NormalizeTags(cleanAll(a.Tags))
		out[i] = &b
	}
	return out
}

// CleanAlert returns a cleaned copy of a.
func CleanAlert(a *Alert) *Alert {
	b := *a
	for _, p := range []*string{&b.ID, &b.Fingerprint, &b.Brand, &b.Topic, &b.Reason, &b.Window,
		&b.Severity, &b.Status, &b.AckedBy} {
		*p = CleanText(*p)
	}
	b.Mentions, b.Authors = cleanAll(a.Mentions), cleanAll(a.Authors)
	b.Themes, b.Contacts = cleanAll(a.Themes), cleanAll(a.Contacts)
	b.Deliveries = slices.Clone(a.Deliveries)
	for i := range b.Deliveries {
		b.Deliveries[i].Notifier, b.Deliveries[i].Error = CleanText(b.Deliveries[i].Notifier), CleanText(b.Deliveries[i].Error)
	}
	return &b
}
