package sentiment

import "math"

// feature is one hashed feature of a text with its value and the index of
// the token it comes from (-1 for features of the whole text).
type feature struct {
	h   uint32
	v   float32
	tok int32
}

// scratch holds the buffers one Score call needs, reused through a pool.
type scratch struct {
	toks  []token
	feats []feature
	ts    tokState
	pad   []byte
	contr []float32 // per-token contributions, 3 per token
	// pre holds the contributions of the words whose own features are
	// summed in their entries, and left out of feats.
	pre []tokenContr
}

// tokenContr is what the features of one token add to the logits.
type tokenContr struct {
	tok int32
	c   [3]float32
}

// wordContr is what a word's own features (the word and its character
// n-grams) add to the logits of a model, outside and inside a negation
// scope, with the word's hash, which the bigram after it needs. A word
// scores the same in every text, so its entry keeps them once worked out.
type wordContr struct {
	hw   [2]uint32
	c    [2][3]float32
	have [2]bool
}

// featurizer turns a text into hashed features.
type featurizer struct {
	tok              *tokenizer
	lex              *lexicon // nil when the language has no lexicon
	mask             uint32   // buckets-1, buckets a power of two
	charMin, charMax int
}

const (
	fnvOffset = 2166136261
	fnvPrime  = 16777619
)

func hashString(seed uint32, s string) uint32 {
	h := seed
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= fnvPrime
	}
	return h
}

// fmix finalises a hash so that nearby values spread over the buckets.
func fmix(h uint32) uint32 {
	h ^= h >> 16
	h *= 0x85ebca6b
	h ^= h >> 13
	h *= 0xc2b2ae35
	h ^= h >> 16
	return h
}

// Feature namespaces.
const (
	nsWord    uint32 = fnvOffset
	nsNegWord uint32 = 0x9e3779b1
	nsBigram  uint32 = 0x7f4a7c15
	nsChar    uint32 = 0x3c6ef372
	nsNegChar uint32 = 0xdaa66d2b
	nsDense   uint32 = 0x78dde6e4
)

// dense feature names, hashed once.
var (
	hLexPos     = hashString(nsDense, "lexpos")
	hLexNeg     = hashString(nsDense, "lexneg")
	hCompound   = hashString(nsDense, "compound")
	hLast       = hashString(nsDense, "lastval")
	hCountPos   = hashString(nsDense, "npos")
	hCountNeg   = hashString(nsDense, "nneg")
	hCaps       = hashString(nsDense, "caps")
	hElong      = hashString(nsDense, "elong")
	hExcl       = hashString(nsDense, "excl")
	hQuest      = hashString(nsDense, "quest")
	hEmojiPos   = hashString(nsDense, "emojipos")
	hEmojiNeg   = hashString(nsDense, "emojineg")
	hNoLex      = hashString(nsDense, "nolex")
	hCompoundBn = hashString(nsDense, "cbin")
	hLexWord    = hashString(nsDense, "lexw")
)

// extract fills sc.toks and sc.feats for text. With a model, the words'
// own features are summed once per word through its weights and come as
// sc.pre (scoring); without, every feature is in sc.feats (training).
func (f *featurizer) extract(sc *scratch, text string, m *Model) {
	sc.ts.cache = m != nil
	sc.toks = f.tok.tokenize(sc.toks[:0], text, &sc.ts)
	sc.feats = sc.feats[:0]
	sc.pre = sc.pre[:0]
	var prev uint32 = nsBigram
	var caps, elong, excl, quest int
	for i := range sc.toks {
		t := &sc.toks[i]
		ti := int32(i)
		if t.kind == kindPunct {
			switch t.text[0] {
			case '!':
				excl++
			case '?':
				quest++
			}
		}
		if t.caps {
			caps++
		}
		if t.elong {
			elong++
		}
		ns := nsWord
		if t.neg {
			ns = nsNegWord
		}
		if t.entry != nil && t.kind == kindWord {
			hw, c := m.wordContr(sc, t, ns)
			sc.pre = append(sc.pre, tokenContr{tok: ti, c: c})
			sc.feats = append(sc.feats, feature{h: fmix(prev*fnvPrime ^ hw), v: 1, tok: ti})
			prev = hw
			continue
		}
		// in the order training has always used: it decides the sums
		hw := hashString(ns, t.text)
		sc.feats = append(sc.feats, feature{h: fmix(hw), v: 1, tok: ti})
		sc.feats = append(sc.feats, feature{h: fmix(prev*fnvPrime ^ hw), v: 1, tok: ti})
		prev = hw
		if t.kind == kindWord && f.charMax > 0 {
			f.charGrams(sc, t, ti)
		}
	}
	sc.feats = append(sc.feats, feature{h: fmix(prev*fnvPrime ^ nsBigram), v: 1, tok: -1})
	f.dense(sc, caps, elong, excl, quest)
}

// wordContr returns the hash of word t and what its own features add to
// the logits, from its entry or worked out and kept there.
func (m *Model) wordContr(sc *scratch, t *token, ns uint32) (uint32, [3]float32) {
	neg := 0
	if t.neg {
		neg = 1
	}
	e := &t.entry.wordContr
	if e.have[neg] {
		return e.hw[neg], e.c[neg]
	}
	from := len(sc.feats)
	hw := hashString(ns, t.text)
	sc.feats = append(sc.feats, feature{h: fmix(hw), v: 1, tok: -1})
	if m.feat.charMax > 0 {
		m.feat.charGrams(sc, t, -1)
	}
	var c [3]float32
	for _, f := range sc.feats[from:] {
		w := m.weights(f.h)
		c[0] += f.v * w[0]
		c[1] += f.v * w[1]
		c[2] += f.v * w[2]
	}
	sc.feats = sc.feats[:from]
	e.hw[neg], e.c[neg], e.have[neg] = hw, c, true
	return hw, c
}

// charGrams adds the character n-grams of a word padded with < and >. The
// n-grams starting at one byte are hashed in one pass, each longer one
// continuing the hash of the shorter.
func (f *featurizer) charGrams(sc *scratch, t *token, ti int32) {
	sc.pad = append(append(append(sc.pad[:0], '<'), t.text...), '>')
	ns := nsChar
	if t.neg {
		ns = nsNegChar
	}
	for i := range sc.pad {
		h := ns
		for n := 1; n <= f.charMax && i+n <= len(sc.pad); n++ {
			h ^= uint32(sc.pad[i+n-1])
			h *= fnvPrime
			if n >= f.charMin {
				sc.feats = append(sc.feats, feature{h: fmix(h), v: 0.5, tok: ti})
			}
		}
	}
}

// dense adds the lexicon and style features of the whole text.
func (f *featurizer) dense(sc *scratch, caps, elong, excl, quest int) {
	add := func(h uint32, v float64) {
		if v != 0 {
			sc.feats = append(sc.feats, feature{h: fmix(h), v: float32(v), tok: -1})
		}
	}
	add(hCaps, math.Min(float64(caps), 3)/3)
	add(hElong, math.Min(float64(elong), 2)/2)
	add(hExcl, math.Min(float64(excl), 3)/3)
	add(hQuest, math.Min(float64(quest), 3)/3)
	if f.lex == nil {
		return
	}
	var pos, neg, last, epos, eneg float64
	var npos, nneg int
	for i := range sc.toks {
		t := &sc.toks[i]
		v := f.lex.valence(t)
		if v == 0 {
			continue
		}
		last = v
		if v > 0 {
			pos += v
			npos++
		} else {
			neg -= v
			nneg++
		}
		if t.kind == kindEmoji || t.kind == kindEmoticon {
			if v > 0 {
				epos += v
			} else {
				eneg -= v
			}
		}
		// the lexicon's word: a feature shared by every word of that polarity strength
		sc.feats = append(sc.feats, feature{h: fmix(hLexWord), v: float32(v / 4), tok: int32(i)})
	}
	c := compound(pos - neg)
	add(hLexPos, pos/4)
	add(hLexNeg, neg/4)
	add(hCompound, c)
	add(hLast, last/4)
	add(hCountPos, math.Min(float64(npos), 4)/4)
	add(hCountNeg, math.Min(float64(nneg), 4)/4)
	add(hEmojiPos, math.Min(epos, 6)/6)
	add(hEmojiNeg, math.Min(eneg, 6)/6)
	if npos+nneg == 0 {
		add(hNoLex, 1)
	}
	add(hCompoundBn+uint32(math.Round((c+1)*4)), 1)
}
