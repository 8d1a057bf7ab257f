package sentiment

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/socialcrm/socialcrm"
)

// toyExamples are labelled texts whose label follows one word each.
func toyExamples() []Example {
	var exs []Example
	for i := range 150 {
		exs = append(exs,
			Example{Text: fmt.Sprintf("the trip %d was lovely", i), Label: 2},
			Example{Text: fmt.Sprintf("the trip %d was awful", i), Label: 0},
			Example{Text: fmt.Sprintf("the trip %d was on tuesday", i), Label: 1})
	}
	return exs
}

// TestTrain_NaiveBayesFolded trains with the naive-Bayes values and two
// bagged fits: the values are folded into the weights, so the model
// scores without them, learns the toy labels, and gives the same bytes twice.
func TestTrain_NaiveBayesFolded(t *testing.T) {
	opt := DefaultTrainOptions("en")
	opt.Bits, opt.Bag, opt.NaiveBayes = 12, 2, true
	var files [][]byte
	for range 2 {
		m, err := Train(toyExamples(), opt)
		if err != nil {
			t.Fatal(err)
		}
		for text, want := range map[string]string{"the flight was lovely": socialcrm.Positive,
			"the flight was awful": socialcrm.Negative, "the flight was on tuesday": socialcrm.Neutral} {
			if got := m.Score(text, "en"); got.Label != want {
				t.Errorf("%q: %+v, want %s", text, got, want)
			}
		}
		var buf bytes.Buffer
		if _, err := m.WriteTo(&buf); err != nil {
			t.Fatal(err)
		}
		files = append(files, buf.Bytes())
	}
	if !bytes.Equal(files[0], files[1]) {
		t.Error("two trainings with the same seed differ")
	}
}

func TestNBRatios(t *testing.T) {
	// bucket 0 seen in class 2 only, bucket 1 in every class alike, bucket 2 never
	counts := []float32{0, 0, 4, 2, 2, 2, 0, 0, 0}
	r := nbRatios(counts, 1)
	if !(r[2] > 0 && r[0] < 0 && r[1] < 0) {
		t.Errorf("bucket 0 ratios %v: want positive for class 2 only", r[:3])
	}
	if r[6] != 0 || r[7] != 0 || r[8] != 0 {
		t.Errorf("unseen bucket ratios %v, want 0", r[6:])
	}
}
