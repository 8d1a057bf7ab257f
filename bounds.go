package socialcrm

import (
	"fmt"
	"strconv"
)

// Limits on the fields of a mention that reach an index or a key of a
// store (ids, handles, brand, source, language, rule) or are carried to
// every reader (names, URLs, places, topics, contacts). A mention over any
// of them is invalid (ErrInvalid) and goes to the dead-letter topic; it is
// never truncated, since a cut id would name another mention. The limits
// are far above what any network sends and far below what a Postgres
// B-tree entry holds (about 2,700 bytes).
const (
	MaxIDBytes     = 512  // Mention.ID, ParentID, contact ids
	MaxHandleBytes = 256  // Author.ID, Author.Handle, Target
	MaxNameBytes   = 512  // Author.Name, Place
	MaxLabelBytes  = 128  // Brand, Source, Rule, Intent, each topic
	MaxLangBytes   = 16   // Lang, a BCP 47 tag
	MaxURLBytes    = 2048 // URL
	MaxListLen     = 256  // Topics, Contacts, Entities
)

// CheckBounds reports the first field of m over its limit, as an error
// that wraps ErrInvalid. Both stores call it, so they agree on what they
// accept, and Validate calls it before the pipeline does any work.
func (m *Mention) CheckBounds() error {
	fields := [...]struct {
		name  string
		value string
		max   int
	}{
		{"id", m.ID, MaxIDBytes},
		{"parent_id", m.ParentID, MaxIDBytes},
		{"source", m.Source, MaxLabelBytes},
		{"brand", m.Brand, MaxLabelBytes},
		{"rule", m.Rule, MaxLabelBytes},
		{"intent", m.Intent, MaxLabelBytes},
		{"lang", m.Lang, MaxLangBytes},
		{"author.id", m.Author.ID, MaxHandleBytes},
		{"author.handle", m.Author.Handle, MaxHandleBytes},
		{"author.name", m.Author.Name, MaxNameBytes},
		{"target", m.Target, MaxHandleBytes},
		{"place", m.Place, MaxNameBytes},
		{"url", m.URL, MaxURLBytes},
		{"text", m.Text, MaxTextBytes},
	}
	for _, f := range fields {
		if len(f.value) > f.max {
			return overLimit(m.ID, f.name, len(f.value), f.max)
		}
	}
	lists := [...]struct {
		name   string
		values []string
		max    int
	}{
		{"topics", m.Topics, MaxLabelBytes},
		{"contacts", m.Contacts, MaxIDBytes},
	}
	for _, l := range lists {
		if len(l.values) > MaxListLen {
			return Invalidf("mention %s: %d %s, more than the limit of %d", shortID(m.ID), len(l.values), l.name, MaxListLen)
		}
		for _, v := range l.values {
			if len(v) > l.max {
				return overLimit(m.ID, l.name+" item", len(v), l.max)
			}
		}
	}
	if len(m.Entities) > MaxListLen {
		return Invalidf("mention %s: %d entities, more than the limit of %d", shortID(m.ID), len(m.Entities), MaxListLen)
	}
	return nil
}

func overLimit(id, field string, n, max int) error {
	return Invalidf("mention %s: field %q is %d bytes, more than the limit of %d", shortID(id), field, n, max)
}

// shortID quotes id for an error message, cut to its first 64 bytes when
// longer (an oversized id would otherwise fill the message).
func shortID(id string) string {
	const max = 64
	if len(id) <= max {
		return strconv.Quote(id)
	}
	cut := max
	for cut > 0 && id[cut]&0xC0 == 0x80 { // do not split a UTF-8 sequence
		cut--
	}
	return fmt.Sprintf("%q… (%d bytes)", id[:cut], len(id))
}
