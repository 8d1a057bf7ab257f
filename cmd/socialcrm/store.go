package main

import (
	"context"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/store/memory"
	"github.com/socialcrm/socialcrm/store/postgres"
)

// memoryCap bounds the memory store: past it the oldest mentions go.
const memoryCap = 500_000

// openStore opens Postgres at dsn (applying migrations), or the memory
// store (keeping the newest memoryCap mentions) when dsn is empty.
func openStore(ctx context.Context, dsn string) (socialcrm.Store, error) {
	if dsn == "" {
		return memory.New(memory.WithMaxMentions(memoryCap)), nil
	}
	return postgres.Open(ctx, dsn)
}
