package graph

import (
	"context"
	"time"

	"github.com/socialcrm/socialcrm"
)

// Batch is interactions read from the interactions topic with the function
// that commits their offsets.
type Batch struct {
	Interactions []socialcrm.Interaction
	Commit       func(context.Context) error
}

// Run adds batches to the graph until ctx ends or batches is closed. It
// saves a snapshot to st every period and at the end, and commits a
// batch's offsets only once a snapshot holding it is saved, so that a
// restart (after Load) loses nothing that was committed. A crash between a
// save and its commits redelivers those batches, which are then counted
// twice. Invalid interactions are logged and counted, not retried.
func (g *Graph) Run(ctx context.Context, st socialcrm.StateStore, every time.Duration, batches <-chan Batch) error {
	tick := time.NewTicker(every)
	defer tick.Stop()
	var pending []func(context.Context) error
	flush := func(ctx context.Context) error {
		if err := g.Save(ctx, st); err != nil {
			return err
		}
		for i, commit := range pending {
			if commit == nil {
				continue
			}
			if err := commit(ctx); err != nil {
				pending = pending[i:]
				return err
			}
		}
		pending = pending[:0]
		return nil
	}
	final := func() error {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
		defer cancel()
		return flush(ctx)
	}
	for {
		select {
		case <-ctx.Done():
			return final()
		case b, ok := <-batches:
			if !ok {
				return final()
			}
			if err := g.Add(b.Interactions...); err != nil {
				g.logger.Warn("invalid interactions skipped", "err", err)
			}
			pending = append(pending, b.Commit)
		case <-tick.C:
			if len(pending) == 0 {
				continue
			}
			if err := flush(ctx); err != nil {
				g.logger.Error("graph snapshot failed; offsets not committed", "err", err)
			}
		}
	}
}
