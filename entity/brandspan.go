package entity

import (
	"strings"
	"unicode"

	"github.com/jdkato/prose/v2"
)

// orgSpans marks the names in orgs (a mention's brand) as organisations
// wherever they appear, in any case: "Rollr", "ROLLR" or "#rollr".
func orgSpans(toks []prose.Token, orgs []string) []span {
	if len(orgs) == 0 {
		return nil
	}
	names := make(map[string]string, len(orgs))
	for _, o := range orgs {
		if o = strings.TrimSpace(o); o != "" {
			names[strings.ToLower(strings.Join(strings.Fields(o), " "))] = TypeOrg
		}
	}
	g := &gazetteer{names: names}
	for n := range names {
		g.maxWords = max(g.maxWords, len(strings.Fields(n)))
	}
	return g.spansAnyCase(toks)
}

// spansAnyCase is spans without the capital letter a common word needs.
func (g *gazetteer) spansAnyCase(toks []prose.Token) []span {
	var out []span
	for i := 0; i < len(toks); {
		matched := 0
		for n := min(g.maxWords, len(toks)-i); n > 0 && matched == 0; n-- {
			words := make([]string, n)
			for j := range words {
				words[j] = strings.ToLower(toks[i+j].Text)
			}
			if typ, ok := g.names[strings.Join(words, " ")]; ok {
				out = append(out, span{i, i + n, typ})
				matched = n
			}
		}
		i += max(matched, 1)
	}
	return out
}

// commonWord reports whether a one-word span the model found is a common
// word written with a capital: a stopword ("Does", "New"), a word that
// starts a sentence ("Worst experience ever"), or the stem of a
// contraction ("Ca" of "Can't"). Names the gazetteer or the brand know
// are matched before the model and never get here.
func commonWord(toks []prose.Token, s span) bool {
	if s.end-s.start != 1 {
		return false
	}
	w := toks[s.start].Text
	if isStopword([]byte(strings.ToLower(w))) {
		return true
	}
	if s.end < len(toks) && strings.HasPrefix(toks[s.end].Text, "'") || s.end < len(toks) && toks[s.end].Text == "n't" {
		return true
	}
	if len([]rune(w)) <= 2 && strings.ToUpper(w) != w {
		return true
	}
	return sentenceStart(toks, s.start) && !allCaps(w)
}

// sentenceStart reports whether token i opens a sentence.
func sentenceStart(toks []prose.Token, i int) bool {
	if i == 0 {
		return true
	}
	switch toks[i-1].Text {
	case ".", "!", "?", ":", ";", "…":
		return true
	}
	return false
}

func allCaps(w string) bool {
	letters := 0
	for _, r := range w {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters > 1
}
