package memory_test

import (
	"testing"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/store/memory"
	"github.com/socialcrm/socialcrm/store/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) socialcrm.Store {
		s := memory.New()
		t.Cleanup(func() { s.Close() })
		return s
	})
}
