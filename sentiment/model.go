package sentiment

import (
	"math"
	"sync"

	"github.com/socialcrm/socialcrm"
)

// Config fixes the shape of a trained model's features.
type Config struct {
	Name    string `json:"name"`
	Lang    string `json:"lang"`
	Bits    int    `json:"bits"` // 2^Bits hash buckets
	CharMin int    `json:"char_min"`
	CharMax int    `json:"char_max"` // 0: no character n-grams
	Lexicon bool   `json:"lexicon"`  // VADER lexicon features (English)
}

// Model is a trained multinomial logistic regression over hashed features.
// It is safe for concurrent use.
type Model struct {
	cfg  Config
	w    []float32 // 3 weights per bucket (negative, neutral, positive) while training
	q    []int16   // the same once quantized, times scale: half the memory to read
	bias [3]float32
	// temp divides the logits before the softmax (temperature scaling,
	// fitted on held-out training data) so that confidences are calibrated.
	temp float32
	// adjust is added to the logits to pick the label (tuned for macro recall).
	adjust [3]float32
	scale  float32 // weight step of the file's int16 weights; 0 until quantized
	feat   *featurizer
	pool   sync.Pool
}

// explainTokens is the number of tokens in an explanation.
const explainTokens = 3

func newModel(cfg Config) *Model {
	m := &Model{cfg: cfg, w: make([]float32, 3<<cfg.Bits), temp: 1}
	m.init()
	return m
}

func (m *Model) init() {
	var lex *lexicon
	if m.cfg.Lexicon {
		lex = vaderLexicon()
	}
	m.feat = &featurizer{tok: newTokenizer(m.cfg.Lang, lex), lex: lex, mask: 1<<m.cfg.Bits - 1,
		charMin: m.cfg.CharMin, charMax: m.cfg.CharMax}
	m.pool.New = func() any { return new(scratch) }
}

// Name is the model's name, as reported in Sentiment.Model.
func (m *Model) Name() string { return m.cfg.Name }

// Lang is the language the model was trained for.
func (m *Model) Lang() string { return m.cfg.Lang }

// logits computes the raw class scores of sc.feats and sc.pre and each
// token's contribution to them.
func (m *Model) logits(sc *scratch) [3]float32 {
	n := len(sc.toks) * 3
	if cap(sc.contr) < n {
		sc.contr = make([]float32, n)
	}
	contr := sc.contr[:n]
	sc.contr = contr
	clear(contr)
	var z [3]float32 // in steps of the quantized weights until the end
	mask, q := m.feat.mask, m.q
	for _, f := range sc.feats {
		i := int(f.h&mask) * 3
		w := q[i : i+3 : i+3]
		a, b, c := f.v*float32(w[0]), f.v*float32(w[1]), f.v*float32(w[2])
		z[0] += a
		z[1] += b
		z[2] += c
		if f.tok >= 0 {
			t := contr[f.tok*3 : f.tok*3+3 : f.tok*3+3]
			t[0] += a
			t[1] += b
			t[2] += c
		}
	}
	s := m.scale
	for i := range contr {
		contr[i] *= s
	}
	z = [3]float32{m.bias[0] + s*z[0], m.bias[1] + s*z[1], m.bias[2] + s*z[2]}
	for _, p := range sc.pre {
		t := contr[p.tok*3 : p.tok*3+3 : p.tok*3+3]
		for k := range 3 {
			z[k] += p.c[k]
			t[k] += p.c[k]
		}
	}
	return z
}

// weights are the three class weights of feature hash h.
func (m *Model) weights(h uint32) [3]float32 {
	i := (h & m.feat.mask) * 3
	q := m.q[i : i+3 : i+3]
	return [3]float32{float32(q[0]) * m.scale, float32(q[1]) * m.scale, float32(q[2]) * m.scale}
}

// softmax returns the class probabilities of logits z at temperature t.
func softmax(z [3]float32, t float32) [3]float64 {
	mx := max(z[0], z[1], z[2])
	var p [3]float64
	var sum float64
	for i := range p {
		p[i] = math.Exp(float64((z[i] - mx) / t))
		sum += p[i]
	}
	for i := range p {
		p[i] /= sum
	}
	return p
}

// Score scores text. lang is ignored: a Model knows one language (see Router).
func (m *Model) Score(text, lang string) socialcrm.Sentiment {
	sc := m.pool.Get().(*scratch)
	defer m.pool.Put(sc)
	m.feat.extract(sc, text, m)
	z := m.logits(sc)
	return m.decide(sc, z)
}

// scoreWith scores text and lets shift change the logits (and the tokens'
// contributions in sc.contr) before the label is chosen.
func (m *Model) scoreWith(text string, shift func(sc *scratch, z *[3]float32)) socialcrm.Sentiment {
	sc := m.pool.Get().(*scratch)
	defer m.pool.Put(sc)
	m.feat.extract(sc, text, m)
	z := m.logits(sc)
	shift(sc, &z)
	return m.decide(sc, z)
}

// decide turns logits into a Sentiment.
func (m *Model) decide(sc *scratch, z [3]float32) socialcrm.Sentiment {
	p := softmax(z, m.temp)
	label := 0
	for c := 1; c < 3; c++ {
		if z[c]+m.adjust[c] > z[label]+m.adjust[label] {
			label = c
		}
	}
	return socialcrm.Sentiment{
		Label:      socialcrm.Labels[label],
		Score:      p[2] - p[0],
		Confidence: p[label],
		Model:      m.cfg.Name,
		Explain:    m.explain(sc, label),
	}
}

// explain lists the tokens that pushed most towards label: the token's
// contribution to label minus its mean contribution over the classes.
func (m *Model) explain(sc *scratch, label int) []socialcrm.TokenWeight {
	var top [explainTokens]socialcrm.TokenWeight
	n := 0
	consider := func(tw socialcrm.TokenWeight) { // tw ranks: positive, above the weakest of a full top
		for i := 0; i < n; i++ {
			if top[i].Token == tw.Token {
				if tw.Weight <= top[i].Weight {
					return
				}
				copy(top[i:], top[i+1:n]) // drop the weaker copy, insert below
				n--
				break
			}
		}
		if n < explainTokens {
			n++
		}
		i := n - 1
		for ; i > 0 && top[i-1].Weight < tw.Weight; i-- {
			top[i] = top[i-1]
		}
		top[i] = tw
	}
	for i := range sc.toks {
		c := sc.contr[i*3 : i*3+3]
		w := round3(float64(c[label] - (c[0]+c[1]+c[2])/3))
		if w <= 0 || n == explainTokens && w <= top[n-1].Weight || !explains(sc.toks[i]) {
			continue // checked before the token's text is looked at: most tokens stop here
		}
		consider(socialcrm.TokenWeight{Token: shown(sc.toks[i].orig), Weight: w})
	}
	if n == 0 {
		return nil
	}
	return append([]socialcrm.TokenWeight(nil), top[:n]...)
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }
