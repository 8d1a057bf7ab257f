package entity

import (
	"strings"
	"unicode"

	"github.com/jdkato/prose/v2"
)

// maxProductWords bounds how far a product name extends around its anchor.
const maxProductWords = 3

// orgSuffixes after a brand name continue the company, not a product.
var orgSuffixes = map[string]bool{"airlines": true, "airways": true, "air": true, "inc": true, "corp": true,
	"support": true, "care": true, "store": true, "bank": true, "group": true, "co": true, "mobile": true,
	"news": true, "customer": true, "help": true}

// productSpans finds product names prose has no label for:
//   - a known organisation followed by capitalised words or numbers
//     ("Apple Watch", "Tesla Model 3");
//   - a model code, a word mixing letters and digits or a lower-case start
//     with capitals ("Galaxy S24 Ultra", "PS5", "iPhone 16"), with the
//     capitalised words and numbers around it.
func productSpans(toks []prose.Token, known []span) []span {
	var out []span
	for _, k := range known {
		if k.typ != TypeOrg {
			continue
		}
		if k.end == len(toks) || isNumber(toks[k.end].Text) || orgSuffixes[strings.ToLower(toks[k.end].Text)] {
			continue
		}
		if end := extendRight(toks, k.end); end > k.end {
			out = append(out, span{k.start, end, TypeProduct})
		}
	}
	for i := 0; i < len(toks); i++ {
		if !isModelCode(toks[i].Text) || i > 0 && strings.EqualFold(toks[i-1].Text, "flight") {
			continue
		}
		s := span{extendLeft(toks, i), extendRight(toks, i+1), TypeProduct}
		if !overlaps(s, known) && !overlaps(s, out) {
			out = append(out, s)
		}
		i = s.end - 1
	}
	return out
}

func extendRight(toks []prose.Token, from int) int {
	end := from
	for end < len(toks) && end-from < maxProductWords && isNamePart(toks[end].Text) {
		end++
	}
	return end
}

func extendLeft(toks []prose.Token, from int) int {
	start := from
	for start > 0 && from-start < maxProductWords-1 && isCapitalised(toks[start-1].Text) &&
		isProperNoun(toks[start-1].Tag) {
		start--
	}
	return start
}

// isNamePart reports whether w can continue a product name: a capitalised
// word, a number or a model code.
func isNamePart(w string) bool {
	return isCapitalised(w) || isNumber(w) || isModelCode(w)
}

func isCapitalised(w string) bool {
	r := []rune(w)
	return len(r) > 1 && unicode.IsUpper(r[0]) && unicode.IsLetter(r[1])
}

func isNumber(w string) bool {
	if w == "" || len(w) > 4 {
		return false
	}
	for _, r := range w {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// isModelCode reports whether w looks like a model name: it starts with a
// letter and mixes letters with digits ("S24", "PS5", "ZV-E10", "A7"), or
// starts lower-case with a capital inside ("iPhone", "eBook"). Units and
// times ("4K", "8pm", "2cm") start with a digit and are left out.
func isModelCode(w string) bool {
	r := []rune(w)
	if len(r) < 2 || len(r) > 12 || !unicode.IsLetter(r[0]) {
		return false
	}
	var digit, upperInside bool
	for _, c := range r[1:] {
		digit = digit || unicode.IsDigit(c)
		upperInside = upperInside || unicode.IsUpper(c)
	}
	if unicode.IsLower(r[0]) {
		return upperInside && !digit
	}
	return digit
}

// cleanForNER drops links and @handles, which are not entities of the text
// and confuse the tagger, and the '#' of hashtags, whose words may be.
func cleanForNER(text string) string {
	var b strings.Builder
	b.Grow(len(text))
	for i, f := range strings.Fields(text) {
		switch {
		case strings.HasPrefix(f, "@"), isLink(f):
			continue
		case strings.HasPrefix(f, "#"):
			f = f[1:]
		}
		if i > 0 && b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(f)
	}
	return b.String()
}

func isLink(s string) bool {
	return hasPrefixFold(s, "http://") || hasPrefixFold(s, "https://") || hasPrefixFold(s, "www.")
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}
