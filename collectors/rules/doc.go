package rules

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/socialcrm/socialcrm"
)

// Doc is a mention prepared for matching: its text split into words once,
// however many queries are tried.
type Doc struct {
	seq      []string
	words    map[string]bool
	tags     map[string]bool
	handles  map[string]bool
	lang     string
	source   string
	author   string
	authorID string
}

// NewDoc prepares a mention for matching.
func NewDoc(m *socialcrm.Mention) *Doc {
	d := &Doc{
		lang:     strings.ToLower(m.Lang),
		source:   strings.ToLower(m.Source),
		author:   strings.ToLower(strings.TrimPrefix(m.Author.Handle, "@")),
		authorID: strings.ToLower(m.Author.ID),
		words:    map[string]bool{},
		tags:     map[string]bool{},
		handles:  map[string]bool{},
	}
	d.seq = tokenize(m.Text)
	for _, w := range d.seq {
		d.words[w] = true
	}
	scanMarks(strings.ToLower(m.Text), d.tags, d.handles)
	return d
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' }

// tokenize lower-cases s and splits it into words of letters, digits and _.
func tokenize(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !isWordRune(r) })
}

// scanMarks collects #hashtags and @handles (with and without their
// @server part) from lower-cased text.
func scanMarks(s string, tags, handles map[string]bool) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '#' && c != '@' {
			continue
		}
		if i > 0 && (isWordRune(rune(s[i-1])) || s[i-1] == '@') {
			continue // an e-mail address or the server part of a handle
		}
		j := i + 1
		for j < len(s) {
			r, w := utf8.DecodeRuneInString(s[j:])
			if isWordRune(r) || (c == '@' && (r == '.' || r == '@' || r == '-')) {
				j += w
				continue
			}
			break
		}
		name := strings.TrimRight(s[i+1:j], ".-@")
		if name == "" {
			continue
		}
		if c == '#' {
			tags[name] = true
		} else {
			handles[name] = true
			handles[localPart(name)] = true
		}
		i = j - 1
	}
}
