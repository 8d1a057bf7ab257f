package sentiment

import (
	"math"
	"strings"
	"sync"

	"github.com/jonreiter/govader"
)

// lexicon holds the VADER word valences (−4…+4) and an emoji valence
// derived from the words of each emoji's VADER description.
type lexicon struct {
	words map[string]float64
	emoji map[string]float64
}

// vaderLexicon loads the VADER lexicon once; it is read-only afterwards.
var vaderLexicon = sync.OnceValue(func() *lexicon {
	sia := govader.NewSentimentIntensityAnalyzer()
	lx := &lexicon{words: sia.Lexicon, emoji: make(map[string]float64, len(sia.EmojiDict))}
	for e, desc := range sia.EmojiDict {
		v := 0.0
		for _, w := range strings.Fields(strings.ToLower(desc)) {
			v += sia.Lexicon[w]
		}
		if v != 0 {
			lx.emoji[e] = v
		}
	}
	return lx
})

// valence is the lexicon valence of a token, 0 when unknown. Elongated
// words are looked up with their repeats cut to two and then to one letter.
func (lx *lexicon) valence(t *token) float64 {
	var v float64
	switch t.kind {
	case kindEmoji:
		return lx.emoji[t.text]
	case kindEmoticon:
		return t.lexv
	case kindWord:
		v = t.lexv
		if v == 0 && t.elong {
			v = lx.words[squeeze(t.text)]
		}
	case kindHashtag:
		return 0 // its words are scored separately
	default:
		return 0
	}
	if t.caps {
		v *= 1.25
	}
	if t.neg {
		v *= -0.74
	}
	return v
}

// squeeze cuts every run of a repeated letter to one letter.
func squeeze(s string) string {
	var b strings.Builder
	var prev rune
	for _, r := range s {
		if r != prev {
			b.WriteRune(r)
		}
		prev = r
	}
	return b.String()
}

// compound is VADER's normalisation of a valence sum into (−1, 1).
func compound(sum float64) float64 { return sum / math.Sqrt(sum*sum+15) }
