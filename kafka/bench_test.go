package kafka_test

import (
	"bytes"
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm/kafka"
)

// BenchmarkTransport produces b.N messages of mention size and consumes
// them through a consumer group, reporting both rates.
func BenchmarkTransport(b *testing.B) {
	br, err := kafka.NewBroker(kafka.BrokerConfig{Addr: "127.0.0.1:0", Partitions: 8})
	if err != nil {
		b.Fatal(err)
	}
	defer br.Close()
	ctx := context.Background()
	w, err := kafka.NewWriter(kafka.WriterConfig{Brokers: br.Brokers(), Topic: "mentions.raw"})
	if err != nil {
		b.Fatal(err)
	}
	value := bytes.Repeat([]byte("x"), 400)
	msgs := make([]kafka.Message, b.N)
	for i := range msgs {
		msgs[i] = kafka.Message{Key: fmt.Appendf(nil, "bench:%d", i), Value: value}
	}
	start := time.Now()
	for i := 0; i < len(msgs); i += 10000 {
		if err := w.Write(ctx, msgs[i:min(i+10000, len(msgs))]...); err != nil {
			b.Fatal(err)
		}
	}
	w.Close()
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "produced/s")

	cons, err := kafka.NewConsumer(kafka.ConsumerConfig{Brokers: br.Brokers(), GroupID: "bench", Topic: "mentions.raw"})
	if err != nil {
		b.Fatal(err)
	}
	var n atomic.Int64
	runCtx, stop := context.WithCancel(ctx)
	b.ResetTimer()
	start = time.Now()
	err = cons.Run(runCtx, func(ctx context.Context, batch *kafka.Batch) error {
		if n.Add(int64(len(batch.Messages))) >= int64(b.N) {
			stop()
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "consumed/s")
}
