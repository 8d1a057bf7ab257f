package sentiment

import (
	"fmt"
	"math"
	"testing"
)

// TestScore_KeptWordsChangeNothing checks that a word's features summed
// once and kept give the logits and per-token contributions of the full
// feature list, on first meeting the words and on meeting them again.
func TestScore_KeptWordsChangeNothing(t *testing.T) {
	it, err := NewItalian()
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{"I don't like this at all!!!", "Sooo GOOD :) #BestDayEver", "the service was NOT good, but fine",
		"Can't wait for the new iPhone 😍", "Über café naïve résumé ’quoted’ don’t", "12345 http://x.y @user 2nd",
		"l’app è lenta, non funziona più", "Non è male, anzi!"}
	for _, m := range []*Model{mustEnglish(t), it} {
		sc := new(scratch)
		for round := range 2 { // the second round reads the kept words
			for _, text := range texts {
				m.feat.extract(sc, text, m)
				if round == 1 && len(sc.pre) == 0 && len(sc.toks) > 0 {
					t.Errorf("%s %q: no word came from the kept words", m.Lang(), text)
				}
				got := m.logits(sc)
				gotContr := append([]float32(nil), sc.contr...)
				ref := new(scratch)
				m.feat.extract(ref, text, nil)
				want := m.logits(ref)
				if len(ref.pre) != 0 || len(ref.ts.words) != 0 {
					t.Fatalf("%q: the training path kept words", text)
				}
				for k := range 3 {
					if math.Abs(float64(got[k]-want[k])) > 1e-4 {
						t.Errorf("%s %q round %d: logits %v, want %v", m.Lang(), text, round, got, want)
						break
					}
				}
				for i := range gotContr {
					if math.Abs(float64(gotContr[i]-ref.contr[i])) > 1e-4 {
						t.Errorf("%s %q round %d: token %d contributes %v, want %v", m.Lang(), text, round, i/3,
							gotContr[i/3*3:i/3*3+3], ref.contr[i/3*3:i/3*3+3])
						break
					}
				}
			}
		}
	}
}

// TestScore_KeptWordsBounded checks that a scratch keeps at most
// maxKeptWords words however many it meets.
func TestScore_KeptWordsBounded(t *testing.T) {
	m := mustEnglish(t)
	sc := new(scratch)
	for i := range maxKeptWords + 100 {
		m.feat.extract(sc, fmt.Sprintf("word%dx is fine", i), m)
		if n := len(sc.ts.words); n > maxKeptWords {
			t.Fatalf("after %d texts the scratch keeps %d words, more than %d", i+1, n, maxKeptWords)
		}
	}
	if got := m.Score("word1x is fine", "en"); got.Label == "" {
		t.Fatal("no label after the kept words were dropped")
	}
}
