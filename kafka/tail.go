package kafka

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	kafkago "github.com/segmentio/kafka-go"
	"golang.org/x/sync/errgroup"

	"github.com/socialcrm/socialcrm/backoff"
)

// tailRetry is the wait between attempts to read a partition while the
// broker fails.
var tailRetry = backoff.Policy{Min: 200 * time.Millisecond, Max: 5 * time.Second}

// Tail calls f with every message written to topic from now on, from
// every partition, until ctx ends, without joining a consumer group or
// committing anything: every process that tails a topic sees all of it
// (live streams, change notices). What was written before it started is
// not read. A read error is logged and retried from where it stopped; f
// is called from one goroutine per partition.
func Tail(ctx context.Context, brokers []string, topic string, log *slog.Logger, f func(Message)) error {
	n, err := PartitionCount(ctx, brokers, topic)
	if err != nil {
		return err
	}
	g, gctx := errgroup.WithContext(ctx)
	for p := range n {
		g.Go(func() error { return tailPartition(gctx, brokers, topic, p, log, f) })
	}
	return g.Wait()
}

func tailPartition(ctx context.Context, brokers []string, topic string, p int, log *slog.Logger, f func(Message)) error {
	offset := kafkago.LastOffset
	for try := 0; ; try++ {
		r := kafkago.NewReader(kafkago.ReaderConfig{Brokers: brokers, Topic: topic, Partition: p,
			MaxWait: 100 * time.Millisecond, MaxBytes: 4 << 20})
		if err := r.SetOffset(offset); err != nil {
			r.Close()
			return fmt.Errorf("kafka: tail %s/%d: %w", topic, p, err)
		}
		for {
			m, err := r.ReadMessage(ctx)
			if err != nil {
				r.Close()
				if ctx.Err() != nil {
					return nil
				}
				if !errors.Is(err, context.DeadlineExceeded) {
					log.Warn("kafka: tail read failed, retrying", "topic", topic, "partition", p, "err", err)
				}
				break
			}
			try = 0
			offset = m.Offset + 1
			f(m)
		}
		if backoff.Sleep(ctx, tailRetry.Delay(try)) != nil {
			return nil
		}
	}
}
