package kafka

import (
	"context"
	"log/slog"
	"maps"
	"sync"

	kafkago "github.com/segmentio/kafka-go"
)

// committer funnels the offset commits of a generation's partitions into
// one goroutine, which sends what has gathered in one request. kafka-go's
// connection spins when several goroutines wait on it at once, and one
// request for all partitions is cheaper anyway.
type committer struct {
	gen   *kafkago.Generation
	topic string
	kick  chan struct{}
	flush func(context.Context) error // asynchronous commits (ConsumerConfig.Flush)
	log   *slog.Logger

	mu      sync.Mutex
	pending map[int]int64
	waiters []chan error
}

func newCommitter(gen *kafkago.Generation, topic string, flush func(context.Context) error, log *slog.Logger) *committer {
	return &committer{gen: gen, topic: topic, kick: make(chan struct{}, 1), flush: flush, log: log, pending: map[int]int64{}}
}

// note records offset as the next to read of partition p, to be
// committed by runFlushing after the next flush; it does not wait.
func (c *committer) note(p int, offset int64) {
	c.mu.Lock()
	c.pending[p] = max(c.pending[p], offset)
	c.mu.Unlock()
	select {
	case c.kick <- struct{}{}:
	default:
	}
}

// runFlushing commits the noted offsets in rounds, each after a flush
// that makes them durable, until drained is closed (every partition
// goroutine returned); then it makes a last round and returns. A round
// whose flush fails leaves its offsets for the next one.
func (c *committer) runFlushing(ctx context.Context, drained <-chan struct{}) {
	for {
		last := false
		select {
		case <-c.kick:
		case <-drained:
			last = true
		}
		c.mu.Lock()
		offsets := c.pending
		c.pending = map[int]int64{}
		c.mu.Unlock()
		if len(offsets) > 0 {
			if err := c.flush(ctx); err != nil {
				c.log.Warn("offsets left uncommitted: their batches are not durable", "partitions", len(offsets), "err", err)
				c.mu.Lock()
				for p, o := range offsets {
					c.pending[p] = max(c.pending[p], o)
				}
				c.mu.Unlock()
			} else if err := c.gen.CommitOffsets(map[string]map[int]int64{c.topic: maps.Clone(offsets)}); err != nil {
				// The partitions now belong to another generation, which
				// reads the batches again: at-least-once.
				c.log.Warn("commit offsets", "partitions", len(offsets), "err", err, "class", ClassifyError(err))
			}
		}
		if last {
			return
		}
	}
}

// commit records offset as the next to read of partition p and waits
// until it is committed.
func (c *committer) commit(p int, offset int64) error {
	done := make(chan error, 1)
	c.mu.Lock()
	c.pending[p] = offset
	c.waiters = append(c.waiters, done)
	c.mu.Unlock()
	select {
	case c.kick <- struct{}{}:
	default:
	}
	return <-done
}

// run commits until close is called and nothing is pending.
func (c *committer) run() {
	for range c.kick {
		c.mu.Lock()
		offsets, waiters := c.pending, c.waiters
		c.pending, c.waiters = map[int]int64{}, nil
		c.mu.Unlock()
		if len(waiters) == 0 {
			continue
		}
		err := c.gen.CommitOffsets(map[string]map[int]int64{c.topic: offsets})
		for _, w := range waiters {
			w <- err
		}
	}
}

// close ends run once every partition goroutine has returned.
func (c *committer) close() { close(c.kick) }
