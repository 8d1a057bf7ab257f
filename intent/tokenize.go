package intent

import (
	"unicode"
	"unicode/utf8"
)

// maxTokens bounds the words looked at per text; social posts are short and
// the intent shows early.
const maxTokens = 160

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// tokens is the scanned form of one text: a hash per word, lower-cased,
// with @handles and links left out, plus the counts of ? and !.
type tokens struct {
	hash  [maxTokens]uint64
	n     int
	quest int // number of '?'
}

// scan splits text into words. Letters and digits make words; apostrophes
// inside a word are dropped ("don't" is "dont"); '#' is dropped so a hashtag
// is its word; emoji and other symbols are one-rune words; everything else
// separates. It does not allocate.
func (t *tokens) scan(text string) {
	t.n, t.quest = 0, 0
	h, inWord := uint64(fnvOffset), false
	flush := func() {
		if inWord && t.n < maxTokens {
			t.hash[t.n] = h
			t.n++
		}
		h, inWord = fnvOffset, false
	}
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			if !inWord && (c|0x20 == 'h' || c|0x20 == 'w') && isLink(text[i:]) {
				i = skipSpace(text, i)
				continue
			}
			switch {
			case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
				h, inWord = (h^uint64(c))*fnvPrime, true
			case c >= 'A' && c <= 'Z':
				h, inWord = (h^uint64(c+'a'-'A'))*fnvPrime, true
			case c == '\'' && inWord:
			case c == '@' && !inWord:
				i = skipHandle(text, i+1)
				continue
			default:
				if c == '?' {
					t.quest++
				}
				flush()
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		i += size
		switch {
		case r == '\u2019' || r == '\u2018' || r == '\u02bc':
			// typographic apostrophes: dropped like '
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			h, inWord = hashRune(h, unicode.ToLower(r)), true
		case r == '\ufe0f' || r == '\u200d' || unicode.Is(unicode.Sk, r):
			// emoji variation selector, joiner, skin-tone modifiers
		case unicode.IsSymbol(r):
			flush()
			h, inWord = hashRune(h, r), true
			flush()
		default:
			if r == '？' {
				t.quest++
			}
			flush()
		}
	}
	flush()
}

func hashRune(h uint64, r rune) uint64 {
	var buf [utf8.UTFMax]byte
	n := utf8.EncodeRune(buf[:], r)
	for _, b := range buf[:n] {
		h = (h ^ uint64(b)) * fnvPrime
	}
	return h
}

// skipHandle returns the index after an @handle (which may itself hold an
// @domain part) starting at i.
func skipHandle(s string, i int) int {
	for i < len(s) {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '@' ||
			c == '.' && i+1 < len(s) && s[i+1] != ' ' {
			i++
			continue
		}
		break
	}
	return i
}

func isLink(s string) bool {
	return hasPrefixFold(s, "http://") || hasPrefixFold(s, "https://") || hasPrefixFold(s, "www.")
}

func hasPrefixFold(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != prefix[i] {
			return false
		}
	}
	return true
}

func skipSpace(s string, i int) int {
	for i < len(s) && s[i] != ' ' && s[i] != '\n' && s[i] != '\t' {
		i++
	}
	return i
}

// ngramKey folds the hashes of consecutive words into one phrase key.
func ngramKey(prev uint64, next uint64) uint64 {
	return (prev^0x9e3779b97f4a7c15)*fnvPrime ^ next
}
