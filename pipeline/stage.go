package pipeline

import (
	"context"
	"fmt"

	"github.com/socialcrm/socialcrm"
)

// Stage enriches one mention on the hot path, after scoring and contact
// linking and before the batch is stored. A Stage may be called
// concurrently for mentions of different partitions.
//
// An error that wraps socialcrm.ErrInvalid sends the mention to the
// dead-letter topic; any other error is logged and counted and the
// mention goes on without that enrichment.
type Stage interface {
	Process(ctx context.Context, m *socialcrm.Mention) error
}

// StageFunc adapts a function to Stage.
type StageFunc func(ctx context.Context, m *socialcrm.Mention) error

// Process calls f.
func (f StageFunc) Process(ctx context.Context, m *socialcrm.Mention) error { return f(ctx, m) }

// Middleware wraps a Stage: recovery, retries, timeouts, observation.
type Middleware func(Stage) Stage

// Chain runs stages in order and stops at the first error.
func Chain(stages ...Stage) Stage {
	return StageFunc(func(ctx context.Context, m *socialcrm.Mention) error {
		for _, s := range stages {
			if err := s.Process(ctx, m); err != nil {
				return err
			}
		}
		return nil
	})
}

// Wrap applies middlewares to s, the first one outermost.
func Wrap(s Stage, mws ...Middleware) Stage {
	for i := len(mws) - 1; i >= 0; i-- {
		s = mws[i](s)
	}
	return s
}

// Recover turns a panic in the wrapped stage into an error, so that one
// odd mention cannot stop the pipeline.
func Recover(next Stage) Stage {
	return StageFunc(func(ctx context.Context, m *socialcrm.Mention) (err error) {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("pipeline: stage panicked on mention %q: %v", m.ID, r)
			}
		}()
		return next.Process(ctx, m)
	})
}
