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
	neg   bool // inside a negation scope
	caps  bool // written in capitals (2+ letters)
	elong bool // a letter repeated 3+ times ("sooo")
}

// tokenizer splits tweets into tokens. It is safe for concurrent use.
type tokenizer struct {
	roles      map[string]uint8 // negator, contrast and idiom words
	splitApos  bool             // split "l'anno" into "l'" and "anno" (Italian)
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

func newTokenizer(lang string) *tokenizer {
	t := &tokenizer{roles: map[string]uint8{}, emoticons: map[string]bool{}, scopeWords: 6}
	negs, contrast, idioms := englishNegators, englishContrast, englishIdioms
	if lang == "it" {
		negs, contrast, idioms, t.splitApos = italianNegators, italianContrast, nil, true
	}
	for role, words := range map[uint8][]string{roleNegator: negs, roleContrast: contrast, roleIdiom: idioms} {
		for _, w := range words {
			t.roles[w] |= role
		}
	}
	for _, e := range emoticonList {
		t.emoticons[e] = true
		t.maxEmot = max(t.maxEmot, len(e))
	}
	return t
}

// tokenize appends the tokens of s to dst.
func (t *tokenizer) tokenize(dst []token, s string, buf *strings.Builder) []token {
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
		dst = t.chunk(dst, chunk, buf)
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
func (t *tokenizer) chunk(dst []token, c string, buf *strings.Builder) []token {
	switch {
	case isURL(c):
		return append(dst, token{text: "<url>", orig: c, kind: kindURL})
	case len(c) > 1 && (c[0] == '@' || strings.HasPrefix(c, ".@")):
		return append(dst, token{text: "<user>", orig: c, kind: kindUser})
	case len(c) <= t.maxEmot && t.emoticons[c]:
		return append(dst, token{text: c, orig: c, kind: kindEmoticon})
	}
	for c != "" {
		r, w := utf8.DecodeRuneInString(c)
		switch {
		case isWordRune(r):
			n := wordLen(c, t.splitApos)
			dst = t.word(dst, c[:n], kindWord, buf)
			c = c[n:]
		case r == '#' && len(c) > 1 && isWordRune(firstRune(c[1:])):
			n := 1 + wordLen(c[1:], false)
			dst = t.hashtag(dst, c[:n], buf)
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

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

func isApos(r rune) bool { return r == '\'' || r == '’' }

// wordLen is the byte length of the word at the start of s: letters, digits
// and inner apostrophes (an elision apostrophe ends the word when splitApos).
func wordLen(s string, splitApos bool) int {
	n := 0
	for n < len(s) {
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

// word appends a normalised word token.
func (t *tokenizer) word(dst []token, w string, kind uint8, buf *strings.Builder) []token {
	if plainWord(w) {
		return append(dst, token{text: w, orig: w, kind: kind})
	}
	tok := token{orig: w, kind: kind}
	buf.Reset()
	letters, upper, run := 0, 0, 0
	var prev rune
	digits := true
	for _, r := range w {
		if unicode.IsLetter(r) {
			letters++
			digits = false
			if unicode.IsUpper(r) {
				upper++
			}
		} else if !unicode.IsDigit(r) && !isApos(r) {
			digits = false
		}
		if r == '’' {
			r = '\''
		}
		r = unicode.ToLower(r)
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
		buf.WriteRune(r)
	}
	if digits {
		tok.text, tok.kind = "<num>", kindNumber
		return append(dst, tok)
	}
	tok.caps = letters >= 2 && upper == letters
	if upper == 0 && !tok.elong && !strings.ContainsRune(w, '’') {
		tok.text = w // already normal: share the input's memory
	} else {
		tok.text = buf.String()
	}
	return append(dst, tok)
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
func (t *tokenizer) hashtag(dst []token, h string, buf *strings.Builder) []token {
	dst = append(dst, token{text: strings.ToLower(h), orig: h, kind: kindHashtag})
	body := h[1:]
	start := 0
	var prev rune
	for i, r := range body {
		if i > 0 && (unicode.IsUpper(r) && unicode.IsLower(prev) || unicode.IsDigit(r) != unicode.IsDigit(prev)) {
			dst = t.word(dst, body[start:i], kindWord, buf)
			start = i
		}
		prev = r
	}
	return t.word(dst, body[start:], kindWord, buf)
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
		role := t.roles[tk.text]
		if role&roleContrast != 0 {
			left = 0
			continue
		}
		if left > 0 {
			tk.neg = true
			left--
		}
		if role&roleNegator != 0 || strings.HasSuffix(tk.text, "n't") ||
			strings.HasSuffix(tk.text, "nt") && t.roles[strings.ReplaceAll(tk.text, "'", "")]&roleNegator != 0 {
			left = t.scopeWords
			if i+1 < len(toks) && t.roles[toks[i+1].text]&roleIdiom != 0 {
				left = 0
			}
		}
	}
}
