package postgres_test

import (
	"context"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/store/postgres"
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

// A connection that lost its staging table (DISCARD TEMP, as a pooler may
// send) recovers on the next save.
func TestStore_SaveMentions_StagingTableGone(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.MustCreateSchema(t, pgtest.DSN(t))
	if strings.Contains(dsn, "://") {
		dsn += "&pool_max_conns=1"
	} else {
		dsn += " pool_max_conns=1"
	}
	s, err := postgres.Open(ctx, dsn) // one connection: the one that loses its table
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ms := storetest.Mentions(20, "m:", time.Now(), 1)
	if err := s.SaveMentions(ctx, ms[:10]...); err != nil {
		t.Fatal(err)
	}
	conn, err := s.Pool().Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	_, err = conn.Exec(ctx, "DISCARD TEMP")
	conn.Release()
	if err != nil {
		t.Fatal(err)
	}
	var saveErr error
	for range 2 { // the first try may fail on that connection; the retry must not
		if saveErr = s.SaveMentions(ctx, ms[10:]...); saveErr == nil {
			break
		}
	}
	if saveErr != nil {
		t.Fatalf("SaveMentions after DISCARD TEMP: %v", saveErr)
	}
	_, n, err := s.FindMentions(ctx, socialcrm.MentionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if n != len(ms) {
		t.Errorf("total = %d, want %d", n, len(ms))
	}
}
