package main

import (
	"context"
	"fmt"

	"github.com/socialcrm/socialcrm/pipeline"
	"github.com/socialcrm/socialcrm/store/memory"
	"github.com/socialcrm/socialcrm/store/postgres"
)

// openBenchStore opens the store of the end-to-end run.
func openBenchStore(ctx context.Context, kind, dsn string) (pipeline.Saver, func(), error) {
	switch kind {
	case "memory":
		s := memory.New()
		return s, func() { s.Close() }, nil
	case "postgres":
		if dsn == "" {
			return nil, nil, fmt.Errorf("bench: --store postgres needs --database-url or DATABASE_URL")
		}
		s, err := postgres.Open(ctx, dsn)
		if err != nil {
			return nil, nil, fmt.Errorf("bench: %w", err)
		}
		return s, func() { s.Close() }, nil
	}
	return nil, nil, fmt.Errorf("bench: unknown store %q (want memory or postgres)", kind)
}
