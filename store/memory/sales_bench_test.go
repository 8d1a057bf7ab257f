package memory_test

import (
	"testing"

	"github.com/socialcrm/socialcrm/store/memory"
	"github.com/socialcrm/socialcrm/store/storetest"
)

// go test -run '^$' -bench SalesReport -benchtime 10x ./store/memory/
func BenchmarkStore_SalesReport(b *testing.B) {
	s := memory.New()
	b.Cleanup(func() { s.Close() })
	storetest.BenchmarkSalesReport(b, s, 10000, 5000, 20)
}
