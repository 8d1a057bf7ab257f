package sentiment

import (
	"strings"
	"unicode"
)

// stopWords are words that carry no sentiment of their own: an
// explanation never names them. Negators ("not", "no") and intensifiers
// ("very", "really") are not among them: they change what follows.
var stopWords = wordSet(`a an the and or if then than to of in on at by for from with about as into onto over
	under up down out off this that these those it its it's i i'm me my mine we our ours us you your yours
	he him his she her hers they them their theirs is am are was were be been being have has had having
	do does did doing will would shall should can could may might must what which who whom whose why
	how when where there here all any each some such own same so too just also again once now then
	after before while during because until let's im ive id youre theyre thats whats
	le la les un une des de du et ou à au aux en dans sur pour par avec ce cette ces il elle ils elles je tu nous vous est sont
	der die das ein eine und oder zu im am ist sind ich du wir ihr es
	el los las una unos unas y o en con por para es son yo tú
	il lo gli uno una e di da con per è sono io tu`)

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// explains reports whether a token may stand in an explanation: words,
// hashtags, emoji and emoticons that are not stop-words; never
// punctuation, numbers, links or @handles, which are who and where, not
// why.
func explains(t token) bool {
	switch t.kind {
	case kindWord:
		if t.stop != stopUnknown {
			return t.stop == stopNo
		}
		return !stopWords[strings.ToLower(strings.Trim(t.orig, "'’"))]
	case kindHashtag, kindEmoji, kindEmoticon:
		return true
	}
	return false
}

// shown is a token as an explanation writes it: as in the text, without
// the punctuation around it.
func shown(orig string) string {
	s := strings.TrimFunc(orig, func(r rune) bool { return unicode.IsPunct(r) && r != '#' })
	if s == "" {
		return orig
	}
	return s
}

// explainWord reports whether a word of the text, as VADER's explanation
// splits it, may stand in an explanation, and how it is written there.
func explainWord(w string) (string, bool) {
	s := shown(w)
	if s == "" || strings.HasPrefix(s, "@") || strings.Contains(s, "://") || stopWords[strings.ToLower(s)] {
		return "", false
	}
	return s, true
}
