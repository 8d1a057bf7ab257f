package kafka

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	kafkago "github.com/segmentio/kafka-go"
)

// Scan reads every message of topic that is there when it starts,
// partition by partition, from each one's first kept offset to its end,
// and calls f with each, without joining a consumer group or committing
// anything (for tools such as "socialcrm dlq"). It stops at f's first
// error and returns it.
func Scan(ctx context.Context, brokers []string, topic string, f func(Message) error) error {
	n, err := PartitionCount(ctx, brokers, topic)
	if err != nil {
		return err
	}
	dialer := &kafkago.Dialer{Timeout: 10 * time.Second, ClientID: "socialcrm"}
	for p := range n {
		if err := scanPartition(ctx, dialer, brokers, topic, p, f); err != nil {
			return err
		}
	}
	return nil
}

func scanPartition(ctx context.Context, dialer *kafkago.Dialer, brokers []string, topic string, p int, f func(Message) error) error {
	var conn *kafkago.Conn
	var err error
	for _, b := range brokers {
		if conn, err = dialer.DialLeader(ctx, "tcp", b, topic, p); err == nil {
			break
		}
	}
	if err != nil {
		return fmt.Errorf("kafka: scan %s/%d: %w", topic, p, err)
	}
	defer conn.Close()
	first, end, err := conn.ReadOffsets()
	if err != nil {
		return fmt.Errorf("kafka: scan %s/%d: offsets: %w", topic, p, err)
	}
	for offset := first; offset < end; {
		if _, err := conn.Seek(offset, kafkago.SeekAbsolute); err != nil {
			return fmt.Errorf("kafka: scan %s/%d at %d: %w", topic, p, offset, err)
		}
		conn.SetReadDeadline(time.Now().Add(10 * time.Second))
		batch := conn.ReadBatch(1, 4<<20)
		read := 0
		for {
			m, err := batch.ReadMessage()
			if err != nil {
				break
			}
			if m.Offset < offset {
				continue
			}
			read++
			offset = m.Offset + 1
			if err := f(m); err != nil {
				batch.Close()
				return err
			}
			if offset >= end {
				break
			}
		}
		if err := batch.Close(); err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("kafka: scan %s/%d at %d: %w", topic, p, offset, err)
		}
		if read == 0 {
			return fmt.Errorf("kafka: scan %s/%d: nothing read at %d of %d", topic, p, offset, end)
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	return nil
}
