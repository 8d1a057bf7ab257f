package sentiment

import (
	"math"
	"math/bits"
	"strings"
)

// Override is a brand's own reading of a term: whenever the term occurs,
// Weight is added to Label's logit ("delay" is negative for an airline,
// "sick" positive for a skate brand). Under a negation the weight is
// subtracted instead.
type Override struct {
	Term   string  `json:"term"`
	Label  string  `json:"label"`
	Weight float64 `json:"weight,omitempty"` // 0 means DefaultOverrideWeight
}

// DefaultOverrideWeight is an override's weight when none is given: about
// the weight of a strong sentiment word.
const DefaultOverrideWeight = 2.5

// correction is a hand-corrected text, as persisted.
type correction struct {
	Text  string `json:"text"`
	Lang  string `json:"lang,omitempty"`
	Label int    `json:"label"`
}

// adapter is what a brand's corrections taught: per-term shifts of the
// logits. It learns no shift of the labels themselves and leaves out the
// terms of most of the brand's mentions (its name), which would act as one:
// the base model's class prior is kept, so that the brand's majority label
// does not swallow its rarer ones. It is immutable once built.
type adapter struct {
	terms     map[string][3]float32
	overrides map[string][3]float32 // term → logit shift
}

// Adapter training settings: a few passes of class-balanced SGD with a
// strong L2 penalty on the terms, so that one correction moves little and
// many agreeing ones move much. Terms in more than adaptMaxShare of the
// corrections, with more than one label, are brand-wide and not learned.
const (
	adaptEpochs   = 8
	adaptRate     = 0.1
	adaptL2Term   = 2.0
	adaptMaxShare = 0.3
	// MaxCorrections is the number of most recent corrections a brand keeps.
	MaxCorrections = 2000
)

// termKey is the adapter key of a token: its text, "~" first when negated;
// "" for tokens that carry no brand meaning (links, handles, numbers, punctuation).
func termKey(t *token) string {
	switch t.kind {
	case kindWord, kindHashtag, kindEmoji, kindEmoticon:
	default:
		return ""
	}
	if len(t.text) < 2 && t.kind == kindWord {
		return ""
	}
	if t.neg {
		return "~" + t.text
	}
	return t.text
}

// apply shifts the logits z of the tokens in sc and credits each term's
// shift to its token, for the explanation.
func (a *adapter) apply(sc *scratch, z *[3]float32) {
	for i := range sc.toks {
		t := &sc.toks[i]
		d, ok := a.overrides[t.text]
		if ok && t.neg {
			d = [3]float32{-d[0], -d[1], -d[2]}
		}
		if k := termKey(t); k != "" && a.terms != nil {
			if w, ok2 := a.terms[k]; ok2 {
				d[0], d[1], d[2], ok = d[0]+w[0], d[1]+w[1], d[2]+w[2], true
			}
		}
		if !ok {
			continue
		}
		c := sc.contr[i*3 : i*3+3]
		for k := range 3 {
			z[k] += d[k]
			c[k] += d[k]
		}
	}
}

// overrideShifts turns overrides into logit shifts by term.
func overrideShifts(ovs []Override) map[string][3]float32 {
	out := make(map[string][3]float32, len(ovs))
	for _, o := range ovs {
		w := o.Weight
		if w == 0 {
			w = DefaultOverrideWeight
		}
		d := out[strings.ToLower(o.Term)]
		d[LabelIndex(o.Label)] += float32(w)
		out[strings.ToLower(o.Term)] = d
	}
	return out
}

// adaptSample is a correction ready for training: the logits of the base
// model with the overrides, and the term keys of its tokens.
type adaptSample struct {
	z     [3]float32
	temp  float32
	terms []string
	label int
}

// trainAdapter fits the term shifts on the samples, in order.
func trainAdapter(samples []adaptSample, overrides map[string][3]float32) *adapter {
	a := &adapter{terms: map[string][3]float32{}, overrides: overrides}
	// A term in many corrections of different labels is brand-wide (the
	// brand's name): learning it would shift the brand's labels as a whole.
	df, labels := map[string]int{}, map[string]uint8{}
	for _, s := range samples {
		for _, k := range s.terms {
			df[k]++
			labels[k] |= 1 << s.label
		}
	}
	wide := func(k string) bool {
		return len(samples) >= 20 && float64(df[k]) > adaptMaxShare*float64(len(samples)) && bits.OnesCount8(labels[k]) > 1
	}
	// Balance the classes, as the base model was: otherwise a brand's
	// majority class would swallow its rarer (often negative) mentions.
	var counts [3]float32
	for _, s := range samples {
		counts[s.label]++
	}
	var cw [3]float32
	for c := range cw {
		cw[c] = (float32(len(samples)) + 3) / (3 * (counts[c] + 1))
	}
	for ep := 0; ep < adaptEpochs; ep++ {
		for _, s := range samples {
			z := s.z
			for _, k := range s.terms {
				w := a.terms[k]
				for c := range z {
					z[c] += w[c]
				}
			}
			p := softmax(z, s.temp)
			var g [3]float32
			for c := range g {
				g[c] = float32(p[c]) / s.temp
				if c == s.label {
					g[c] -= 1 / s.temp
				}
				g[c] *= cw[s.label]
			}
			for _, k := range s.terms {
				if wide(k) {
					continue
				}
				w := a.terms[k]
				for c := range w {
					w[c] -= adaptRate * (g[c] + adaptL2Term*w[c])
				}
				a.terms[k] = w
			}
		}
	}
	for k, w := range a.terms { // drop what rounds to nothing
		if math.Abs(float64(w[0]))+math.Abs(float64(w[1]))+math.Abs(float64(w[2])) < 1e-3 {
			delete(a.terms, k)
		}
	}
	return a
}
