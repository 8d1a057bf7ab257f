package postgres_test

import (
	"context"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/store/postgres/pgtest"
	"github.com/socialcrm/socialcrm/store/storetest"
)

// Batches that overlap, saved at the same time (a redelivery racing the
// first delivery), all succeed and leave one row per mention.
func TestStore_SaveMentions_Concurrent(t *testing.T) {
	ctx := context.Background()
	s := pgtest.MustOpenTestDB(t, pgtest.DSN(t))
	ms := storetest.Mentions(2000, "m:", time.Now(), 1)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for w := range 8 {
		// Each worker saves the whole set in batches of 500, each batch
		// shuffled its own way.
		mine := slices.Clone(ms)
		r := rand.New(rand.NewPCG(uint64(w), 7))
		wg.Go(func() {
			for i := range 4 {
				b := mine[((i+w)%4)*500 : ((i+w)%4+1)*500]
				r.Shuffle(len(b), func(i, j int) { b[i], b[j] = b[j], b[i] })
				if err := s.SaveMentions(ctx, b...); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("SaveMentions: %v", err)
	}
	_, n, err := s.FindMentions(ctx, socialcrm.MentionFilter{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if n != len(ms) {
		t.Errorf("total = %d, want %d", n, len(ms))
	}
}
