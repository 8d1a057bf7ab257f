package main

import (
	"context"
	"log/slog"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/store/memory"
	"github.com/socialcrm/socialcrm/store/postgres"
)

// openStore opens Postgres at dsn (applying migrations), or the memory
// store when dsn is empty.
func openStore(ctx context.Context, dsn string, log *slog.Logger) (socialcrm.Store, error) {
	if dsn == "" {
		return memory.New(), nil
	}
	return postgres.Open(ctx, dsn)
}
