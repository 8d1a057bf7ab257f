package postgres

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/socialcrm/socialcrm"
)

// clean returns s with NUL characters and invalid UTF-8 replaced by U+FFFD:
// Postgres cannot store them in text, and both stores must agree.
func clean(s string) string {
	if utf8.ValidString(s) && strings.IndexByte(s, 0) < 0 {
		return s
	}
	return strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "\uFFFD")
}

// cleanMention cleans every text field of m in place. Slices and the
// sentiment are replaced, not changed, so m may share them with the caller.
func cleanMention(m *socialcrm.Mention) {
	for _, p := range []*string{&m.ID, &m.Source, &m.Brand, &m.Rule, &m.Author.ID, &m.Author.Handle,
		&m.Author.Name, &m.Text, &m.Lang, &m.ParentID, &m.Target, &m.Place, &m.URL, &m.Intent} {
		*p = clean(*p)
	}
	m.Kind = socialcrm.InteractionKind(clean(string(m.Kind)))
	m.Extra = cleanExtra(m.Extra)
	m.Topics = cleanAll(m.Topics)
	m.Contacts = cleanAll(m.Contacts)
	if slices.ContainsFunc(m.Entities, func(e socialcrm.Entity) bool { return clean(e.Text+e.Type) != e.Text+e.Type }) {
		es := slices.Clone(m.Entities)
		for i := range es {
			es[i] = socialcrm.Entity{Text: clean(es[i].Text), Type: clean(es[i].Type)}
		}
		m.Entities = es
	}
	s := m.Sentiment
	if s == nil || (clean(s.Model) == s.Model &&
		!slices.ContainsFunc(s.Explain, func(t socialcrm.TokenWeight) bool { return clean(t.Token) != t.Token })) {
		return
	}
	c := *s
	c.Model = clean(s.Model)
	c.Explain = slices.Clone(s.Explain)
	for i := range c.Explain {
		c.Explain[i].Token = clean(c.Explain[i].Token)
	}
	m.Sentiment = &c
}

// cleanAll returns ss, or a cleaned copy when an element needs cleaning.
func cleanAll(ss []string) []string {
	if !slices.ContainsFunc(ss, func(s string) bool { return clean(s) != s }) {
		return ss
	}
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = clean(s)
	}
	return out
}

// cleanExtra returns x, or a copy with invalid UTF-8 in its raw JSON values
// replaced by U+FFFD (NUL can only appear escaped in valid JSON).
func cleanExtra(x socialcrm.RawFields) socialcrm.RawFields {
	var out socialcrm.RawFields
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
