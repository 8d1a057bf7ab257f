package sentiment

import (
	"strings"

	"github.com/socialcrm/socialcrm"
)

// Router sends each text to the model of its language. A text with no or
// an unknown ("und") language goes to Default, since most sources do not
// declare one; a language with no model is scored neutral with confidence 0
// and flagged Unsupported, never with another language's model.
type Router struct {
	Models  map[string]Scorer // by ISO 639-1 code
	Default string            // language for texts without one
}

// NewRouter returns the router over the embedded English and Italian models,
// English by default.
func NewRouter() (*Router, error) {
	en, err := NewEnglish()
	if err != nil {
		return nil, err
	}
	it, err := NewItalian()
	if err != nil {
		return nil, err
	}
	return &Router{Models: map[string]Scorer{"en": en, "it": it}, Default: "en"}, nil
}

// NormalizeLang reduces a language tag to its lower-case primary subtag
// ("en-US" → "en"); "", "und" and "unknown" give "".
func NormalizeLang(lang string) string {
	l := strings.ToLower(strings.TrimSpace(lang))
	if i := strings.IndexAny(l, "-_"); i >= 0 {
		l = l[:i]
	}
	if l == "und" || l == "unknown" || l == "zxx" {
		return ""
	}
	return l
}

// Score scores text with the model of lang.
func (r *Router) Score(text, lang string) socialcrm.Sentiment {
	s, l := r.route(lang)
	if s == nil {
		return Unsupported(l)
	}
	return s.Score(text, l)
}

// route returns the scorer for lang and the language it stands for; the
// scorer is nil when the language has no model.
func (r *Router) route(lang string) (Scorer, string) {
	l := NormalizeLang(lang)
	if l == "" {
		l = r.Default
	}
	return r.Models[l], l
}

// Unsupported is the sentiment of a text in a language with no model.
func Unsupported(lang string) socialcrm.Sentiment {
	return socialcrm.Sentiment{Label: socialcrm.Neutral, Model: "none:" + lang, Unsupported: true}
}
