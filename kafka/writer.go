package kafka

import (
	"context"
	"errors"
	"fmt"
	"time"

	kafkago "github.com/segmentio/kafka-go"
	"github.com/segmentio/kafka-go/compress"
)

// WriterConfig configures a Writer. Zero values pick throughput-friendly
// defaults.
type WriterConfig struct {
	Brokers []string
	// Topic, when set, is the topic of every message; otherwise each
	// Message names its own.
	Topic string
	// BatchSize is the most messages sent to one partition in one request
	// (default 2000).
	BatchSize int
	// BatchBytes caps one request to a partition (default 4 MiB).
	BatchBytes int64
	// BatchTimeout is how long a partial batch waits for more messages
	// (default 2ms).
	BatchTimeout time.Duration
	// Acks is "all" (every in-sync replica, the default), "leader" or
	// "none".
	Acks string
	// Compression is "", "none", "gzip", "snappy", "lz4" or "zstd".
	Compression string
	// Async makes Write return at once, before the messages are sent:
	// for producers that write one message at a time (collectors), which
	// would otherwise wait up to BatchTimeout per call. Failures then go
	// to OnError (and are lost to the caller), so the caller must be able
	// to produce the messages again, as a collector resuming from its
	// cursor can.
	Async   bool
	OnError func(msgs []Message, err error)
	// Transport replaces kafka-go's default transport (tests use it to
	// cut connections).
	Transport kafkago.RoundTripper
}

// Writer produces messages in batches, partitioned by the hash of their
// key, so that all messages with one key keep their order.
type Writer struct {
	w *kafkago.Writer
}

// NewWriter returns a Writer. Close it to flush and release connections.
func NewWriter(conf WriterConfig) (*Writer, error) {
	if len(conf.Brokers) == 0 {
		return nil, errors.New("kafka: writer: no brokers given")
	}
	codec, err := compression(conf.Compression)
	if err != nil {
		return nil, err
	}
	if conf.BatchSize <= 0 {
		conf.BatchSize = 2000
	}
	if conf.BatchBytes <= 0 {
		conf.BatchBytes = 4 << 20
	}
	if conf.BatchTimeout <= 0 {
		conf.BatchTimeout = 2 * time.Millisecond
	}
	var acks kafkago.RequiredAcks
	switch conf.Acks {
	case "", "all":
		acks = kafkago.RequireAll
	case "leader":
		acks = kafkago.RequireOne
	case "none":
		acks = kafkago.RequireNone
	default:
		return nil, fmt.Errorf("kafka: writer: acks %q is not all, leader or none", conf.Acks)
	}
	w := &kafkago.Writer{
		Addr:         kafkago.TCP(conf.Brokers...),
		Topic:        conf.Topic,
		Balancer:     &kafkago.Hash{},
		BatchSize:    conf.BatchSize,
		BatchBytes:   conf.BatchBytes,
		BatchTimeout: conf.BatchTimeout,
		RequiredAcks: acks,
		Compression:  codec,
		Transport:    conf.Transport,
		Async:        conf.Async,
	}
	if conf.Async && conf.OnError != nil {
		onError := conf.OnError
		w.Completion = func(msgs []kafkago.Message, err error) {
			if err != nil {
				onError(msgs, fmt.Errorf("kafka: write %d messages: %w", len(msgs), err))
			}
		}
	}
	return &Writer{w: w}, nil
}

func compression(name string) (kafkago.Compression, error) {
	switch name {
	case "", "none":
		return 0, nil
	case "gzip":
		return kafkago.Compression(compress.Gzip), nil
	case "snappy":
		return kafkago.Compression(compress.Snappy), nil
	case "lz4":
		return kafkago.Compression(compress.Lz4), nil
	case "zstd":
		return kafkago.Compression(compress.Zstd), nil
	}
	return 0, fmt.Errorf("kafka: unknown compression %q (want none, gzip, snappy, lz4 or zstd)", name)
}

// Write sends msgs and returns once every one is acknowledged, or the
// first error (unless the writer is Async). Messages of concurrent calls
// share batches.
func (w *Writer) Write(ctx context.Context, msgs ...Message) error {
	if len(msgs) == 0 {
		return nil
	}
	if err := w.w.WriteMessages(ctx, msgs...); err != nil {
		return fmt.Errorf("kafka: write %d messages: %w", len(msgs), err)
	}
	return nil
}

// Close flushes pending messages and closes the connections.
func (w *Writer) Close() error {
	if err := w.w.Close(); err != nil {
		return fmt.Errorf("kafka: close writer: %w", err)
	}
	return nil
}
