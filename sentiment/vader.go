package sentiment

import (
	"math"
	"strings"

	"github.com/jonreiter/govader"

	"github.com/socialcrm/socialcrm"
)

// VaderThreshold is the compound score at or beyond which VADER's label is
// positive (≥ +0.05) or negative (≤ −0.05), the convention of VADER's authors.
const VaderThreshold = 0.05

// Vader is the lexicon baseline: VADER's rule-based scorer.
type Vader struct {
	sia *govader.SentimentIntensityAnalyzer
}

// NewVader returns the VADER baseline scorer.
func NewVader() *Vader { return &Vader{sia: govader.NewSentimentIntensityAnalyzer()} }

// Score scores English text with VADER; lang is ignored. Confidence is
// |compound| for a polar label and 1−|compound| for neutral: VADER is not
// calibrated.
func (v *Vader) Score(text, lang string) socialcrm.Sentiment {
	c := v.sia.PolarityScores(text).Compound
	s := socialcrm.Sentiment{Label: socialcrm.Neutral, Score: c, Confidence: 1 - math.Abs(c), Model: "vader"}
	switch {
	case c >= VaderThreshold:
		s.Label, s.Confidence = socialcrm.Positive, c
	case c <= -VaderThreshold:
		s.Label, s.Confidence = socialcrm.Negative, -c
	}
	s.Explain = v.explain(text, c)
	return s
}

// explain lists the lexicon words of text that agree with the sign of c.
func (v *Vader) explain(text string, c float64) []socialcrm.TokenWeight {
	var out []socialcrm.TokenWeight
	for _, w := range strings.Fields(text) {
		val := v.sia.Lexicon[strings.ToLower(strings.Trim(w, ".,!?;:\"'()"))]
		tok, ok := explainWord(w)
		if val == 0 || val*c <= 0 || !ok {
			continue
		}
		out = append(out, socialcrm.TokenWeight{Token: tok, Weight: math.Abs(val)})
		if len(out) == explainTokens {
			break
		}
	}
	return out
}
