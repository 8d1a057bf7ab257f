package rules

import (
	"strings"
)

// Node is one part of a parsed query. String returns a canonical form that
// parses back to the same tree.
type Node interface {
	String() string
	match(d *Doc) bool
}

// Query is a parsed tracking-rule query, ready to match many documents.
type Query struct {
	src  string
	root Node
}

// Root returns the query's syntax tree, for translating it to a source's
// own rule syntax.
func (q *Query) Root() Node { return q.root }

// Source returns the query text as written.
func (q *Query) Source() string { return q.src }

// String returns the canonical form of the query.
func (q *Query) String() string { return q.root.String() }

// Match reports whether the document matches the query.
func (q *Query) Match(d *Doc) bool { return q.root.match(d) }

type (
	// And matches when every part matches.
	And []Node
	// Or matches when any part matches.
	Or []Node
	// Not matches when X does not.
	Not struct{ X Node }
	// Term matches one whole word, case-insensitively.
	Term string
	// Phrase matches consecutive words.
	Phrase []string
	// Hashtag matches #tag (stored without the #, lower case).
	Hashtag string
	// Handle matches a mentioned @handle (stored without the @, lower case).
	Handle string
	// Field matches lang:, source: or author: (value lower case).
	Field struct{ Name, Value string }
)

func (n And) String() string     { return join(n, " ") }
func (n Or) String() string      { return join(n, " OR ") }
func (n Not) String() string     { return "-" + group(n.X) }
func (n Term) String() string    { return string(n) }
func (n Phrase) String() string  { return `"` + strings.Join(n, " ") + `"` }
func (n Hashtag) String() string { return "#" + string(n) }
func (n Handle) String() string  { return "@" + string(n) }
func (n Field) String() string   { return n.Name + ":" + n.Value }

func join(xs []Node, sep string) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = group(x)
	}
	return strings.Join(parts, sep)
}

// group wraps compound nodes in parentheses.
func group(n Node) string {
	switch n.(type) {
	case And, Or:
		return "(" + n.String() + ")"
	}
	return n.String()
}

func (n And) match(d *Doc) bool {
	for _, x := range n {
		if !x.match(d) {
			return false
		}
	}
	return true
}

func (n Or) match(d *Doc) bool {
	for _, x := range n {
		if x.match(d) {
			return true
		}
	}
	return false
}

func (n Not) match(d *Doc) bool     { return !n.X.match(d) }
func (n Term) match(d *Doc) bool    { return d.words[string(n)] }
func (n Hashtag) match(d *Doc) bool { return d.tags[string(n)] }
func (n Handle) match(d *Doc) bool  { return d.handles[string(n)] }

func (n Phrase) match(d *Doc) bool {
	if len(n) == 0 {
		return false
	}
	for i := 0; i+len(n) <= len(d.seq); i++ {
		if d.seq[i] != n[0] {
			continue
		}
		ok := true
		for j := 1; j < len(n); j++ {
			if d.seq[i+j] != n[j] {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

func (n Field) match(d *Doc) bool {
	switch n.Name {
	case "lang":
		return d.lang == n.Value || strings.HasPrefix(d.lang, n.Value+"-")
	case "source":
		return d.source == n.Value
	case "author":
		return d.author == n.Value || localPart(d.author) == n.Value || d.authorID == n.Value
	}
	return false
}

func localPart(handle string) string {
	h, _, _ := strings.Cut(handle, "@")
	return h
}
