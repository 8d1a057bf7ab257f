package postgres_test

import (
	"testing"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/store/postgres/pgtest"
	"github.com/socialcrm/socialcrm/store/storetest"
)

func TestConformance(t *testing.T) {
	dsn := pgtest.DSN(t)
	storetest.Run(t, func(t *testing.T) socialcrm.Store { return pgtest.MustOpenTestDB(t, dsn) })
}
