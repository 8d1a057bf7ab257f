package sentiment

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Token kinds.
const (
	kindWord = iota
	kindHashtag
	kindURL
	kindUser
	kindEmoji
	kindEmoticon
	kindPunct
	kindNumber
)

// token is one unit of a tweet after normalisation.
type token struct {
	text  string // normalised (lower case, elongations cut to two letters)
	orig  string // as written, for explanations
	kind  uint8
	neg   bool       // inside a negation scope
	caps  bool       // written in capitals (2+ letters)
	elong bool       // a letter repeated 3+ times ("sooo")
	role  uint8      // negator, contrast or idiom word (words only)
	lexv  float64    // the lexicon's valence of text, 0 when none (words and emoticons)
	stop  uint8      // stopUnknown, stopYes or stopNo: whether an explanation leaves the word out
	entry *wordEntry // the word as kept while scoring (words only), or nil
}

// Values of token.stop.
const (
	stopUnknown uint8 = iota // explains looks it up
	stopYes
	stopNo
)

// wordInfo is what the tokenizer knows of a word: its role in negation
// scopes, whether it is a stop word and its lexicon valence, found in one
// lookup.
type wordInfo struct {
	role uint8
	stop bool
	val  float64
}

// tokenizer splits tweets into tokens. It is safe for concurrent use.
type tokenizer struct {
	dict       map[string]wordInfo // roles, stop words and lexicon valences
	splitApos  bool                // split "l'anno" into "l'" and "anno" (Italian)
	emoticons  map[string]bool
	maxEmot    int // length of the longest emoticon in bytes
	scopeWords int // a negation scope ends after this many words at most
}

// Roles of words in negation scopes.
const (
	roleNegator  uint8 = 1 << iota
	roleContrast       // ends a negation scope ("not great, but fine")
	roleIdiom          // after a negator, negates nothing ("can't wait")
)

var englishNegators = []string{"not", "no", "never", "cannot", "nothing", "nobody",
	"none", "nor", "neither", "nowhere", "without", "aint", "dont", "cant", "wont",
	"isnt", "wasnt", "doesnt", "didnt", "couldnt", "shouldnt", "wouldnt", "havent",
	"hasnt", "hadnt", "arent", "werent", "barely", "hardly", "rarely", "seldom", "lack", "nope"}

var englishContrast = []string{"but", "however", "though", "although", "yet", "except", "whereas", "still"}

// englishIdioms follow a negator in phrases that intensify rather than
// negate: "can't wait", "can't believe how good", "not only", "no doubt".
var englishIdioms = []string{"wait", "believe", "stop", "help", "doubt", "only", "just"}

var italianContrast = []string{"ma", "però", "tuttavia", "invece", "eppure", "comunque"}

var italianNegators = []string{"non", "mai", "nessuno", "nessuna", "nessun", "niente",
	"nulla", "né", "senza", "neanche", "nemmeno", "neppure", "mica", "no"}

// emoticonList are the ASCII emoticons kept whole (VADER's lexicon scores many).
var emoticonList = []string{":)", ":-)", ":))", ":)))", ":(", ":-(", ":((", ":D", ":-D",
	";)", ";-)", ";D", ":P", ":-P", ":p", ":-p", ";P", ";p", ":/", ":-/", ":\\", ":'(", ":'-(",
	":')", ":o", ":O", ":-o", ":|", ":-|", ":*", ":-*", "<3", "</3", "xD", "XD", "xd", "D:",
	"=)", "=(", "=D", "(:", "):", "^_^", "^^", "-_-", "-.-", "T_T", ";(", ":]", ":[", "8)",
	"B)", ":3", ":s", ":S", "<33", "<333", ">:(", ">:)", "xP", "XP", ":'D", "o.O", "O.o"}

// newTokenizer returns the tokenizer of lang; lex, when not nil, gives the
// tokens their lexicon valences.
func newTokenizer(lang string, lex *lexicon) *tokenizer {
	t := &tokenizer{dict: map[string]wordInfo{}, emoticons: map[string]bool{}, scopeWords: 6}
	if lex != nil {
		for w, v := range lex.words {
			t.dict[w] = wordInfo{val: v}
		}
	}
	negs, contrast, idioms := englishNegators, englishContrast, englishIdioms
	if lang == "it" {
		negs, contrast, idioms, t.splitApos = italianNegators, italianContrast, nil, true
	}
	for role, words := range map[uint8][]string{roleNegator: negs, roleContrast: contrast, roleIdiom: idioms} {
		for _, w := range words {
			wi := t.dict[w]
			wi.role |= role
			t.dict[w] = wi
		}
	}
	for w := range stopWords {
		wi := t.dict[w]
		wi.stop = true
		t.dict[w] = wi
	}
	for _, e := range emoticonList {
		t.emoticons[e] = true
		t.maxEmot = max(t.maxEmot, len(e))
	}
	return t
}

// tokenize appends the tokens of s to dst.
func (t *tokenizer) tokenize(dst []token, s string, st *tokState) []token {
	start := len(dst)
	for s != "" {
		var chunk string
		i := indexSpace(s)
		if i < 0 {
			chunk, s = s, ""
		} else {
			chunk = s[:i]
			_, w := utf8.DecodeRuneInString(s[i:])
			s = s[i+w:]
		}
		if chunk == "" {
			continue
		}
		dst = t.chunk(dst, chunk, st)
	}
	t.markNegation(dst[start:])
	return dst
}

// indexSpace is strings.IndexFunc(s, unicode.IsSpace), quicker on ASCII.
func indexSpace(s string) int {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f':
			return i
		case c >= utf8.RuneSelf:
			if j := strings.IndexFunc(s[i:], unicode.IsSpace); j >= 0 {
				return i + j
			}
			return -1
		}
	}
	return -1
}

func isURL(c string) bool {
	return strings.HasPrefix(c, "http://") || strings.HasPrefix(c, "https://") || strings.HasPrefix(c, "www.")
}

// chunk tokenizes one whitespace-free piece of text.
func (t *tokenizer) chunk(dst []token, c string, st *tokState) []token {
	switch {
	case isURL(c):
		return append(dst, token{text: "<url>", orig: c, kind: kindURL})
	case len(c) > 1 && (c[0] == '@' || strings.HasPrefix(c, ".@")):
		return append(dst, token{text: "<user>", orig: c, kind: kindUser})
	case len(c) <= t.maxEmot && t.emoticons[c]:
		return append(dst, token{text: c, orig: c, kind: kindEmoticon, lexv: t.dict[c].val})
	}
	for c != "" {
		r, w := utf8.DecodeRuneInString(c)
		switch {
		case isWordRune(r):
			n := wordLen(c, t.splitApos)
			dst = t.word(dst, c[:n], kindWord, st)
			c = c[n:]
		case r == '#' && len(c) > 1 && isWordRune(firstRune(c[1:])):
			n := 1 + wordLen(c[1:], false)
			dst = t.hashtag(dst, c[:n], st)
			c = c[n:]
		case isEmoji(r):
			dst = append(dst, token{text: c[:w], orig: c[:w], kind: kindEmoji})
			c = c[w:]
		case r == '!' || r == '?':
			n := 1
			for n < len(c) && (c[n] == '!' || c[n] == '?') {
				n++
			}
			txt := c[:1]
			if n > 1 {
				txt = c[:1] + c[:1]
			}
			dst = append(dst, token{text: txt, orig: c[:n], kind: kindPunct})
			c = c[n:]
		case r == '.' || r == ',' || r == ';' || r == ':' || r == '(' || r == ')' || r == '"':
			dst = append(dst, token{text: c[:1], orig: c[:1], kind: kindPunct})
			c = c[w:]
		default:
			c = c[w:]
		}
	}
	return dst
}

func firstRune(s string) rune { r, _ := utf8.DecodeRuneInString(s); return r }

func lastRune(s string) rune { r, _ := utf8.DecodeLastRuneInString(s); return r }

func edgeApos(s string) bool { return isApos(firstRune(s)) || isApos(lastRune(s)) }

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiWordByte[r]
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// asciiWordByte tells the ASCII letters and digits.
var asciiWordByte = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
	}
	return t
}()

func isApos(r rune) bool { return r == '\'' || r == '’' }

// wordLen is the byte length of the word at the start of s: letters, digits
// and inner apostrophes (an elision apostrophe ends the word when splitApos).
func wordLen(s string, splitApos bool) int {
	n := 0
	for n < len(s) {
		if c := s[n]; c < utf8.RuneSelf && asciiWordByte[c] {
			n++
			continue
		}
		r, w := utf8.DecodeRuneInString(s[n:])
		if isWordRune(r) {
			n += w
			continue
		}
		if isApos(r) && n > 0 && n+w < len(s) && isWordRune(firstRune(s[n+w:])) {
			if splitApos {
				return n + w
			}
			n += w
			continue
		}
		break
	}
	return n
}

// isEmoji reports whether r is a pictograph or symbol used as an emoji.
func isEmoji(r rune) bool {
	return (r >= 0x1F300 && r <= 0x1FAFF) || (r >= 0x2600 && r <= 0x27BF) || (r >= 0x1F000 && r <= 0x1F2FF) ||
		r == 0x2764 || r == 0x263A || r == 0x2639
}

// word appends a normalised word token: lower case, ’ as ', a letter
// repeated three times or more cut to two.
func (t *tokenizer) word(dst []token, w string, kind uint8, st *tokState) []token {
	if plainWord(w) {
		return append(dst, t.known(token{text: w, orig: w, kind: kind}, false, true, st))
	}
	tok := token{orig: w, kind: kind}
	st.buf = st.buf[:0]
	letters, upper, run := 0, 0, 0
	var prev rune
	digits, curly := true, false
	for i := 0; i < len(w); {
		r, size := rune(w[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(w[i:])
		}
		i += size
		switch {
		case r < utf8.RuneSelf && asciiWordByte[r] && r > '9': // an ASCII letter, quicker
			letters++
			digits = false
			if r <= 'Z' {
				upper++
				r += 'a' - 'A'
			}
		case r < utf8.RuneSelf:
			digits = digits && (r <= '9' && r >= '0' || r == '\'')
		case unicode.IsLetter(r):
			letters++
			digits = false
			if unicode.IsUpper(r) {
				upper++
			}
			r = unicode.ToLower(r)
		case r == '’':
			r, curly = '\'', true
		default:
			digits = digits && unicode.IsDigit(r)
			r = unicode.ToLower(r)
		}
		if r == prev {
			run++
		} else {
			run = 1
		}
		prev = r
		if run >= 3 {
			tok.elong = true
			continue
		}
		st.buf = utf8.AppendRune(st.buf, r)
	}
	if digits {
		tok.text, tok.kind = "<num>", kindNumber
		return append(dst, tok)
	}
	tok.caps = letters >= 2 && upper == letters
	if upper == 0 && !tok.elong && !curly {
		tok.text = w // already normal: share the input's memory
		return append(dst, t.known(tok, false, true, st))
	}
	return append(dst, t.known(tok, true, !tok.elong && !curly, st))
}

// tokState is what tokenizing keeps from one text to the next: a buffer
// and, when scoring, the words met so far, each with what the dictionary
// holds of it (so that a word costs one lookup) and room for what a model
// makes of it.
type tokState struct {
	buf   []byte // a word being normalised
	cache bool   // keep words
	words map[string]*wordEntry
}

// wordEntry is a word met while scoring.
type wordEntry struct {
	text     string
	info     wordInfo
	edgeApos bool // text starts or ends with an apostrophe
	wordContr
}

// maxKeptWords bounds the words a tokState keeps (a few MB).
const maxKeptWords = 1 << 15

// entry returns the kept entry of word w, or of the word in st.buf when
// fromBuf, adding it when new.
func (t *tokenizer) entry(w string, fromBuf bool, st *tokState) *wordEntry {
	var e *wordEntry
	if fromBuf {
		e = st.words[string(st.buf)] // looked up without a copy
	} else {
		e = st.words[w]
	}
	if e != nil {
		return e
	}
	if fromBuf {
		w = string(st.buf)
	} else {
		w = strings.Clone(w) // not the text's memory: a kept word would keep the whole text
	}
	if st.words == nil || len(st.words) >= maxKeptWords {
		st.words = make(map[string]*wordEntry, 1024)
	}
	e = &wordEntry{text: w, info: t.dict[w], edgeApos: edgeApos(w)}
	st.words[w] = e
	return e
}

// known fills in a word token's text, from st.buf when fromBuf, and what
// the dictionary holds of it. lowered tells that the text is the word as
// written in lower case (no letters cut, no ’ replaced): then the lookup
// also tells whether explanations leave the word out.
func (t *tokenizer) known(tok token, fromBuf, lowered bool, st *tokState) token {
	var wi wordInfo
	var edge bool
	if st.cache {
		e := t.entry(tok.text, fromBuf, st)
		tok.text, tok.entry, wi, edge = e.text, e, e.info, e.edgeApos
	} else {
		if fromBuf {
			tok.text = string(st.buf)
		}
		wi, edge = t.dict[tok.text], edgeApos(tok.text)
	}
	tok.role, tok.lexv = wi.role, wi.val
	if lowered && !edge { // explains trims apostrophes at the edges before its lookup
		tok.stop = stopNo
		if wi.stop {
			tok.stop = stopYes
		}
	}
	return tok
}

// plainWord reports whether w is already normal: lower-case ASCII letters
// (and apostrophes) with no letter three times in a row, and not all digits.
func plainWord(w string) bool {
	letters := false
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch {
		case c >= 'a' && c <= 'z':
			letters = true
		case c >= '0' && c <= '9' || c == '\'':
		default:
			return false
		}
		if i >= 2 && c == w[i-1] && c == w[i-2] {
			return false
		}
	}
	return letters
}

// hashtag appends the hashtag itself and the words it is made of
// ("#BadBlood" gives "#badblood", "bad", "blood").
func (t *tokenizer) hashtag(dst []token, h string, st *tokState) []token {
	dst = append(dst, token{text: strings.ToLower(h), orig: h, kind: kindHashtag})
	body := h[1:]
	start := 0
	var prev rune
	for i, r := range body {
		if i > 0 && (unicode.IsUpper(r) && unicode.IsLower(prev) || unicode.IsDigit(r) != unicode.IsDigit(prev)) {
			dst = t.word(dst, body[start:i], kindWord, st)
			start = i
		}
		prev = r
	}
	return t.word(dst, body[start:], kindWord, st)
}

// markNegation flags the words after a negator up to the next punctuation
// mark or contrast word (or scopeWords words). A negator that makes an
// idiom with the next word ("can't wait") opens no scope.
func (t *tokenizer) markNegation(toks []token) {
	left := 0
	for i := range toks {
		tk := &toks[i]
		if tk.kind == kindPunct || tk.kind == kindEmoticon || tk.kind == kindEmoji {
			left = 0
			continue
		}
		if tk.kind != kindWord {
			continue
		}
		role := tk.role
		if role&roleContrast != 0 {
			left = 0
			continue
		}
		if left > 0 {
			tk.neg = true
			left--
		}
		if role&roleNegator != 0 || strings.HasSuffix(tk.text, "n't") ||
			strings.HasSuffix(tk.text, "nt") && strings.IndexByte(tk.text, '\'') >= 0 &&
				t.dict[strings.ReplaceAll(tk.text, "'", "")].role&roleNegator != 0 {
			left = t.scopeWords
			if i+1 < len(toks) && toks[i+1].role&roleIdiom != 0 {
				left = 0
			}
		}
	}
}
