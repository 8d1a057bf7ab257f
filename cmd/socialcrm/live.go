package main

import (
	"context"
	"time"
)

// liveRefresh is how often serve rereads the state other processes
// change: contacts (import contacts, other replicas) and the brands'
// sentiment adaptation (corrections made in another process).
const liveRefresh = time.Minute

// refreshLive reloads the CRM contacts the pipeline links and the brands'
// sentiment adapters from the store every period until ctx ends. A failed
// reload is logged and tried again at the next period: the state in
// memory stays as it was.
func (a *app) refreshLive(ctx context.Context, every time.Duration) error {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
		if err := a.matcher.Load(ctx, a.store); err != nil && ctx.Err() == nil {
			a.log.Warn("reloading contacts failed", "err", err)
		}
		if err := a.scorer.Refresh(ctx); err != nil && ctx.Err() == nil {
			a.log.Warn("reloading sentiment adapters failed", "err", err)
		}
	}
}
