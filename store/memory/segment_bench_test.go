package memory_test

import (
	"testing"

	"github.com/socialcrm/socialcrm/store/memory"
	"github.com/socialcrm/socialcrm/store/storetest"
)

// go test -run '^$' -bench SegmentMembers -benchtime 20x ./store/memory/
func BenchmarkStore_SegmentMembers(b *testing.B) {
	s := memory.New()
	b.Cleanup(func() { s.Close() })
	storetest.BenchmarkSegmentMembers(b, s, 5000, 20)
}
