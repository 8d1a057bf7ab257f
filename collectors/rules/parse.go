package rules

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/socialcrm/socialcrm"
)

// MaxQueryBytes bounds the length of one query.
const MaxQueryBytes = 4096

// maxDepth bounds nesting of parentheses and negations.
const maxDepth = 64

// SyntaxError is a query that does not parse. Pos is the 1-based byte
// position of the offending token. It wraps socialcrm.ErrInvalid.
type SyntaxError struct {
	Pos int
	Msg string
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("rules: position %d: %s", e.Pos, e.Msg) }

// Unwrap makes a syntax error an invalid-input error.
func (e *SyntaxError) Unwrap() error { return socialcrm.ErrInvalid }

func errorAt(pos int, format string, args ...any) error {
	return &SyntaxError{Pos: pos, Msg: fmt.Sprintf(format, args...)}
}

func quote(s string) string { return fmt.Sprintf("%q", s) }

// Fields usable as name:value in a query.
var fieldNames = map[string]bool{"lang": true, "source": true, "author": true}

// Parse parses a tracking-rule query:
//
//	acme OR "acme corp" -job -hiring lang:en source:reddit
//
// Terms next to each other must all match (AND); OR binds tighter than AND,
// as in web search, so the example means (acme OR "acme corp") AND NOT job…;
// NOT or a leading "-" negates; parentheses group. Words match whole words
// case-insensitively, "quoted phrases" match consecutive words, #tag a
// hashtag, @name a mentioned handle, and lang:, source: and author: the
// mention's fields.
func Parse(q string) (*Query, error) {
	if len(q) > MaxQueryBytes {
		return nil, errorAt(MaxQueryBytes+1, "query is longer than %d bytes", MaxQueryBytes)
	}
	toks, err := lex(q)
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks}
	if p.peek().kind == tokEOF {
		return nil, errorAt(1, "empty query")
	}
	n, err := p.and(0)
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tokEOF {
		if t.kind == tokRParen {
			return nil, errorAt(t.pos, "unbalanced \")\"")
		}
		return nil, errorAt(t.pos, "unexpected %s", t.describe())
	}
	return &Query{src: q, root: n}, nil
}

// MustParse is Parse for queries known to be valid; it panics otherwise.
func MustParse(q string) *Query {
	qq, err := Parse(q)
	if err != nil {
		panic(err)
	}
	return qq
}

type parser struct {
	toks []token
	i    int
}

func (p *parser) peek() token { return p.toks[p.i] }
func (p *parser) next() token { t := p.toks[p.i]; p.i++; return t }

func (p *parser) or(depth int) (Node, error) {
	first, err := p.unary(depth)
	if err != nil {
		return nil, err
	}
	xs := []Node{first}
	for p.peek().kind == tokOr {
		p.next()
		if k := p.peek().kind; k == tokEOF || k == tokRParen || k == tokOr || k == tokAnd {
			return nil, errorAt(p.peek().pos, "expected a term after OR, found %s", p.peek().describe())
		}
		n, err := p.unary(depth)
		if err != nil {
			return nil, err
		}
		xs = append(xs, n)
	}
	if len(xs) == 1 {
		return first, nil
	}
	return Or(xs), nil
}

func (p *parser) and(depth int) (Node, error) {
	var xs []Node
	for {
		t := p.peek()
		switch t.kind {
		case tokEOF, tokRParen, tokOr:
			if t.kind == tokOr && len(xs) == 0 {
				return nil, errorAt(t.pos, "OR needs a term on its left")
			}
			if len(xs) == 0 {
				return nil, errorAt(t.pos, "expected a term before %s", t.describe())
			}
			if len(xs) == 1 {
				return xs[0], nil
			}
			return And(xs), nil
		case tokAnd:
			if len(xs) == 0 {
				return nil, errorAt(t.pos, "AND needs a term on its left")
			}
			p.next()
			if k := p.peek().kind; k == tokEOF || k == tokRParen || k == tokOr || k == tokAnd {
				return nil, errorAt(p.peek().pos, "expected a term after AND, found %s", p.peek().describe())
			}
		}
		n, err := p.or(depth)
		if err != nil {
			return nil, err
		}
		xs = append(xs, n)
	}
}

func (p *parser) unary(depth int) (Node, error) {
	if depth > maxDepth {
		return nil, errorAt(p.peek().pos, "query nests deeper than %d levels", maxDepth)
	}
	t := p.peek()
	if t.kind == tokNot || t.kind == tokMinus {
		p.next()
		if k := p.peek().kind; k == tokEOF || k == tokRParen || k == tokOr || k == tokAnd {
			return nil, errorAt(p.peek().pos, "expected a term after %s, found %s", t.text, p.peek().describe())
		}
		x, err := p.unary(depth + 1)
		if err != nil {
			return nil, err
		}
		return Not{X: x}, nil
	}
	return p.primary(depth)
}

func (p *parser) primary(depth int) (Node, error) {
	t := p.next()
	switch t.kind {
	case tokLParen:
		if p.peek().kind == tokEOF {
			return nil, errorAt(t.pos, "unbalanced \"(\": no matching \")\"")
		}
		n, err := p.and(depth + 1)
		if err != nil {
			return nil, err
		}
		if c := p.next(); c.kind != tokRParen {
			return nil, errorAt(t.pos, "unbalanced \"(\": no matching \")\"")
		}
		return n, nil
	case tokPhrase:
		words := tokenize(t.text)
		if len(words) == 0 {
			return nil, errorAt(t.pos, "phrase %q has no letters or digits", t.text)
		}
		return Phrase(words), nil
	case tokWord:
		return word(t)
	}
	return nil, errorAt(t.pos, "unexpected %s", t.describe())
}

// word turns a bare word into a hashtag, handle, field or term.
func word(t token) (Node, error) {
	s := t.text
	switch {
	case strings.HasPrefix(s, "#"):
		tag := strings.ToLower(s[1:])
		if !isName(tag) {
			return nil, errorAt(t.pos, "hashtag %q must be # followed by letters, digits or _", s)
		}
		return Hashtag(tag), nil
	case strings.HasPrefix(s, "@"):
		h := strings.ToLower(s[1:])
		if !isHandle(h) {
			return nil, errorAt(t.pos, "handle %q must be @ followed by a user name", s)
		}
		return Handle(h), nil
	}
	if name, value, ok := strings.Cut(s, ":"); ok && isLetters(name) {
		name = strings.ToLower(name)
		if !fieldNames[name] {
			return nil, errorAt(t.pos, "unknown field %q (use lang:, source: or author:, or quote the term)", name)
		}
		if value == "" {
			return nil, errorAt(t.pos+len(name)+1, "%s: needs a value", name)
		}
		return Field{Name: name, Value: strings.ToLower(strings.TrimPrefix(value, "@"))}, nil
	}
	words := tokenize(s)
	if len(words) == 0 {
		return nil, errorAt(t.pos, "term %q has no letters or digits", s)
	}
	if len(words) > 1 {
		return Phrase(words), nil
	}
	return Term(words[0]), nil
}

func isLetters(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

func isName(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !isWordRune(r) {
			return false
		}
	}
	return true
}

func isHandle(s string) bool {
	if s == "" || !isWordRune([]rune(s)[0]) {
		return false
	}
	for _, r := range s {
		if !isWordRune(r) && r != '.' && r != '@' && r != '-' {
			return false
		}
	}
	return true
}
