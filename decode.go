package socialcrm

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// Limits on raw mentions. Larger inputs are rejected, not truncated.
const (
	MaxMentionBytes = 256 << 10 // one encoded raw mention
	MaxTextBytes    = 64 << 10  // its text
)

// knownFields are the JSON fields of Mention; others go to Mention.Extra.
var knownFields = map[string]bool{
	"v": true, "id": true, "source": true, "brand": true, "rule": true, "author": true,
	"text": true, "lang": true, "kind": true, "parent_id": true, "target": true,
	"place": true, "url": true, "created_at": true, "deleted": true, "extra": true,
	"sentiment": true, "intent": true, "entities": true, "topics": true, "contacts": true,
}

// DecodeMention parses and validates one raw mention as written to
// mentions.raw. Errors wrap ErrInvalid and say what is wrong.
func DecodeMention(b []byte) (*Mention, error) {
	if len(b) > MaxMentionBytes {
		return nil, Invalidf("mention is %d bytes, more than the limit of %d", len(b), MaxMentionBytes)
	}
	if !utf8.Valid(b) {
		return nil, Invalidf("mention is not valid UTF-8")
	}
	m, err := decodeStrict(b)
	if err != nil {
		return nil, err
	}
	if err := m.Validate(); err != nil {
		return nil, err
	}
	return m, nil
}

// decodeStrict parses b in one pass when it has only known fields, which
// is the common case, and falls back to collecting unknown top-level
// fields into Extra.
func decodeStrict(b []byte) (*Mention, error) {
	m := new(Mention)
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	err := dec.Decode(m)
	if err == nil {
		if _, err := dec.Token(); err != io.EOF {
			return nil, Invalidf("mention: data after the JSON object")
		}
		return m, nil
	}
	if !strings.HasPrefix(err.Error(), "json: unknown field ") {
		var fields map[string]json.RawMessage
		if json.Unmarshal(b, &fields) != nil {
			return nil, Invalidf("mention is not a JSON object: %v", err)
		}
		return nil, Invalidf("mention: %v", err)
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(b, &fields); err != nil {
		return nil, Invalidf("mention is not a JSON object: %v", err)
	}
	m = new(Mention)
	if err := json.Unmarshal(b, m); err != nil {
		return nil, Invalidf("mention: %v", err)
	}
	for k, v := range fields {
		if knownFields[k] {
			continue
		}
		if m.Extra == nil {
			m.Extra = RawFields{}
		}
		m.Extra[k] = bytes.Clone(v)
	}
	return m, nil
}

// Validate checks the fields every raw mention needs. It fills in defaults
// (kind post) that do not lose information.
func (m *Mention) Validate() error {
	if err := m.CheckBounds(); err != nil {
		return err
	}
	switch {
	case m.V != SchemaVersion:
		return Invalidf("mention %q: unknown schema version %d (this version reads %d)", m.ID, m.V, SchemaVersion)
	case m.ID == "":
		return Invalidf("mention: missing field \"id\"")
	case m.Source == "":
		return Invalidf("mention %q: missing field \"source\"", m.ID)
	case m.Author.ID == "" && m.Author.Handle == "":
		return Invalidf("mention %q: missing field \"author.id\" or \"author.handle\"", m.ID)
	case m.CreatedAt.IsZero():
		return Invalidf("mention %q: missing field \"created_at\"", m.ID)
	}
	if m.Kind == "" {
		m.Kind = KindPost
	}
	if !ValidKind(m.Kind) {
		return Invalidf("mention %q: unknown kind %q", m.ID, m.Kind)
	}
	if m.Text == "" && !m.Deleted && m.Kind.CarriesText() && !m.HasEmbed() {
		return Invalidf("mention %q: missing field \"text\" for kind %s (and no embed)", m.ID, m.Kind)
	}
	if m.Sentiment != nil && !ValidLabel(m.Sentiment.Label) {
		return Invalidf("mention %q: unknown sentiment label %q", m.ID, m.Sentiment.Label)
	}
	return nil
}

// ExtraEmbed is the extra field naming what a post embeds (an image, a
// GIF, a video, a link card) when its text alone does not carry it.
const ExtraEmbed = "embed"

// HasEmbed reports whether the mention carries an embed: a post whose
// text is empty (a GIF reply, a photo) is still a mention then.
func (m *Mention) HasEmbed() bool {
	_, ok := m.Extra[ExtraEmbed]
	return ok
}

// CarriesText reports whether mentions of this kind have text of their own.
// Likes, shares, follows and pins may come without.
func (k InteractionKind) CarriesText() bool {
	switch k {
	case KindLike, KindShare, KindFollow, KindPin:
		return false
	}
	return true
}

// String returns the kind's name.
func (k InteractionKind) String() string { return string(k) }

// EncodeMention returns the JSON form of m with the schema version set.
func EncodeMention(m *Mention) ([]byte, error) {
	if m.V == 0 {
		m.V = SchemaVersion
	}
	b, err := json.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("encode mention %q: %w", m.ID, err)
	}
	return b, nil
}
