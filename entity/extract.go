// Package entity finds the organisations, products, people and places a
// mention talks about, and its topics (hashtags and key phrases).
//
// Named entities come from prose's tagger and entity model, loaded once by
// NewExtractor and shared by every call; at well under a millisecond per
// text that is too slow for the scoring hot path, so Pool runs it on a
// bounded set of workers and skips mentions when they fall behind. Topics is
// cheap and meant for the hot path.
package entity

import (
	"strings"

	"github.com/jdkato/prose/v2"
	"github.com/socialcrm/socialcrm"
)

// Entity types set on socialcrm.Entity.Type.
const (
	TypeOrg      = "ORG"
	TypeProduct  = "PRODUCT"
	TypePerson   = "PERSON"
	TypePlace    = "GPE" // countries, cities, states
	TypeLocation = "LOC" // other places: regions, mountains, bodies of water
	TypeFacility = "FAC" // airports, stations, buildings
)

// proseTypes maps prose's entity labels onto ours.
var proseTypes = map[string]string{
	"PERSON":       TypePerson,
	"ORGANIZATION": TypeOrg,
	"GPE":          TypePlace,
	"GSP":          TypePlace,
	"LOCATION":     TypeLocation,
	"FACILITY":     TypeFacility,
}

// Extractor finds named entities in texts. It is safe for concurrent use.
type Extractor struct {
	model *prose.Model
	known *gazetteer
	// Aliases names, by brand, the other names its organisation goes by
	// (its handles: "skyway" → "skywayair"), taken as ORG in that brand's
	// mentions like the brand itself. Set it before the first extraction.
	Aliases map[string][]string
}

// NewExtractor loads prose's English model (about a quarter of a second;
// do it once) and returns an extractor that also recognises the names in
// known, keyed by name with an entity type as value (for example the
// tracked brands as ORG and their product lines as PRODUCT). Names in known
// override the model's guess. DefaultKnown is a starting set.
func NewExtractor(known map[string]string) *Extractor {
	return &Extractor{
		model: prose.ModelFromData("en"),
		known: newGazetteer(known),
	}
}

// Extract returns the entities of text, each once, in order of appearance.
// It returns nil when there are none.
func (e *Extractor) Extract(text string) []socialcrm.Entity { return e.ExtractFor(text) }

// ExtractFor is Extract with orgs, the names of the organisations the
// text is known to be about (the mention's brand), taken as ORG
// wherever they appear, in any case.
func (e *Extractor) ExtractFor(text string, orgs ...string) []socialcrm.Entity {
	clean := cleanForNER(text)
	if strings.TrimSpace(clean) == "" {
		return nil
	}
	doc, err := prose.NewDocument(clean,
		prose.UsingModel(e.model), prose.WithSegmentation(false))
	if err != nil { // prose never returns one today; keep the text entity-less
		return nil
	}
	toks := doc.Tokens()
	spans := orgSpans(toks, orgs)
	spans = append(spans, e.known.spansFree(toks, spans)...)
	spans = append(spans, productSpans(toks, spans)...)
	spans = append(spans, modelSpans(toks, spans)...)
	return collect(toks, spans)
}

// span is a run of tokens [start, end) with an entity type.
type span struct {
	start, end int
	typ        string
}

func overlaps(s span, taken []span) bool {
	for _, t := range taken {
		if s.start < t.end && t.start < s.end {
			return true
		}
	}
	return false
}

// modelSpans chunks prose's IOB labels into spans that do not overlap taken.
// A run continues over labelled tokens of the same type, and over labelled
// proper nouns after a proper noun ("Tim/B-PERSON Cook/I-ORGANIZATION",
// "Union/B-LOCATION Square/B-GPE"); the first token gives the type.
func modelSpans(toks []prose.Token, taken []span) []span {
	var out []span
	for i := 0; i < len(toks); {
		typ, ok := labelType(toks[i].Label)
		if !ok {
			i++
			continue
		}
		j := i + 1
		for j < len(toks) {
			t, ok := labelType(toks[j].Label)
			if !ok || !(t == typ || isProperNoun(toks[j].Tag) && isProperNoun(toks[j-1].Tag)) {
				break
			}
			j++
		}
		s := span{i, j, proseTypes[typ]}
		if !overlaps(s, taken) && hasCapital(toks[i:j]) && !(s.typ != TypeOrg && hasDigit(toks[i:j])) && !commonWord(toks, s) {
			out = append(out, s)
		}
		i = j
	}
	return out
}

func labelType(label string) (string, bool) {
	if len(label) < 3 || label[1] != '-' {
		return "", false
	}
	_, ok := proseTypes[label[2:]]
	return label[2:], ok
}

func isProperNoun(tag string) bool { return strings.HasPrefix(tag, "NNP") }

// hasDigit catches codes prose takes for names ("UA1742" as a person):
// people and places have no digits in their names.
func hasDigit(toks []prose.Token) bool {
	for _, t := range toks {
		if strings.ContainsAny(t.Text, "0123456789") {
			return true
		}
	}
	return false
}

func hasCapital(toks []prose.Token) bool {
	for _, t := range toks {
		for _, r := range t.Text {
			if r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
				return true
			}
		}
	}
	return false
}

// collect turns spans into entities in text order, each (text, type) once.
func collect(toks []prose.Token, spans []span) []socialcrm.Entity {
	if len(spans) == 0 {
		return nil
	}
	sortSpans(spans)
	out := make([]socialcrm.Entity, 0, len(spans))
	seen := make(map[socialcrm.Entity]bool, len(spans))
	for _, s := range spans {
		ent := socialcrm.Entity{Text: joinTokens(toks[s.start:s.end]), Type: s.typ}
		key := socialcrm.Entity{Text: strings.ToLower(ent.Text), Type: ent.Type}
		if ent.Text == "" || seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, ent)
	}
	return out
}

func sortSpans(spans []span) {
	for i := 1; i < len(spans); i++ { // insertion sort: a handful of spans
		for j := i; j > 0 && less(spans[j], spans[j-1]); j-- {
			spans[j], spans[j-1] = spans[j-1], spans[j]
		}
	}
}

func less(a, b span) bool {
	if a.start != b.start {
		return a.start < b.start
	}
	return a.end > b.end
}

// joinTokens rebuilds the surface text of a token run; prose splits
// "T-Mobile" as one token and "AT&T" as one, so joining with spaces is right
// for names.
func joinTokens(toks []prose.Token) string {
	parts := make([]string, len(toks))
	for i, t := range toks {
		parts[i] = t.Text
	}
	return strings.Join(parts, " ")
}
