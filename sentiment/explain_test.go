package sentiment

import (
	"strings"
	"testing"
	"unicode"

	"github.com/socialcrm/socialcrm"
)

// TestExplain_Tokens checks that explanations name words as written,
// without the punctuation around them, and never punctuation, links,
// @handles or stop-words.
func TestExplain_Tokens(t *testing.T) {
	m, v := mustEnglish(t), NewVader()
	for _, text := range []string{
		"@skywayair! worst delay ever. never again!!",
		"@nimbuscloud, why is my bill so high? terrible.",
		"The store opens at 9am on Monday.",
		"I love this airline, the crew was amazing!",
		"great job @acme, thanks! https://example.com/x :)",
	} {
		for name, s := range map[string][]string{"model": tokens(m.Score(text, "en").Explain), "vader": tokens(v.Score(text, "en").Explain)} {
			for _, tok := range s {
				first, last := []rune(tok)[0], []rune(tok)[len([]rune(tok))-1]
				switch {
				case strings.HasPrefix(tok, "@") || strings.Contains(tok, "://"):
					t.Errorf("%s explains %q with a handle or link %q", name, text, tok)
				case tok != ":)" && (unicode.IsPunct(first) && first != '#' || unicode.IsPunct(last)):
					t.Errorf("%s explains %q with %q, punctuation kept", name, text, tok)
				case stopWords[strings.ToLower(tok)]:
					t.Errorf("%s explains %q with the stop-word %q", name, text, tok)
				}
			}
		}
	}
	if got := tokens(m.Score("@skywayair! worst delay ever", "en").Explain); len(got) == 0 || got[0] != "worst" {
		t.Errorf("explanation %q, want worst first", got)
	}
}

// tokens lists the tokens of an explanation.
func tokens(tw []socialcrm.TokenWeight) []string {
	out := make([]string, len(tw))
	for i, x := range tw {
		out[i] = x.Token
	}
	return out
}
