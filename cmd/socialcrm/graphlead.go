package main

import (
	"context"
	"fmt"
	"time"

	"golang.org/x/sync/errgroup"
)

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
			return fmt.Errorf("graph: lead: %w", err)
		}
		if term > 0 || time.Since(asked) > time.Second { // the saved graph moved on since start
			if err := a.graph.Load(held, a.store); err != nil {
				release()
				return fmt.Errorf("graph: reload on taking over: %w", err)
			}
		}
		a.log.Info("graph: this process leads", "term", term)
		err = a.runGraph(held)
		release()
		if err != nil || ctx.Err() != nil {
			return err
		}
		a.log.Warn("graph: leadership lost; standing by")
	}
}

// runGraph consumes interactions into the graph and saves it until ctx
// ends.
func (a *app) runGraph(ctx context.Context) error {
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error { return a.graph.RunSnapshots(gctx, a.store, a.conf.GraphSnapshotEvery) })
	g.Go(func() error { return consumeGraph(gctx, a.brokers, a.graph, a.log, nil) })
	return g.Wait()
}
