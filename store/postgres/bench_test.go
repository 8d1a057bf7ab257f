package postgres_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm/store/postgres/pgtest"
	"github.com/socialcrm/socialcrm/store/storetest"
)

// go test -run '^$' -bench SaveMentions -benchtime 100x ./store/postgres/
func BenchmarkStore_SaveMentions(b *testing.B) {
	for _, batch := range []int{100, 500, 2000} {
		b.Run(fmt.Sprintf("batch=%d", batch), func(b *testing.B) {
			storetest.BenchmarkSaveMentions(b, pgtest.MustOpenTestDB(b, pgtest.DSN(b)), batch)
		})
	}
}

// BenchmarkStore_Resave measures saving batches that are all stored
// already, as after a consumer restart.
func BenchmarkStore_Resave(b *testing.B) {
	ctx := context.Background()
	s := pgtest.MustOpenTestDB(b, pgtest.DSN(b))
	ms := storetest.Mentions(500, "m:", time.Now(), 1)
	if err := s.SaveMentions(ctx, ms...); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := s.SaveMentions(ctx, ms...); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*len(ms))/b.Elapsed().Seconds(), "rows/s")
}
