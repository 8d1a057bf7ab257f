package intent_test

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/socialcrm/socialcrm/intent"
)

type example struct {
	label, text string
}

// loadExamples reads "label text" lines, skipping blanks and # comments.
func loadExamples(tb testing.TB, path string) []example {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var out []example
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		s := strings.TrimSpace(sc.Text())
		if s == "" || strings.HasPrefix(s, "#") {
			continue
		}
		label, text, ok := strings.Cut(s, " ")
		if !ok || !validIntent(label) {
			tb.Fatalf("%s:%d: want \"<intent> <text>\", got %q", path, line, s)
		}
		out = append(out, example{label, text})
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

func validIntent(s string) bool {
	for _, x := range intent.Intents {
		if x == s {
			return true
		}
	}
	return false
}

// prf holds per-intent precision and recall.
type prf struct {
	precision, recall float64
	support           int
}

// evaluate classifies every example and returns per-intent figures, accuracy
// and a printable report that lists the misses.
func evaluate(classify func(string) string, exs []example) (map[string]prf, float64, string) {
	tp, fp, fn, support := map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}
	var b strings.Builder
	correct := 0
	for _, e := range exs {
		got := classify(e.text)
		support[e.label]++
		if got == e.label {
			tp[got]++
			correct++
			continue
		}
		fp[got]++
		fn[e.label]++
		fmt.Fprintf(&b, "  miss: want %-9s got %-9s %s\n", e.label, got, e.text)
	}
	res := map[string]prf{}
	fmt.Fprintf(&b, "  %-10s %9s %7s %7s\n", "intent", "precision", "recall", "support")
	for _, in := range intent.Intents {
		r := prf{support: support[in]}
		if tp[in]+fp[in] > 0 {
			r.precision = float64(tp[in]) / float64(tp[in]+fp[in])
		}
		if support[in] > 0 {
			r.recall = float64(tp[in]) / float64(support[in])
		}
		res[in] = r
		fmt.Fprintf(&b, "  %-10s %9.3f %7.3f %7d\n", in, r.precision, r.recall, r.support)
	}
	acc := float64(correct) / float64(len(exs))
	fmt.Fprintf(&b, "  accuracy %.3f on %d examples\n", acc, len(exs))
	return res, acc, b.String()
}

// TestClassifier_Eval measures the held-out split, which no cue was tuned on.
func TestClassifier_Eval(t *testing.T) {
	exs := loadExamples(t, "testdata/eval.txt")
	if len(exs) < 300 {
		t.Fatalf("eval split has %d examples, want at least 300", len(exs))
	}
	res, acc, report := evaluate(intent.New().Classify, exs)
	t.Logf("held-out evaluation (testdata/eval.txt):\n%s", report)
	if acc < 0.75 {
		t.Errorf("accuracy %.3f, want >= 0.75", acc)
	}
	for in, r := range res {
		if r.precision < 0.50 || r.recall < 0.60 {
			t.Errorf("%s: precision %.3f recall %.3f, want >= 0.50 and >= 0.60", in, r.precision, r.recall)
		}
	}
}

// TestClassifier_Dev reports the tuning split; its floor is higher because
// the cues were written against it.
func TestClassifier_Dev(t *testing.T) {
	_, acc, report := evaluate(intent.New().Classify, loadExamples(t, "testdata/dev.txt"))
	t.Logf("tuning split (testdata/dev.txt):\n%s", report)
	if acc < 0.85 {
		t.Errorf("accuracy %.3f, want >= 0.85", acc)
	}
}

func TestClassifier_Classify(t *testing.T) {
	c := intent.New()
	tests := []struct{ name, text, want string }{
		{"Empty", "", "other"},
		{"HandleOnly", "@delta @united", "other"},
		{"QuestionMark", "@acme ok so this is it?", "question"},
		{"QuestionWord", "Hi @acme, how do I reset my password", "question"},
		{"NegatedPraise", "@acme not happy with the service at all", "complaint"},
		{"NegationFar", "not going to lie, @acme support was great", "praise"},
		{"Apostrophe", "@acme it doesn’t work since yesterday", "complaint"},
		{"LinkIgnored", "@acme read https://example.com/cancel-your-account now", "other"},
		{"HashtagWord", "@acme #fail", "complaint"},
		{"Emoji", "@acme 😍😍", "praise"},
		{"CancelQuestion", "@acme how do I cancel my plan?", "churn"},
		{"BuyQuestion", "@acme where can I buy the blue one?", "purchase"},
		{"SwitchToUs", "@acme switching to you from the competition, any deals?", "purchase"},
		{"ComplaintQuestion", "@acme why is my parcel late again??", "complaint"},
		{"Upper", "@ACME THANK YOU SO MUCH", "praise"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := c.Classify(tt.text); got != tt.want {
				t.Errorf("Classify(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestClassifier_Concurrent(t *testing.T) {
	c := intent.New()
	exs := loadExamples(t, "testdata/dev.txt")
	want := make([]string, len(exs))
	for i, e := range exs {
		want[i] = c.Classify(e.text)
	}
	done := make(chan error, 4)
	for range 4 {
		go func() {
			for i, e := range exs {
				if got := c.Classify(e.text); got != want[i] {
					done <- fmt.Errorf("concurrent Classify(%q) = %q, want %q", e.text, got, want[i])
					return
				}
			}
			done <- nil
		}()
	}
	for range 4 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}

func BenchmarkClassifier_Classify(b *testing.B) {
	c := intent.New()
	exs := append(loadExamples(b, "testdata/dev.txt"), loadExamples(b, "testdata/eval.txt")...)
	b.ReportAllocs()
	for b.Loop() {
		for _, e := range exs {
			c.Classify(e.text)
		}
	}
	b.ReportMetric(float64(b.N*len(exs))/b.Elapsed().Seconds(), "texts/s")
}
