package collectorstest

import (
	"context"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/backoff"
	"github.com/socialcrm/socialcrm/collectors"
)

// Deps returns collector dependencies for tests: state, a fresh metrics
// registry, since, and a backoff policy with millisecond waits that are
// recorded in waits instead of slept.
func Deps(state socialcrm.StateStore, since time.Time, waits *[]time.Duration) collectors.Deps {
	var mu sync.Mutex
	return collectors.Deps{State: state, Since: since, Metrics: collectors.NewMetrics(prometheus.NewRegistry()),
		Policy: backoff.Policy{Min: time.Millisecond, Max: 5 * time.Millisecond,
			Sleep: func(ctx context.Context, d time.Duration) error {
				mu.Lock()
				*waits = append(*waits, d)
				mu.Unlock()
				return ctx.Err()
			}}}
}
