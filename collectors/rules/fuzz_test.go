package rules

import (
	"testing"

	"github.com/socialcrm/socialcrm"
)

// FuzzParse checks that any input either parses or gives a positioned
// error, never panics, and that a parsed query's canonical form parses back
// to the same canonical form and matches the same documents.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`acme OR "acme corp" -job -hiring lang:en source:reddit`,
		`(a OR b) NOT (c AND "d e")`, `#acme @acme@x.y author:bob`, `--x`, `-"a b"`, `-(a)`,
		`(`, `)`, `"`, `a OR`, `lang:`, `é"(`, "\xff", `a:b:c`, `@a.`, `((((x))))`,
	} {
		f.Add(s, "acme corp is hiring #acme @acme")
	}
	f.Fuzz(func(t *testing.T, q, text string) {
		parsed, err := Parse(q)
		if err != nil {
			se, ok := err.(*SyntaxError)
			if !ok || se.Pos < 1 || se.Pos > len(q)+1 {
				t.Fatalf("Parse(%q) error %v has no position within the query", q, err)
			}
			return
		}
		canon := parsed.String()
		again, err := Parse(canon)
		if err != nil {
			t.Fatalf("canonical form %q of %q does not parse: %v", canon, q, err)
		}
		if again.String() != canon {
			t.Fatalf("canonical form not stable: %q -> %q", canon, again.String())
		}
		d := NewDoc(&socialcrm.Mention{Text: text, Lang: "en", Source: "x", Author: socialcrm.Author{Handle: "bob"}})
		if parsed.Match(d) != again.Match(d) {
			t.Fatalf("%q and its canonical form %q disagree on %q", q, canon, text)
		}
	})
}
