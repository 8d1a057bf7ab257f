package kafka

import (
	"context"
	"errors"
	"io"
	"time"

	kafkago "github.com/segmentio/kafka-go"

	"github.com/socialcrm/socialcrm/backoff"
)

// fetchLoop sends batches of partition p, starting at offset (or the
// partition's first offset for kafka-go's FirstOffset), to out until ctx
// is done. Connection errors are retried with backoff.
func (c *Consumer) fetchLoop(ctx context.Context, p int, offset int64, out chan<- *Batch) {
	var conn *kafkago.Conn
	defer func() {
		if conn != nil {
			conn.Close()
		}
	}()
	failures := 0
	for ctx.Err() == nil {
		if failures > 0 {
			if backoff.Sleep(ctx, retryPolicy.Delay(failures-1)) != nil {
				return
			}
		}
		if conn == nil {
			var err error
			conn, offset, err = c.dialPartition(ctx, p, offset)
			if err != nil {
				failures++
				c.log.Warn("connect to partition leader", "partition", p, "err", err, "class", ClassifyError(err))
				continue
			}
		}
		b, err := c.fetch(conn, p, offset)
		if err != nil && len(b.Messages) > 0 {
			// Hand on what arrived; the error comes back on the next fetch.
			err = nil
		}
		if err != nil && !errors.Is(err, kafkago.RequestTimedOut) {
			failures++
			if errors.Is(err, kafkago.OffsetOutOfRange) {
				// Retention removed what we wanted: start over at the
				// partition's first offset.
				offset = kafkago.FirstOffset
			} else {
				c.log.Warn("fetch", "partition", p, "offset", offset, "err", err, "class", ClassifyError(err))
			}
			conn.Close()
			conn = nil
			continue
		}
		failures = 0
		if len(b.Messages) == 0 {
			continue
		}
		offset = b.NextOffset()
		select {
		case out <- b:
		case <-ctx.Done():
			return
		}
	}
}

// dialPartition connects to the leader of partition p and seeks to
// offset, resolving FirstOffset and LastOffset, and offsets before the
// first one still kept.
func (c *Consumer) dialPartition(ctx context.Context, p int, offset int64) (*kafkago.Conn, int64, error) {
	var err error
	for _, broker := range c.conf.Brokers {
		var conn *kafkago.Conn
		conn, err = c.conf.Dialer.DialLeader(ctx, "tcp", broker, c.conf.Topic, p)
		if err != nil {
			continue
		}
		conn.SetDeadline(time.Now().Add(10 * time.Second))
		var first, last int64
		if first, last, err = conn.ReadOffsets(); err != nil {
			conn.Close()
			continue
		}
		switch {
		case offset == kafkago.LastOffset:
			offset = last
		case offset == kafkago.FirstOffset, offset < first:
			offset = first
		}
		if _, err = conn.Seek(offset, kafkago.SeekAbsolute); err != nil {
			conn.Close()
			continue
		}
		conn.SetDeadline(time.Time{})
		return conn, offset, nil
	}
	return nil, offset, err
}

// fetch reads one batch at the connection's offset.
func (c *Consumer) fetch(conn *kafkago.Conn, p int, offset int64) (*Batch, error) {
	conn.SetReadDeadline(time.Now().Add(c.conf.MaxWait + 10*time.Second))
	kb := conn.ReadBatchWith(kafkago.ReadBatchConfig{
		MinBytes: c.conf.MinBytes,
		MaxBytes: c.conf.MaxBytes,
		MaxWait:  c.conf.MaxWait,
	})
	b := &Batch{Topic: c.conf.Topic, Partition: p, HighWaterMark: kb.HighWaterMark()}
	for {
		m, err := kb.ReadMessage()
		if err != nil {
			break
		}
		if m.Offset < offset {
			continue // a compressed set may start before the asked offset
		}
		b.Messages = append(b.Messages, m)
	}
	err := kb.Close()
	if errors.Is(err, io.EOF) {
		err = nil
	}
	return b, err
}
