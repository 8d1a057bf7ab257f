package alerts_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
)

// storeHistory saves days of ordinary acme mentions before the fixture's
// clock: ten a window, about one in five negative.
func (f *fixture) storeHistory(days int) {
	f.t.Helper()
	start := f.clock.Now().Add(-time.Duration(days) * 24 * time.Hour)
	var ms []*socialcrm.Mention
	for w := range days * 288 {
		at := start.Add(time.Duration(w) * 5 * time.Minute)
		for i := range 10 + w%4 {
			label := socialcrm.Neutral
			if i < 1+w%3 {
				label = socialcrm.Negative
			}
			ms = append(ms, &socialcrm.Mention{V: 1, ID: fmt.Sprintf("hist:%d-%d", w, i), Source: "test", Brand: "acme",
				Author: socialcrm.Author{Handle: "h"}, Text: "t", Kind: socialcrm.KindPost, CreatedAt: at.Add(time.Duration(i) * time.Second),
				Sentiment: &socialcrm.Sentiment{Label: label}})
		}
	}
	if err := f.store.SaveMentions(context.Background(), ms...); err != nil {
		f.t.Fatal(err)
	}
}

func TestAlerter_Warm(t *testing.T) {
	burst := func(f *fixture) int {
		for range 2 {
			f.window(45, 40, "c-gold")
		}
		return len(f.stored(socialcrm.AlertFiring))
	}
	t.Run("OK", func(t *testing.T) {
		f := newFixture(t)
		f.storeHistory(3)
		if err := f.alerter.Warm(context.Background()); err != nil {
			t.Fatal(err)
		}
		if n := burst(f); n != 1 {
			t.Fatalf("burst right after a warm start: %d firing alerts, want 1", n)
		}
	})
	t.Run("ColdStartMissesIt", func(t *testing.T) {
		f := newFixture(t)
		f.storeHistory(3)
		if n := burst(f); n != 0 {
			t.Fatalf("without Warm a burst in the first minutes raised %d alerts; the warm test proves nothing", n)
		}
	})
	t.Run("QuietAfterWarm", func(t *testing.T) {
		f := newFixture(t)
		f.storeHistory(3)
		if err := f.alerter.Warm(context.Background()); err != nil {
			t.Fatal(err)
		}
		f.quiet(24)
		if n := len(f.stored(socialcrm.AlertFiring)); n != 0 {
			t.Fatalf("ordinary windows after a warm start raised %d alerts", n)
		}
	})
}
