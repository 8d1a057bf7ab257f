package web_test

import (
	"testing"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/store/memory"
	"github.com/socialcrm/socialcrm/store/postgres/pgtest"
)

// eachStore runs test on a fresh memory store and a fresh Postgres store
// (skipped, or failed when Postgres is required, without a test database).
func eachStore(t *testing.T, test func(t *testing.T, st socialcrm.Store)) {
	for name, open := range map[string]func(t *testing.T) socialcrm.Store{
		"Memory": func(t *testing.T) socialcrm.Store {
			st := memory.New()
			t.Cleanup(func() { st.Close() })
			return st
		},
		"Postgres": func(t *testing.T) socialcrm.Store { return pgtest.MustOpenTestDB(t, pgtest.DSN(t)) },
	} {
		t.Run(name, func(t *testing.T) { test(t, open(t)) })
	}
}
