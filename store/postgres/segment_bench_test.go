package postgres_test

import (
	"testing"

	"github.com/socialcrm/socialcrm/store/postgres/pgtest"
	"github.com/socialcrm/socialcrm/store/storetest"
)

// go test -run '^$' -bench SegmentMembers -benchtime 20x ./store/postgres/
func BenchmarkStore_SegmentMembers(b *testing.B) {
	storetest.BenchmarkSegmentMembers(b, pgtest.MustOpenTestDB(b, pgtest.DSN(b)), 5000, 20)
}
