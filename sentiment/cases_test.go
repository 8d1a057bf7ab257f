package sentiment

import (
	"testing"

	"github.com/socialcrm/socialcrm"
)

// TestModel_HandPicked scores hand-picked texts the English model once got
// wrong (see docs/sentiment.md): a negator in an idiom ("can't believe how
// good", "no doubt", "not only") negates nothing.
func TestModel_HandPicked(t *testing.T) {
	m := mustEnglish(t)
	for _, tc := range []struct{ text, want string }{
		{"Can't believe how good the red-eye to Boston is. we landed early", socialcrm.Positive},
		{"No doubt the best concert I've been to this year", socialcrm.Positive},
		{"Not only cheap but also really comfortable", socialcrm.Positive},
		{"I can't wait for the new season to start tomorrow!", socialcrm.Positive},
		{"Can't believe they cancelled my order without telling me", socialcrm.Negative},
		{"The update didn't fix anything, still crashing", socialcrm.Negative},
		{"The store opens at 9am on Monday.", socialcrm.Neutral},
	} {
		if got := m.Score(tc.text, "en"); got.Label != tc.want {
			t.Errorf("%q: %s (%.2f, %v), want %s", tc.text, got.Label, got.Confidence, got.Explain, tc.want)
		}
	}
}
