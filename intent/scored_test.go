package intent_test

import (
	"context"
	"sync"
	"testing"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/intent"
	"github.com/socialcrm/socialcrm/sentiment"
)

// scorer is the production sentiment router (embedded trained models).
var scorer = sync.OnceValues(sentiment.NewRouter)

// scoredClassify classifies through Process, as the pipeline does after
// scoring sentiment.
func scoredClassify(tb testing.TB) func(string) string {
	tb.Helper()
	r, err := scorer()
	if err != nil {
		tb.Fatalf("load sentiment models: %v", err)
	}
	c := intent.New()
	return func(text string) string {
		s := r.Score(text, "en")
		m := &socialcrm.Mention{Text: text, Sentiment: &s}
		if err := c.Process(context.Background(), m); err != nil {
			tb.Fatal(err)
		}
		return m.Intent
	}
}

// TestClassifier_EvalScored measures the held-out split with the sentiment
// fallback, as the pipeline runs it.
func TestClassifier_EvalScored(t *testing.T) {
	exs := loadExamples(t, "testdata/eval.txt")
	res, acc, report := evaluate(scoredClassify(t), exs)
	t.Logf("held-out evaluation with sentiment fallback (testdata/eval.txt):\n%s", report)
	if acc < 0.78 {
		t.Errorf("accuracy %.3f, want >= 0.78", acc)
	}
	for in, r := range res {
		if r.precision < 0.50 || r.recall < 0.65 {
			t.Errorf("%s: precision %.3f recall %.3f, want >= 0.50 and >= 0.65", in, r.precision, r.recall)
		}
	}
}

func TestClassifier_DevScored(t *testing.T) {
	_, acc, report := evaluate(scoredClassify(t), loadExamples(t, "testdata/dev.txt"))
	t.Logf("tuning split with sentiment fallback (testdata/dev.txt):\n%s", report)
	if acc < 0.85 {
		t.Errorf("accuracy %.3f, want >= 0.85", acc)
	}
}

func TestClassifier_ClassifyScored(t *testing.T) {
	c := intent.New()
	neg := &socialcrm.Sentiment{Label: socialcrm.Negative, Score: -0.8, Confidence: 0.9}
	pos := &socialcrm.Sentiment{Label: socialcrm.Positive, Score: 0.8, Confidence: 0.9}
	weak := &socialcrm.Sentiment{Label: socialcrm.Negative, Score: -0.1, Confidence: 0.4}
	unsup := &socialcrm.Sentiment{Label: socialcrm.Negative, Score: -0.8, Unsupported: true}
	tests := []struct {
		name, text string
		s          *socialcrm.Sentiment
		want       string
	}{
		{"NoSentiment", "@acme the parcel is in the shed", nil, "other"},
		{"NegativeFallback", "@acme the parcel is in the shed", neg, "complaint"},
		{"PositiveFallback", "@acme the parcel is in the shed", pos, "praise"},
		{"WeakSentiment", "@acme the parcel is in the shed", weak, "other"},
		{"Unsupported", "@acme the parcel is in the shed", unsup, "other"},
		{"CueWins", "@acme where can I buy the blue one?", neg, "purchase"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := c.ClassifyScored(tt.text, tt.s); got != tt.want {
				t.Errorf("ClassifyScored(%q, %+v) = %q, want %q", tt.text, tt.s, got, tt.want)
			}
		})
	}
}

func TestClassifier_ProcessSkipsDeleted(t *testing.T) {
	m := &socialcrm.Mention{Text: "@acme how do I cancel?", Deleted: true}
	if err := intent.New().Process(context.Background(), m); err != nil || m.Intent != "" {
		t.Errorf("Process on a deleted mention: intent %q, err %v; want none", m.Intent, err)
	}
}
