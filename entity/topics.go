package entity

import (
	"unicode"
	"unicode/utf8"
)

// MaxTopics bounds the topics Topics returns for one text.
const MaxTopics = 8

// maxWordBytes bounds a word; longer runs of letters are not words.
const maxWordBytes = 40

// Topics returns the hashtags ("#blackfriday") and key phrases ("battery
// life", "customer service") of text, lower-cased, each once, in order of
// appearance, at most MaxTopics. Key phrases come from runs of neighbouring
// words that are neither stopwords nor numbers, within one clause: a run of
// two or three words is one phrase, a longer run is cut into pairs with a
// trailing odd word joining the last pair; @handles and links are skipped. It is cheap enough for the scoring hot path and returns nil
// when there is nothing.
func Topics(text string) []string {
	var s topicScanner
	s.scan(text)
	return s.out
}

type topicScanner struct {
	out     []string
	cur     [maxWordBytes]byte
	curN    int
	run     [3][maxWordBytes]byte // pending words of the current run
	runLen  [3]int
	runN    int
	tooLong bool
	hashtag bool
}

func (s *topicScanner) scan(text string) {
	for i := 0; i < len(text) && len(s.out) < MaxTopics; {
		c := text[i]
		switch {
		case s.curN == 0 && !s.hashtag && (c == '@' || isLinkStart(text[i:])):
			s.endClause()
			i = skipNonSpace(text, i)
			continue
		case c == '#' && s.curN == 0 && !s.hashtag:
			s.endClause()
			s.hashtag = true
		case c == '\'' && s.curN > 0:
		case c == '-' && s.curN > 0 && i+1 < len(text) && isWordByte(text[i+1]):
			s.add('-')
		case c == '_' && s.hashtag:
			s.add('_')
		case c < utf8.RuneSelf:
			if isWordByte(c) {
				s.add(lowerByte(c))
			} else {
				s.endWord(c == ' ' || c == '\t' || c == '\n' || c == '\r')
			}
		default:
			r, size := utf8.DecodeRuneInString(text[i:])
			if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\u2019' && s.curN > 0 {
				if r != '\u2019' {
					s.addRune(unicode.ToLower(r))
				}
			} else {
				s.endWord(unicode.IsSpace(r))
			}
			i += size
			continue
		}
		i++
	}
	if len(s.out) < MaxTopics {
		s.endWord(false)
	}
}

func (s *topicScanner) add(b byte) {
	if s.curN == maxWordBytes {
		s.tooLong = true
		return
	}
	s.cur[s.curN] = b
	s.curN++
}

func (s *topicScanner) addRune(r rune) {
	var buf [utf8.UTFMax]byte
	for _, b := range buf[:utf8.EncodeRune(buf[:], r)] {
		s.add(b)
	}
}

// endWord finishes the current word; space keeps the clause open, any other
// separator closes it.
func (s *topicScanner) endWord(space bool) {
	word, tag, long := s.cur[:s.curN], s.hashtag, s.tooLong
	s.curN, s.hashtag, s.tooLong = 0, false, false
	switch {
	case long:
		s.endRun()
	case tag:
		s.endRun()
		if hasLetter(word) {
			var buf [maxWordBytes + 1]byte
			buf[0] = '#'
			s.emit(buf[:1+copy(buf[1:], word)])
		}
	case len(word) == 0:
	case len(word) < 2 || !hasLetter(word) || isStopword(word):
		s.endRun()
	default:
		if s.runN == len(s.run) { // a fourth word: the first two are a pair
			s.emitRun(2)
			s.run[0], s.runLen[0] = s.run[2], s.runLen[2]
			s.runN = 1
		}
		s.runLen[s.runN] = copy(s.run[s.runN][:], word)
		s.runN++
	}
	if !space {
		s.endRun()
	}
}

// endRun emits the pending words of a run as one phrase, if two or three.
func (s *topicScanner) endRun() {
	if s.runN >= 2 {
		s.emitRun(s.runN)
	}
	s.runN = 0
}

// emitRun emits the first n pending words joined by spaces.
func (s *topicScanner) emitRun(n int) {
	var buf [3*maxWordBytes + 2]byte
	k := 0
	for i := range n {
		if i > 0 {
			buf[k] = ' '
			k++
		}
		k += copy(buf[k:], s.run[i][:s.runLen[i]])
	}
	s.emit(buf[:k])
}

func (s *topicScanner) endClause() {
	s.endWord(false)
}

func (s *topicScanner) emit(topic []byte) {
	if len(s.out) == MaxTopics {
		return
	}
	for _, t := range s.out {
		if t == string(topic) {
			return
		}
	}
	if s.out == nil {
		s.out = make([]string, 0, 4)
	}
	s.out = append(s.out, string(topic))
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func lowerByte(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func hasLetter(w []byte) bool {
	for _, c := range w {
		if c >= 'a' && c <= 'z' || c >= utf8.RuneSelf {
			return true
		}
	}
	return false
}

func isLinkStart(s string) bool {
	return len(s) > 4 && (s[0]|0x20 == 'h' || s[0]|0x20 == 'w') && isLink(s[:min(len(s), 8)])
}

func skipNonSpace(s string, i int) int {
	for i < len(s) && s[i] != ' ' && s[i] != '\n' && s[i] != '\t' && s[i] != '\r' {
		i++
	}
	return i
}
