package kafka

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	kafkago "github.com/segmentio/kafka-go"

	"github.com/socialcrm/socialcrm"
)

// ConsumerConfig configures a Consumer. Zero values pick defaults tuned for
// throughput on a local broker.
type ConsumerConfig struct {
	Brokers []string
	GroupID string
	Topic   string
	// MaxBytes is the most a fetch of one partition returns (default
	// 1 MiB: smaller batches keep fetching, processing and producing
	// overlapped and the heap small); MinBytes is what the broker waits for, up to MaxWait
	// (defaults 1 byte and 100ms).
	MinBytes int
	MaxBytes int
	MaxWait  time.Duration
	// SessionTimeout is how long the group waits for a silent member
	// before handing its partitions to others (default 10s, at least
	// 3 heartbeats).
	SessionTimeout    time.Duration
	HeartbeatInterval time.Duration
	RebalanceTimeout  time.Duration
	// DrainTimeout bounds how long the batches in hand may take to
	// finish when the consumer stops (default 10s).
	DrainTimeout time.Duration
	// Dialer replaces kafka-go's default dialer (tests use it to cut
	// connections).
	Dialer *kafkago.Dialer
	Logger *slog.Logger
	// StartAtEnd starts a group without committed offsets at the end of
	// each partition, for consumers of live events only; by default it
	// starts at the beginning.
	StartAtEnd bool
	// DeadLetterTopic receives the messages handlers refuse for good
	// (default socialcrm.TopicDLQ).
	DeadLetterTopic string
	// OnRetry and OnDeadLetter, when set, are called with the error of
	// each transient failure and of each dead-lettered message (metrics).
	OnRetry      func(err error)
	OnDeadLetter func(err error)
	// Flush, when set, makes commits asynchronous: a handler returning
	// nil has only taken its batch in, and the consumer goes on to the
	// next one at once. Offsets are committed in the background, each
	// time after Flush returns nil, which must make durable the effect of
	// every batch whose handler returned before Flush was called (the
	// graph: a save holding them). An offset whose Flush failed is not
	// committed; a later Flush covers it, or the partition's next owner
	// reads the batch again.
	Flush func(ctx context.Context) error
}

// Handler processes one batch. It is called concurrently for different
// partitions and in order within a partition, and must be idempotent:
// delivery is at-least-once. Its result is the delivery contract of every
// consumer of the service:
//
//   - nil: the batch's effect is durable; the consumer commits its offset.
//   - a permanent error (see Permanent: it wraps socialcrm.ErrInvalid, for
//     bad input or data a store refuses): the consumer hands the batch's
//     messages to h one at a time, writes each that is refused again to
//     the dead-letter topic with the error and its topic, partition,
//     offset and key, and then commits. A refused message never stops the
//     partition.
//   - any other error is transient (store or broker down, timeout): the
//     consumer waits with backoff and hands the same batch to h again.
//     The partition holds and nothing is committed until h succeeds, the
//     consumer stops or the partition moves to another member, which then
//     reads the batch again.
type Handler func(ctx context.Context, b *Batch) error

// Consumer reads a topic as a member of a consumer group. Each assigned
// partition gets its own goroutines: one fetching the next batch while
// another processes the current one, then commits its offset. Delivery is
// at-least-once: a batch whose offset was not committed is read again by
// whichever member owns the partition next.
type Consumer struct {
	conf ConsumerConfig
	log  *slog.Logger
}

// NewConsumer checks conf and returns a Consumer. It connects in Run.
func NewConsumer(conf ConsumerConfig) (*Consumer, error) {
	switch {
	case len(conf.Brokers) == 0:
		return nil, errors.New("kafka: consumer: no brokers given")
	case conf.GroupID == "":
		return nil, errors.New("kafka: consumer: no group id given")
	case conf.Topic == "":
		return nil, errors.New("kafka: consumer: no topic given")
	}
	if conf.MinBytes <= 0 {
		conf.MinBytes = 1
	}
	if conf.MaxBytes <= 0 {
		conf.MaxBytes = 1 << 20
	}
	if conf.MaxWait <= 0 {
		conf.MaxWait = 100 * time.Millisecond
	}
	if conf.SessionTimeout <= 0 {
		conf.SessionTimeout = 10 * time.Second
	}
	if conf.HeartbeatInterval <= 0 {
		conf.HeartbeatInterval = conf.SessionTimeout / 3
	}
	if conf.RebalanceTimeout <= 0 {
		conf.RebalanceTimeout = 30 * time.Second
	}
	if conf.DrainTimeout <= 0 {
		conf.DrainTimeout = 10 * time.Second
	}
	if conf.DeadLetterTopic == "" {
		conf.DeadLetterTopic = socialcrm.TopicDLQ
	}
	if conf.Dialer == nil {
		conf.Dialer = &kafkago.Dialer{Timeout: 10 * time.Second, DualStack: true, ClientID: "socialcrm"}
	}
	log := conf.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	log = log.With("component", "kafka", "group", conf.GroupID, "topic", conf.Topic)
	return &Consumer{conf: conf, log: log}, nil
}

// Run consumes until ctx is cancelled, handing batches to h under the
// contract of Handler. On cancellation it lets the batches in hand finish
// and commits them, leaves the group and returns nil. It returns an error
// only when it cannot join the group at all.
func (c *Consumer) Run(ctx context.Context, h Handler) error {
	dlq, err := NewWriter(WriterConfig{Brokers: c.conf.Brokers,
		Transport: &kafkago.Transport{Dial: c.conf.Dialer.DialFunc}})
	if err != nil {
		return err
	}
	defer dlq.Close()
	cg, err := kafkago.NewConsumerGroup(kafkago.ConsumerGroupConfig{
		ID:                c.conf.GroupID,
		Brokers:           c.conf.Brokers,
		Dialer:            c.conf.Dialer,
		Topics:            []string{c.conf.Topic},
		SessionTimeout:    c.conf.SessionTimeout,
		HeartbeatInterval: c.conf.HeartbeatInterval,
		RebalanceTimeout:  c.conf.RebalanceTimeout,
		JoinGroupBackoff:  time.Second,
		StartOffset:       c.startOffset(),
	})
	if err != nil {
		return fmt.Errorf("kafka: consumer group %s: %w", c.conf.GroupID, err)
	}
	// Closing the group ends the current generation, which waits for the
	// partition goroutines to drain and commit, then leaves the group.
	defer cg.Close()
	for {
		gen, err := cg.Next(ctx)
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			c.log.Warn("join consumer group", "err", err)
			continue
		}
		assigned := gen.Assignments[c.conf.Topic]
		c.log.Debug("generation", "id", gen.ID, "member", gen.MemberID, "partitions", len(assigned))
		cm := newCommitter(gen, c.conf.Topic, c.conf.Flush, c.log)
		var wg sync.WaitGroup
		wg.Add(len(assigned))
		for _, a := range assigned {
			gen.Start(func(gctx context.Context) {
				defer wg.Done()
				c.consumePartition(ctx, gctx, cm, dlq, a, h)
			})
		}
		if cm.flush == nil {
			go cm.run()
			go func() { wg.Wait(); cm.close() }()
			continue
		}
		// Asynchronous commits run in the generation too, so that the
		// last ones, after the partitions drained, are made before it
		// ends.
		drained := make(chan struct{})
		go func() { wg.Wait(); close(drained) }()
		gen.Start(func(gctx context.Context) {
			fctx, cancel := c.drainContext(ctx, gctx)
			defer cancel()
			cm.runFlushing(fctx, drained)
		})
	}
}

// drainContext is a context that outlives the generation's gctx by
// DrainTimeout, so that the work in hand can finish and be committed.
func (c *Consumer) drainContext(ctx, gctx context.Context) (context.Context, context.CancelFunc) {
	hctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	stop := context.AfterFunc(gctx, func() { time.AfterFunc(c.conf.DrainTimeout, cancel) })
	return hctx, func() { stop(); cancel() }
}

func (c *Consumer) startOffset() int64 {
	if c.conf.StartAtEnd {
		return kafkago.LastOffset
	}
	return kafkago.FirstOffset
}

// pinStart returns the offset to read partition a from. A group that
// starts at the end (StartAtEnd) and has committed nothing there commits
// the end offset first: otherwise a member that stopped before its first
// commit would have the next one start at the end again, skipping what
// arrived in between.
func (c *Consumer) pinStart(gctx context.Context, cm *committer, a kafkago.PartitionAssignment) int64 {
	if a.Offset != kafkago.LastOffset {
		return a.Offset
	}
	conn, end, err := c.dialPartition(gctx, a.ID, a.Offset)
	if err != nil {
		return a.Offset
	}
	conn.Close()
	if err := cm.commit(a.ID, end); err != nil {
		c.log.Warn("commit start offset", "partition", a.ID, "offset", end, "err", err)
		return a.Offset
	}
	return end
}

// consumePartition fetches batches of one partition in one goroutine and
// handles and commits them in this one, until the generation ends.
func (c *Consumer) consumePartition(ctx, gctx context.Context, cm *committer, dlq *Writer, a kafkago.PartitionAssignment, h Handler) {
	offset := c.pinStart(gctx, cm, a)
	batches := make(chan *Batch, 1)
	fctx, stopFetch := context.WithCancel(gctx)
	var wg sync.WaitGroup
	wg.Go(func() {
		defer close(batches)
		c.fetchLoop(fctx, a.ID, offset, batches)
	})
	defer wg.Wait()
	defer stopFetch()

	// The handler's context outlives the generation by DrainTimeout, so
	// that the batch in hand can finish and be committed.
	hctx, cancel := c.drainContext(ctx, gctx)
	defer cancel()

	for b := range batches {
		if gctx.Err() != nil {
			// The generation ended while the batch waited: leave it to
			// the partition's next owner.
			continue
		}
		if err := c.deliver(hctx, gctx, dlq, b, h); err != nil {
			// Stopped or rebalanced before the batch was handled: the
			// partition's next owner reads it again.
			return
		}
		if cm.flush != nil {
			cm.note(b.Partition, b.NextOffset())
			continue
		}
		if err := cm.commit(b.Partition, b.NextOffset()); err != nil {
			// The partition now belongs to another generation, which
			// will read the batch again: at-least-once.
			c.log.Warn("commit offsets", "partition", b.Partition, "offset", b.NextOffset(), "err", err, "class", ClassifyError(err))
			return
		}
	}
}
