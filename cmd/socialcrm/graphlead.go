package main

import (
	"context"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/socialcrm/socialcrm/backoff"
)

// leadRetry is the wait between attempts to take the graph's lead while
// the store fails.
var leadRetry = backoff.Policy{Min: 100 * time.Millisecond, Max: 5 * time.Second}

// leadGraph runs the relationship graph (its consumer and saves) only
// while this process leads the role "graph" among the processes on the
// same store, so that two replicas never both write it. A standby takes
// over when the leader stops or loses its database connection, reloading
// the graph the leader saved.
func (a *app) leadGraph(ctx context.Context) error {
	for term := 0; ; term++ {
		asked := time.Now()
		held, release, err := a.store.Lead(ctx, "graph")
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			// The store is down or unreachable: try again, as every
			// consumer does (docs/delivery.md), rather than stop the
			// process.
			wait := leadRetry.Delay(term)
			a.log.Warn("graph: cannot ask for the lead, retrying", "err", err, "wait", wait)
			if backoff.Sleep(ctx, wait) != nil {
				return nil
			}
			continue
		}
		if term > 0 || time.Since(asked) > time.Second { // the saved graph moved on since start
			if err := a.graph.Load(held, a.store); err != nil {
				release()
				a.log.Warn("graph: reload on taking over failed, retrying", "err", err)
				if backoff.Sleep(ctx, leadRetry.Delay(term)) != nil {
					return nil
				}
				continue
			}
		}
		a.log.Info("graph: this process leads", "term", term)
		err = a.runGraph(held)
		release()
		if ctx.Err() != nil {
			return err
		}
		// Leadership lost with its database connection: the final save
		// may have failed too; what it did not save is read again from
		// the interactions topic, whose offsets wait for saves.
		a.log.Warn("graph: leadership lost; standing by", "err", err)
		if err != nil && backoff.Sleep(ctx, leadRetry.Delay(term)) != nil {
			return nil
		}
	}
}

// runGraph consumes interactions into the graph and saves it until ctx
// ends.
func (a *app) runGraph(ctx context.Context) error {
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error { return a.graph.RunSnapshots(gctx, a.store, a.conf.GraphSnapshotEvery) })
	g.Go(func() error {
		return consumeGraphKeeping(gctx, a.brokers, a.graph, a.log, nil, a.consent.KeepInteraction)
	})
	return g.Wait()
}
