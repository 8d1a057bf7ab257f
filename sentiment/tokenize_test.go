package sentiment

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := "testdata/" + name
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", path, diff)
	}
}

func readInputs(t *testing.T, name string) []string {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimRight(string(b), "\n"), "\n")
}

// describe prints a token with its flags: text[orig] and +neg +caps +elong.
func describe(tk token) string {
	s := tk.text
	if tk.orig != tk.text {
		s += "[" + tk.orig + "]"
	}
	for _, f := range []struct {
		on   bool
		name string
	}{{tk.neg, "neg"}, {tk.caps, "caps"}, {tk.elong, "elong"}} {
		if f.on {
			s += "+" + f.name
		}
	}
	return s
}

func TestTokenizer_Golden(t *testing.T) {
	var out strings.Builder
	var b tokState
	for i, line := range readInputs(t, "tokens.txt") {
		lang := "en"
		if i == 4 {
			lang = "it"
		}
		var parts []string
		for _, tk := range newTokenizer(lang, nil).tokenize(nil, line, &b) {
			parts = append(parts, describe(tk))
		}
		fmt.Fprintf(&out, "%s\n  %s\n", line, strings.Join(parts, " "))
	}
	golden(t, "tokens.golden", out.String())
}

func TestTokenizer_Negation(t *testing.T) {
	var b tokState
	toks := newTokenizer("en", nil).tokenize(nil, "this is not good at all. but fine", &b)
	neg := map[string]bool{}
	for _, tk := range toks {
		neg[tk.text] = tk.neg
	}
	want := map[string]bool{"this": false, "is": false, ".": false, "not": false, "good": true, "at": true, "all": true, "but": false, "fine": false}
	if diff := cmp.Diff(want, neg); diff != "" {
		t.Errorf("negation scope (-want +got):\n%s", diff)
	}
}
