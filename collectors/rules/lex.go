package rules

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

type tokKind int

const (
	tokEOF tokKind = iota
	tokLParen
	tokRParen
	tokMinus
	tokPhrase
	tokWord
	tokOr
	tokAnd
	tokNot
)

type token struct {
	kind tokKind
	text string
	pos  int // 1-based byte position in the query
}

func (t token) describe() string {
	switch t.kind {
	case tokEOF:
		return "end of query"
	case tokPhrase:
		return "phrase " + quote(t.text)
	}
	return quote(t.text)
}

// lex splits a query into tokens.
func lex(q string) ([]token, error) {
	var toks []token
	i := 0
	for i < len(q) {
		r, w := utf8.DecodeRuneInString(q[i:])
		switch {
		case r == utf8.RuneError && w == 1:
			return nil, errorAt(i+1, "invalid UTF-8")
		case unicode.IsSpace(r):
			i += w
		case r == '(':
			toks = append(toks, token{tokLParen, "(", i + 1})
			i++
		case r == ')':
			toks = append(toks, token{tokRParen, ")", i + 1})
			i++
		case r == '-':
			if i+1 >= len(q) || isBreak(q[i+1:]) && q[i+1] != '"' && q[i+1] != '(' {
				return nil, errorAt(i+1, "\"-\" must be followed by a term, as in -hiring")
			}
			toks = append(toks, token{tokMinus, "-", i + 1})
			i++
		case r == '"':
			end := strings.IndexByte(q[i+1:], '"')
			if end < 0 {
				return nil, errorAt(i+1, "unterminated phrase (missing closing \")")
			}
			toks = append(toks, token{tokPhrase, q[i+1 : i+1+end], i + 1})
			i += end + 2
		default:
			start := i
			for i < len(q) && !isBreak(q[i:]) {
				_, w := utf8.DecodeRuneInString(q[i:])
				i += w
			}
			word := q[start:i]
			k := tokWord
			switch word {
			case "OR":
				k = tokOr
			case "AND":
				k = tokAnd
			case "NOT":
				k = tokNot
			}
			toks = append(toks, token{k, word, start + 1})
		}
	}
	return append(toks, token{tokEOF, "", len(q) + 1}), nil
}

// isBreak reports whether s starts with a rune that ends a word.
func isBreak(s string) bool {
	r, w := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError && w == 1 {
		return true
	}
	return unicode.IsSpace(r) || r == '(' || r == ')' || r == '"'
}
