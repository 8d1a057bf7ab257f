package sentiment

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/socialcrm/socialcrm"
)

func TestService_Overrides(t *testing.T) {
	ctx := context.Background()
	svc := NewService(mustEnglish(t), newMapState(), nil)
	skate := "that new deck is sick"
	if s := svc.ScoreBrand("skateco", skate, "en"); s.Label == socialcrm.Positive {
		t.Fatalf("without override %q already scores %+v; the test shows nothing", skate, s)
	}
	if err := svc.SetOverrides(ctx, "skateco", []Override{{Term: "sick", Label: socialcrm.Positive}}); err != nil {
		t.Fatal(err)
	}
	s := svc.ScoreBrand("skateco", skate, "en")
	if s.Label != socialcrm.Positive || s.Model != "socialcrm-en-v1+skateco" {
		t.Errorf("skate brand: %+v, want positive by the adapted model", s)
	}
	if len(s.Explain) == 0 || s.Explain[0].Token != "sick" {
		t.Errorf("explanation %+v does not name the override", s.Explain)
	}
	if s := svc.ScoreBrand("hospital", skate, "en"); s.Label == socialcrm.Positive {
		t.Errorf("another brand got the override: %+v", s)
	}

	airline := "there is a delay on the flight to Rome"
	before := svc.ScoreBrand("air", airline, "en")
	if err := svc.SetOverrides(ctx, "air", []Override{{Term: "delay", Label: socialcrm.Negative}}); err != nil {
		t.Fatal(err)
	}
	after := svc.ScoreBrand("air", airline, "en")
	if after.Label != socialcrm.Negative || after.Score >= before.Score {
		t.Errorf("airline: %+v before, %+v after the override", before, after)
	}
	if s := svc.ScoreBrand("air", "there is no delay today", "en"); s.Label == socialcrm.Negative {
		t.Errorf("negated override still negative: %+v", s)
	}
	t.Run("ErrInvalid", func(t *testing.T) {
		err := svc.SetOverrides(ctx, "air", []Override{{Term: "delay", Label: "angry"}})
		if !errors.Is(err, socialcrm.ErrInvalid) {
			t.Errorf("err = %v, want ErrInvalid", err)
		}
		err = svc.LearnCorrection(ctx, &socialcrm.Mention{Brand: "air", Text: "x"}, "meh")
		if !errors.Is(err, socialcrm.ErrInvalid) {
			t.Errorf("err = %v, want ErrInvalid", err)
		}
	})
}

// TestService_Persistence learns corrections in one Service and finds the
// same adapted scores in another one reading the same StateStore.
func TestService_Persistence(t *testing.T) {
	ctx := context.Background()
	state := newMapState()
	a := NewService(mustEnglish(t), state, nil)
	text := "the new gate procedure at the airport"
	base := a.ScoreBrand("air", text, "en")
	for i := 0; i < 30; i++ {
		m := &socialcrm.Mention{Brand: "air", Text: "the gate procedure is a mess again", Lang: "en"}
		if err := a.LearnCorrection(ctx, m, socialcrm.Negative); err != nil {
			t.Fatal(err)
		}
	}
	learned := a.ScoreBrand("air", text, "en")
	if learned.Score >= base.Score {
		t.Errorf("corrections did not shift the score: %.3f before, %.3f after", base.Score, learned.Score)
	}
	if _, err := state.GetState(ctx, StateKey("air")); err != nil {
		t.Fatalf("nothing persisted: %v", err)
	}
	b := NewService(&Router{Models: map[string]Scorer{"en": mustEnglish(t)}, Default: "en"}, state, nil)
	if got := b.ScoreBrand("air", text, "en"); got.Score != learned.Score || got.Label != learned.Label {
		t.Errorf("reloaded service scores %+v, want %+v", got, learned)
	}
	c := NewService(mustEnglish(t), state, nil)
	c.ScoreBrand("air", text, "en") // c now knows the brand
	for i := 0; i < 30; i++ {
		m := &socialcrm.Mention{Brand: "air", Text: "the gate procedure is lovely", Lang: "en"}
		if err := a.LearnCorrection(ctx, m, socialcrm.Positive); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	if got, want := c.ScoreBrand("air", text, "en"), a.ScoreBrand("air", text, "en"); got.Score != want.Score {
		t.Errorf("after Refresh %.4f, want the learning service's %.4f", got.Score, want.Score)
	}
	if s := b.ScoreBrand("air", text, "de"); !s.Unsupported {
		t.Errorf("unsupported language through a brand: %+v", s)
	}
}

func TestService_UnknownBrandUnchanged(t *testing.T) {
	m := mustEnglish(t)
	svc := NewService(m, newMapState(), nil)
	for _, text := range readInputs(t, "score.txt") {
		got, want := svc.ScoreBrand("nobody", text, "en"), m.Score(text, "en")
		if got.Label != want.Label || got.Score != want.Score || got.Model != want.Model {
			t.Errorf("%q: %+v, want the base model's %+v", text, got, want)
		}
	}
}

// TestService_Concurrent scores from several goroutines while corrections
// arrive (run with -race).
func TestService_Concurrent(t *testing.T) {
	ctx := context.Background()
	r, err := NewRouter()
	if err != nil {
		t.Fatal(err)
	}
	svc := NewService(r, newMapState(), nil)
	done := make(chan struct{})
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Go(func() {
			for {
				select {
				case <-done:
					return
				default:
				}
				for _, lang := range []string{"en", "it", "fr", ""} {
					if s := svc.ScoreBrand("air", "delayed again, unbelievable", lang); !socialcrm.ValidLabel(s.Label) {
						t.Errorf("label %q", s.Label)
					}
				}
			}
		})
	}
	for i := 0; i < 20; i++ {
		m := &socialcrm.Mention{Brand: "air", Text: "delayed again", Lang: "en"}
		if err := svc.LearnCorrection(ctx, m, socialcrm.Negative); err != nil {
			t.Error(err)
		}
	}
	close(done)
	wg.Wait()
}
