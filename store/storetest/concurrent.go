package storetest

import (
	"context"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"

	"github.com/socialcrm/socialcrm"
)

// testConcurrent saves overlapping batches, each in its own order, from
// several goroutines while others read: every save succeeds (no deadlock)
// and each mention is stored once.
func testConcurrent(t *testing.T, open Open) {
	t.Parallel()
	ctx := context.Background()
	s := open(t)
	ms := Mentions(800, "c:", t0, 3)
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for w := range 4 {
		mine := slices.Clone(ms)
		r := rand.New(rand.NewPCG(uint64(w), 1))
		wg.Go(func() {
			for i := range 4 {
				b := mine[((i+w)%4)*200 : ((i+w)%4+1)*200]
				r.Shuffle(len(b), func(i, j int) { b[i], b[j] = b[j], b[i] })
				if err := s.SaveMentions(ctx, b...); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	for range 2 {
		wg.Go(func() {
			for range 10 {
				if _, _, err := s.FindMentions(ctx, socialcrm.MentionFilter{Brand: ptr("acme")}); err != nil {
					errs <- err
					return
				}
				if _, err := s.SentimentSummary(ctx, socialcrm.SummaryFilter{}); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	_, n, err := s.FindMentions(ctx, socialcrm.MentionFilter{Limit: 1})
	must(t, "FindMentions", err)
	if n != len(ms) {
		t.Errorf("total = %d, want %d", n, len(ms))
	}
}
