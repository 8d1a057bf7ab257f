package pipeline_test

import (
	"testing"

	"github.com/socialcrm/socialcrm"
)

func mustOpenPostgres(t *testing.T, dsn string) socialcrm.MentionStore {
	t.Fatal("store/postgres is not available in this build")
	return nil
}
