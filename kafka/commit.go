package kafka

import (
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

	mu      sync.Mutex
	pending map[int]int64
	waiters []chan error
}

func newCommitter(gen *kafkago.Generation, topic string) *committer {
	return &committer{gen: gen, topic: topic, kick: make(chan struct{}, 1), pending: map[int]int64{}}
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
