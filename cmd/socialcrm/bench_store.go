package main

import (
	"context"
	"fmt"

	"github.com/socialcrm/socialcrm/pipeline"
	"github.com/socialcrm/socialcrm/store/memory"
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
		return nil, nil, fmt.Errorf("bench: the Postgres store is not available in this build")
	}
	return nil, nil, fmt.Errorf("bench: unknown store %q (want memory or postgres)", kind)
}
