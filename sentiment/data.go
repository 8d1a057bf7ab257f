package sentiment

import (
	"bufio"
	"fmt"
	"html"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"

	"github.com/socialcrm/socialcrm"
)

// Example is one labelled text.
type Example struct {
	Text  string
	Label int // index into socialcrm.Labels: 0 negative, 1 neutral, 2 positive
}

// LabelIndex returns the index of label in socialcrm.Labels, or -1.
func LabelIndex(label string) int {
	for i, l := range socialcrm.Labels {
		if l == label {
			return i
		}
	}
	return -1
}

// ValidationFile is the SemEval file kept out of training: the validation set.
const ValidationFile = "twitter-2016test-A.txt"

// SarcasmFile is the SemEval sarcasm test set, reported as a known limit.
const SarcasmFile = "twitter-2014sarcasm-A.txt"

// SemEval training and test files (subtask A), in a fixed order.
var (
	SemEvalTrainFiles = []string{"twitter-2013train-A.txt", "twitter-2013dev-A.txt",
		"twitter-2015train-A.txt", "twitter-2016train-A.txt", "twitter-2016dev-A.txt",
		"twitter-2016devtest-A.txt"}
	SemEvalTestFiles = []string{"twitter-2013test-A.txt", "twitter-2014test-A.txt",
		"twitter-2015test-A.txt", ValidationFile}
)

// ReadSemEvalFiles reads the named files of dir in order and returns their
// examples deduplicated by normalised text (the first label wins).
func ReadSemEvalFiles(dir string, names ...string) ([]Example, error) {
	var all []Example
	for _, n := range names {
		f, err := os.Open(filepath.Join(dir, n))
		if err != nil {
			return nil, fmt.Errorf("sentiment: %w", err)
		}
		exs, err := ReadSemEval(f)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("sentiment: %s: %w", n, err)
		}
		all = append(all, exs...)
	}
	return Dedupe(all), nil
}

// ReadSemEval reads "id<TAB>label<TAB>text" lines. A line that does not
// start with an id and a label continues the previous text.
func ReadSemEval(r io.Reader) ([]Example, error) {
	var out []Example
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		parts := strings.SplitN(line, "\t", 3)
		lab := -1
		if len(parts) == 3 && isDigits(parts[0]) {
			lab = LabelIndex(parts[1])
		}
		if lab < 0 {
			if len(out) == 0 {
				if strings.TrimSpace(line) == "" {
					continue
				}
				return nil, fmt.Errorf("line %d: want id<TAB>label<TAB>text", n)
			}
			out[len(out)-1].Text += "\n" + line
			continue
		}
		out = append(out, Example{Text: parts[2], Label: lab})
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Text = cleanSemEvalText(out[i].Text)
	}
	return out, nil
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// cleanSemEvalText undoes the distribution's quoting and escapes.
func cleanSemEvalText(s string) string {
	s = strings.TrimRight(s, "\t\r\n ")
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		s = s[1 : len(s)-1]
	}
	if strings.Contains(s, `\u`) {
		s = unescapeU(s)
	}
	return strings.TrimSpace(html.UnescapeString(s))
}

// unescapeU replaces \uXXXX escapes (as in the 2013 files) by their runes.
func unescapeU(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+6 <= len(s) && s[i+1] == 'u' {
			if v, err := strconv.ParseUint(s[i+2:i+6], 16, 32); err == nil {
				b.WriteRune(rune(v))
				i += 5
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// DedupeKey is the key texts are deduplicated by, so that retweets and
// copies with another link count as the same text: lower case, without
// links, @handles and "RT", letters, digits and # only, spaces folded.
func DedupeKey(s string) string {
	var b strings.Builder
	space := false
	for _, w := range strings.Fields(strings.ToLower(s)) {
		if isURL(w) || strings.HasPrefix(w, "@") || w == "rt" {
			space = true
			continue
		}
		for _, r := range w {
			if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '#' {
				if space && b.Len() > 0 {
					b.WriteByte(' ')
				}
				space = false
				b.WriteRune(r)
			} else {
				space = true
			}
		}
		space = true
	}
	if b.Len() == 0 {
		return strings.Join(strings.Fields(strings.ToLower(s)), " ")
	}
	return b.String()
}

// Dedupe keeps the first example of each text.
func Dedupe(exs []Example) []Example {
	seen := make(map[string]bool, len(exs))
	out := exs[:0:0]
	for _, e := range exs {
		k := DedupeKey(e.Text)
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, e)
	}
	return out
}

// Exclude drops the examples whose text also occurs in held.
func Exclude(exs, held []Example) []Example {
	ban := make(map[string]bool, len(held))
	for _, e := range held {
		ban[DedupeKey(e.Text)] = true
	}
	var out []Example
	for _, e := range exs {
		if !ban[DedupeKey(e.Text)] {
			out = append(out, e)
		}
	}
	return out
}

// ReadLabelled reads parallel text and label files, one item a line, with
// labels 0 negative, 1 neutral, 2 positive (the Italian data's format).
func ReadLabelled(textPath, labelPath string) ([]Example, error) {
	texts, err := readLines(textPath)
	if err != nil {
		return nil, err
	}
	labels, err := readLines(labelPath)
	if err != nil {
		return nil, err
	}
	if len(texts) != len(labels) {
		return nil, fmt.Errorf("sentiment: %s has %d lines, %s has %d", textPath, len(texts), labelPath, len(labels))
	}
	out := make([]Example, 0, len(texts))
	for i, t := range texts {
		l, err := strconv.Atoi(strings.TrimSpace(labels[i]))
		if err != nil || l < 0 || l > 2 {
			return nil, fmt.Errorf("sentiment: %s line %d: label %q is not 0, 1 or 2", labelPath, i+1, labels[i])
		}
		out = append(out, Example{Text: strings.ReplaceAll(t, `\"`, `"`), Label: l})
	}
	return out, nil
}

func readLines(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("sentiment: %w", err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		out = append(out, sc.Text())
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("sentiment: %s: %w", path, err)
	}
	// a final empty line is not an item
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return out, nil
}
