package pipeline

import (
	"context"
	"errors"
	"fmt"

	"github.com/socialcrm/socialcrm"
)

// Stage enriches one mention on the hot path, after scoring and contact
// linking and before the batch is stored. A Stage may be called
// concurrently for mentions of different partitions.
//
// An error that wraps socialcrm.ErrInvalid sends the mention to the
// dead-letter topic; one that wraps ErrDrop leaves it out on purpose (it
// is neither stored nor produced); any other error is logged and counted
// and the mention goes on without that enrichment.
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

// ErrDrop, wrapped in a Stage's error, leaves the mention out of the batch:
// it is not stored and not produced, and its offset is committed with the
// batch's. Dropped mentions are counted in socialcrm_pipeline_dropped_total.
var ErrDrop = errors.New("pipeline: mention dropped")

// Filter returns a Stage that drops the mentions keep refuses, for
// example those of identities erased under the GDPR (crm.Erased.Keep).
func Filter(keep func(ctx context.Context, m *socialcrm.Mention) bool) Stage {
	return StageFunc(func(ctx context.Context, m *socialcrm.Mention) error {
		if !keep(ctx, m) {
			return fmt.Errorf("mention %q: %w", m.ID, ErrDrop)
		}
		return nil
	})
}
