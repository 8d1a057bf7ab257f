package socialcrm

import "context"

// Collector streams mentions from one source until ctx is cancelled. It
// returns nil on a clean stop. emit hands one mention on; when it returns an
// error the collector stops and returns that error.
type Collector interface {
	Name() string
	Collect(ctx context.Context, emit func(context.Context, *Mention) error) error
}
