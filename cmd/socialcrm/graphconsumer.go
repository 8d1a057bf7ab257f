package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/graph"
	"github.com/socialcrm/socialcrm/kafka"
)

// graphFetchBytes is the most one fetch of a partition returns. Saves no
// longer hold a batch back, so batches need not be large to make them
// large: 1 MiB keeps fetching and adding overlapped and the heap small.
const graphFetchBytes = 1 << 20

// consumeGraph feeds the interactions topic into g as a member of the
// group "graph" until ctx ends. Consumption never waits for a save: each
// batch is added to g (graph.AddSaving) and the next one fetched, while
// offsets are committed in the background up to what the latest save of g
// holds (graph.Flush). durable, when set, is told how many messages each
// such save made durable. A batch that comes after the final save stays
// uncommitted.
func consumeGraph(ctx context.Context, brokers []string, g *graph.Graph, log *slog.Logger, durable func(n int)) error {
	return consumeGraphKeeping(ctx, brokers, g, log, durable, nil)
}

// consumeGraphKeeping is consumeGraph leaving out the interactions keep
// refuses (nil keeps all): those of people who are not profiled.
func consumeGraphKeeping(ctx context.Context, brokers []string, g *graph.Graph, log *slog.Logger, durable func(n int), keep func(context.Context, socialcrm.Interaction) bool) error {
	var taken, told atomic.Int64 // messages handled; of those, reported durable
	flush := func(ctx context.Context) error {
		n := taken.Load() // every one of them was added before the flush
		if err := g.Flush(ctx); err != nil {
			return err
		}
		if durable != nil {
			if d := n - told.Swap(n); d > 0 {
				durable(int(d))
			}
		}
		return nil
	}
	c, err := kafka.NewConsumer(kafka.ConsumerConfig{Brokers: brokers, GroupID: graphGroup,
		Topic: socialcrm.TopicInteractions, Logger: log, MaxBytes: graphFetchBytes, Flush: flush})
	if err != nil {
		return err
	}
	err = c.Run(ctx, func(ctx context.Context, b *kafka.Batch) error {
		// Each interaction is decoded once, here (decoding was a quarter
		// of the consumer's CPU, twice over).
		ins := make([]socialcrm.Interaction, 0, len(b.Messages))
		for _, m := range b.Messages {
			// One that does not decode goes to the dead-letter topic
			// (kafka.Handler), instead of being skipped.
			in, err := graph.DecodeInteraction(m.Value)
			if err != nil {
				return fmt.Errorf("interaction at offset %d: %w", m.Offset, err)
			}
			if keep == nil || keep(ctx, in) {
				ins = append(ins, in)
			}
		}
		if len(ins) > 0 {
			if err := g.AddSaving(ins...); err != nil {
				return err
			}
		}
		taken.Add(int64(len(b.Messages)))
		return nil
	})
	if errors.Is(err, graph.ErrStopped) || ctx.Err() != nil {
		return nil
	}
	return err
}
