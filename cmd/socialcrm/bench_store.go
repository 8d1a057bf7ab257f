package main

import (
	"context"
	"fmt"
	"sync"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/pipeline"
)

// openBenchStore opens the store of the end-to-end run.
func openBenchStore(ctx context.Context, kind, dsn string) (pipeline.Saver, func(), error) {
	switch kind {
	case "memory":
		return &mapStore{ms: map[string]*socialcrm.Mention{}}, func() {}, nil
	case "postgres":
		if dsn == "" {
			return nil, nil, fmt.Errorf("bench: --store postgres needs --database-url or DATABASE_URL")
		}
		return nil, nil, fmt.Errorf("bench: the Postgres store is not available in this build")
	}
	return nil, nil, fmt.Errorf("bench: unknown store %q (want memory or postgres)", kind)
}

// mapStore keeps mentions in a map, standing in for store/memory.
type mapStore struct {
	mu sync.Mutex
	ms map[string]*socialcrm.Mention
}

func (s *mapStore) SaveMentions(ctx context.Context, ms ...*socialcrm.Mention) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, m := range ms {
		s.ms[m.ID] = m
	}
	return nil
}
