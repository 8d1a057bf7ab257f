package kafka

import (
	"context"
	"errors"
	"time"

	kafkago "github.com/segmentio/kafka-go"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/backoff"
)

// Permanent reports whether a handler's error is one that handling the
// same message again cannot fix: it wraps socialcrm.ErrInvalid (bad
// input, or data a store refuses), or a message is over the broker's
// size limit. Every other error is transient.
func Permanent(err error) bool {
	return errors.Is(err, socialcrm.ErrInvalid) || ClassifyError(err) == ClassTooLarge
}

// retryPolicy is the wait between attempts at a batch that failed
// transiently: from 100ms up to 5s, so that a store back from an outage is
// used within seconds.
var retryPolicy = backoff.Policy{Min: 100 * time.Millisecond, Max: 5 * time.Second}

// errAbandoned says that a batch was left uncommitted because the
// consumer stopped or the partition moved to another member, which reads
// it again.
var errAbandoned = errors.New("kafka: batch abandoned")

// deliver handles b under the delivery contract (see Handler) and returns
// nil when b may be committed, or errAbandoned.
func (c *Consumer) deliver(ctx, gctx context.Context, dlq *Writer, b *Batch, h Handler) error {
	err := c.retry(ctx, gctx, b, h)
	if err == nil || errors.Is(err, errAbandoned) {
		return err
	}
	if len(b.Messages) == 1 {
		return c.deadLetter(ctx, gctx, dlq, &b.Messages[0], err)
	}
	// Some message of the batch is refused for good: find which by
	// handling them one at a time. Handlers are idempotent (delivery is
	// at-least-once), so those of the batch already handled change nothing.
	c.log.Warn("batch refused, handling its messages one by one", "partition", b.Partition,
		"offset", b.Messages[0].Offset, "messages", len(b.Messages), "err", err)
	for i := range b.Messages {
		one := &Batch{Topic: b.Topic, Partition: b.Partition, Messages: b.Messages[i : i+1], HighWaterMark: b.HighWaterMark}
		if err := c.deliver(ctx, gctx, dlq, one, h); err != nil {
			return err
		}
	}
	return nil
}

// retry calls h until it returns nil or a permanent error, waiting with
// backoff after each transient one. It gives up with errAbandoned when the
// generation ends (rebalance or stop) or ctx, which outlives the
// generation by DrainTimeout, ends.
func (c *Consumer) retry(ctx, gctx context.Context, b *Batch, h Handler) error {
	for attempt := 0; ; attempt++ {
		err := h(ctx, b)
		if err == nil || Permanent(err) {
			return err
		}
		if gctx.Err() != nil || ctx.Err() != nil {
			c.log.Warn("batch left uncommitted at stop or rebalance", "partition", b.Partition,
				"offset", b.Messages[0].Offset, "err", err, "class", ClassifyError(err))
			return errAbandoned
		}
		wait := retryPolicy.Delay(attempt)
		c.log.Warn("batch failed, retrying", "partition", b.Partition, "offset", b.Messages[0].Offset,
			"messages", len(b.Messages), "attempt", attempt+1, "wait", wait, "err", err, "class", ClassifyError(err))
		if c.conf.OnRetry != nil {
			c.conf.OnRetry(err)
		}
		if backoff.Sleep(gctx, wait) != nil {
			return errAbandoned
		}
	}
}

// deadLetter writes msg, refused with err, to the dead-letter topic,
// retrying while the broker fails, so that it can be committed.
func (c *Consumer) deadLetter(ctx, gctx context.Context, dlq *Writer, msg *kafkago.Message, cause error) error {
	dead := DeadLetterOf(msg, cause)
	dead.Topic = c.conf.DeadLetterTopic
	for attempt := 0; ; attempt++ {
		err := dlq.Write(ctx, dead)
		if err == nil {
			c.log.Warn("message dead-lettered", "topic", msg.Topic, "partition", msg.Partition,
				"offset", msg.Offset, "err", cause)
			if c.conf.OnDeadLetter != nil {
				c.conf.OnDeadLetter(cause)
			}
			return nil
		}
		if gctx.Err() != nil || ctx.Err() != nil {
			return errAbandoned
		}
		wait := retryPolicy.Delay(attempt)
		c.log.Warn("dead letter not written, retrying", "partition", msg.Partition, "offset", msg.Offset,
			"wait", wait, "err", err)
		if backoff.Sleep(gctx, wait) != nil {
			return errAbandoned
		}
	}
}
