package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/graph"
	"github.com/socialcrm/socialcrm/kafka"
)

// graphFetchBytes is the most one fetch of a partition returns: large, so
// that each graph save, which every partition's batch waits for, holds
// many interactions.
const graphFetchBytes = 8 << 20

// consumeGraph feeds the interactions topic into g as a member of the
// group "graph" until ctx ends. Each batch's offset is committed once a
// save of g holds it (graph.AddDurable); durable, when set, is told how
// many messages that was. A batch that comes after the final save stays
// uncommitted.
func consumeGraph(ctx context.Context, brokers []string, g *graph.Graph, log *slog.Logger, durable func(n int)) error {
	return consumeGraphKeeping(ctx, brokers, g, log, durable, nil)
}

// consumeGraphKeeping is consumeGraph leaving out the interactions keep
// refuses (nil keeps all): those of people who are not profiled.
func consumeGraphKeeping(ctx context.Context, brokers []string, g *graph.Graph, log *slog.Logger, durable func(n int), keep func(context.Context, socialcrm.Interaction) bool) error {
	c, err := kafka.NewConsumer(kafka.ConsumerConfig{Brokers: brokers, GroupID: graphGroup,
		Topic: socialcrm.TopicInteractions, Logger: log, MaxBytes: graphFetchBytes})
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
			if err := g.AddDurable(ctx, ins...); err != nil {
				return err
			}
		}
		if durable != nil {
			durable(len(b.Messages))
		}
		return nil
	})
	if errors.Is(err, graph.ErrStopped) || ctx.Err() != nil {
		return nil
	}
	return err
}
