package sentiment

import (
	"context"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/socialcrm/socialcrm"
)

// TestService_CorrectionsImproveBrand treats the validation tweets about one
// subject as a brand's mentions: 200 hand corrections (gold labels) of a
// random part must raise the accuracy on the held-back rest without
// lowering its macro recall (the adapter keeps the base model's class
// prior, so a brand's majority label does not swallow the others).
func TestService_CorrectionsImproveBrand(t *testing.T) {
	ds, err := LoadDataset(dataDir(t), "en")
	if err != nil {
		t.Fatal(err)
	}
	var before, after, mrBefore, mrAfter float64
	subjects := []string{"kendrick", "milan", "sox", "national", "islam"}
	k := float64(len(subjects))
	for _, subj := range subjects {
		b, a, n := brandGain(t, ds.Val, subj)
		t.Logf("%-8s on %d held-back texts: accuracy %.3f before, %.3f after 200 corrections (macro recall %.3f, %.3f)",
			subj, n, b.Accuracy, a.Accuracy, b.MacroRecall, a.MacroRecall)
		before, after = before+b.Accuracy/k, after+a.Accuracy/k
		mrBefore, mrAfter = mrBefore+b.MacroRecall/k, mrAfter+a.MacroRecall/k
		if a.MacroRecall < b.MacroRecall-0.01 {
			t.Errorf("%s: macro recall fell from %.3f to %.3f", subj, b.MacroRecall, a.MacroRecall)
		}
	}
	t.Logf("mean over %d subjects: accuracy %.3f before, %.3f after; macro recall %.3f before, %.3f after",
		len(subjects), before, after, mrBefore, mrAfter)
	if after < before+0.02 {
		t.Errorf("mean accuracy %.3f after corrections, want at least %.3f", after, before+0.02)
	}
	if mrAfter < mrBefore {
		t.Errorf("mean macro recall fell from %.3f to %.3f", mrBefore, mrAfter)
	}
}

// brandGain teaches a Service 200 corrections of the texts containing subj
// and returns the evaluation on the other texts before and after.
func brandGain(t *testing.T, val []Example, subj string) (before, after Report, n int) {
	var brand []Example
	for _, e := range val {
		if strings.Contains(strings.ToLower(e.Text), subj) {
			brand = append(brand, e)
		}
	}
	if len(brand) < 300 {
		t.Fatalf("only %d texts about %s", len(brand), subj)
	}
	rand.New(rand.NewPCG(7, 7)).Shuffle(len(brand), func(i, j int) { brand[i], brand[j] = brand[j], brand[i] })
	teach, held := brand[:200], brand[200:]
	svc := NewService(mustEnglish(t), newMapState(), nil)
	before = brandReport(svc, subj, held)
	ctx := context.Background()
	for i, e := range teach {
		m := &socialcrm.Mention{ID: "x", Brand: subj, Text: e.Text, Lang: "en"}
		if err := svc.LearnCorrection(ctx, m, socialcrm.Labels[e.Label]); err != nil {
			t.Fatalf("correction %d: %v", i, err)
		}
	}
	return before, brandReport(svc, subj, held), len(held)
}

func brandReport(svc *Service, brand string, exs []Example) Report {
	var c confusion
	for _, e := range exs {
		c[e.Label][LabelIndex(svc.ScoreBrand(brand, e.Text, "en").Label)]++
	}
	return c.report()
}
