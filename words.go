package socialcrm

import (
	"strings"
	"unicode"
)

// HasWords reports whether text has anything to score: a letter, a digit
// or a symbol such as an emoji, outside links and @handles. A like, a
// share without comment, or a reply that only tags someone has none, and
// gets no sentiment.
func HasWords(text string) bool {
	for _, f := range strings.Fields(text) {
		if strings.HasPrefix(f, "@") || strings.Contains(f, "://") || strings.HasPrefix(f, "www.") {
			continue
		}
		for _, r := range f {
			if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsSymbol(r) {
				return true
			}
		}
	}
	return false
}
