package main

import (
	"context"
	"time"
)

// followGraph reloads the relationship graph from the store every period
// until ctx ends, in a process that reads the graph (influence, the
// dashboard) but does not run it. A failed reload keeps the graph it had.
func (a *app) followGraph(ctx context.Context, every time.Duration) error {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
		if err := a.graph.Load(ctx, a.store); err != nil && ctx.Err() == nil {
			a.log.Warn("graph: reload failed", "err", err)
		}
	}
}

// forgetErased makes the graph forget the identities erased under the
// GDPR: those erased already (its saved rows may be older) and those
// another process erases later, which reach this one when the erased set
// is reloaded (reloadErased).
func (a *app) forgetErased() {
	forget := func(ctx context.Context, keys []string) {
		if _, _, err := a.graph.Forget(ctx, keys...); err != nil {
			a.log.Warn("graph: forgetting erased identities failed", "err", err)
		}
	}
	a.erased.OnAdded(forget)
	if keys := a.erased.Keys(); len(keys) > 0 {
		forget(context.Background(), keys)
	}
}

// reloadErased rereads the erased identities every erasedReload until ctx
// ends, in a process without a pipeline (whose filter rereads them).
func (a *app) reloadErased(ctx context.Context) error {
	t := time.NewTicker(erasedReload)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
		if err := a.erased.Load(ctx); err != nil && ctx.Err() == nil {
			a.log.Warn("reloading erased identities failed", "err", err)
		}
	}
}
