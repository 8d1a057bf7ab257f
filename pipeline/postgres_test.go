package pipeline_test

import (
	"testing"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/store/postgres/pgtest"
)

// openPostgres opens a store in a fresh schema of the test database;
// pgtest.DSN skips (or fails, under SOCIALCRM_REQUIRE_POSTGRES) without one.
func openPostgres(t *testing.T) socialcrm.MentionStore {
	return pgtest.MustOpenTestDB(t, pgtest.DSN(t))
}
