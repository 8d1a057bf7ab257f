package collectors

import (
	"context"
	"fmt"

	"golang.org/x/sync/errgroup"

	"github.com/socialcrm/socialcrm"
)

// Run runs the collectors concurrently, each emitting through emit, until
// ctx is cancelled, every collector has returned, or one fails. Reaching
// the filter's limit (ErrLimit) stops all of them cleanly.
func Run(ctx context.Context, cs []socialcrm.Collector, emit Emit) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	g, ctx := errgroup.WithContext(ctx)
	for _, c := range cs {
		g.Go(func() error {
			err := c.Collect(ctx, emit)
			if IsLimit(err) {
				cancel()
				return nil
			}
			if err != nil {
				return fmt.Errorf("collector %s: %w", c.Name(), err)
			}
			return nil
		})
	}
	return g.Wait()
}
