package graph

import (
	"encoding/json"
	"fmt"
	"unicode/utf8"

	"github.com/socialcrm/socialcrm"
)

// DecodeInteraction reads one interactions topic value. Values as the
// pipeline writes them (plain strings and integers, known field names)
// take a fast path; anything else goes through encoding/json, so both
// give the same result and the same errors.
func DecodeInteraction(b []byte) (socialcrm.Interaction, error) {
	in, ok := decodeFast(b)
	if !ok {
		in = socialcrm.Interaction{}
		if err := json.Unmarshal(b, &in); err != nil {
			return in, fmt.Errorf("graph: decode interaction: %v: %w", err, socialcrm.ErrInvalid)
		}
	}
	if in.V != socialcrm.SchemaVersion {
		return in, socialcrm.Invalidf("graph: interaction schema version %d, want %d", in.V, socialcrm.SchemaVersion)
	}
	return in, nil
}

// decodeFast decodes a JSON object of Interaction's fields whose values
// are strings without escapes or control characters and integers of up
// to 18 digits. It reports false for anything else (other or differently
// spelt keys, escapes, null, numbers with a fraction, invalid UTF-8,
// malformed JSON), which the caller leaves to encoding/json; decoding was
// half of the graph consumer's CPU.
func decodeFast(b []byte) (in socialcrm.Interaction, ok bool) {
	d := fastDecoder{b: b}
	if !d.byte('{') {
		return in, false
	}
	if d.byte('}') {
		return in, d.end()
	}
	for {
		key, ok := d.str()
		if !ok || !d.byte(':') {
			return in, false
		}
		switch string(key) {
		case "v":
			in.V, ok = d.int()
		case "followers":
			in.Followers, ok = d.int()
		case "from":
			in.From, ok = d.text()
		case "to":
			in.To, ok = d.text()
		case "mention_id":
			in.MentionID, ok = d.text()
		case "source":
			in.Source, ok = d.text()
		case "brand":
			in.Brand, ok = d.text()
		case "kind":
			var k []byte
			if k, ok = d.str(); ok {
				in.Kind = kindOf(k)
			}
		case "at":
			start := d.i
			if _, ok = d.str(); ok {
				ok = in.At.UnmarshalJSON(b[start:d.i]) == nil
			}
		default:
			return in, false
		}
		if !ok {
			return in, false
		}
		if d.byte('}') {
			return in, d.end()
		}
		if !d.byte(',') {
			return in, false
		}
	}
}

// kindOf returns k as a kind, without allocating for the known ones.
func kindOf(k []byte) socialcrm.InteractionKind {
	for _, x := range socialcrm.Kinds {
		if string(x) == string(k) {
			return x
		}
	}
	return socialcrm.InteractionKind(k)
}

type fastDecoder struct {
	b []byte
	i int
}

func (d *fastDecoder) space() {
	for d.i < len(d.b) {
		switch d.b[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

// byte skips white space and then c, reporting whether c was there.
func (d *fastDecoder) byte(c byte) bool {
	d.space()
	if d.i < len(d.b) && d.b[d.i] == c {
		d.i++
		return true
	}
	return false
}

// end reports whether only white space is left.
func (d *fastDecoder) end() bool {
	d.space()
	return d.i == len(d.b)
}

// str reads a string without escapes or control characters, in valid
// UTF-8, and returns its content.
func (d *fastDecoder) str() ([]byte, bool) {
	if !d.byte('"') {
		return nil, false
	}
	start := d.i
	for d.i < len(d.b) {
		c := d.b[d.i]
		switch {
		case c == '"':
			s := d.b[start:d.i]
			d.i++
			return s, utf8.Valid(s)
		case c == '\\' || c < 0x20:
			return nil, false
		}
		d.i++
	}
	return nil, false
}

func (d *fastDecoder) text() (string, bool) {
	s, ok := d.str()
	return string(s), ok
}

// int reads an integer of 1 to 18 digits, with an optional minus sign,
// as JSON writes it (no leading zeros), followed by a delimiter.
func (d *fastDecoder) int() (int, bool) {
	d.space()
	neg := d.i < len(d.b) && d.b[d.i] == '-'
	if neg {
		d.i++
	}
	start, n := d.i, 0
	for d.i < len(d.b) && d.b[d.i] >= '0' && d.b[d.i] <= '9' {
		n = n*10 + int(d.b[d.i]-'0')
		d.i++
	}
	digits := d.i - start
	if digits == 0 || digits > 18 || (digits > 1 && d.b[start] == '0') {
		return 0, false
	}
	if d.i < len(d.b) {
		switch d.b[d.i] {
		case ',', '}', ' ', '\t', '\n', '\r':
		default:
			return 0, false // a fraction or an exponent
		}
	}
	if neg {
		n = -n
	}
	return n, true
}
