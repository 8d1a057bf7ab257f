package postgres_test

import (
	"testing"

	"github.com/socialcrm/socialcrm/store/postgres/pgtest"
	"github.com/socialcrm/socialcrm/store/storetest"
)

// go test -run '^$' -bench SalesReport -benchtime 10x ./store/postgres/
func BenchmarkStore_SalesReport(b *testing.B) {
	storetest.BenchmarkSalesReport(b, pgtest.MustOpenTestDB(b, pgtest.DSN(b)), 10000, 5000, 20)
}
