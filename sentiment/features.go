package sentiment

import (
	"math"
	"strings"
)

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
	buf   strings.Builder
	pad   []byte
	contr []float32 // per-token contributions, 3 per token
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

// extract fills sc.toks and sc.feats for text.
func (f *featurizer) extract(sc *scratch, text string) {
	sc.toks = f.tok.tokenize(sc.toks[:0], text, &sc.buf)
	sc.feats = sc.feats[:0]
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
