package kafka

import (
	"context"
	"errors"
	"fmt"
	"time"

	kafkago "github.com/segmentio/kafka-go"
)

// EnsureTopics creates the topics that do not exist yet with the given
// partition count (and the cluster's default replication). Existing
// topics are left as they are, so calling it again is harmless.
func EnsureTopics(ctx context.Context, brokers []string, topics []string, partitions int) error {
	if len(brokers) == 0 {
		return errors.New("kafka: ensure topics: no brokers given")
	}
	if partitions <= 0 {
		partitions = DefaultPartitions
	}
	req := &kafkago.CreateTopicsRequest{Addr: kafkago.TCP(brokers...)}
	for _, t := range topics {
		req.Topics = append(req.Topics, kafkago.TopicConfig{
			Topic: t, NumPartitions: partitions, ReplicationFactor: -1,
		})
	}
	client := &kafkago.Client{Timeout: 10 * time.Second}
	resp, err := client.CreateTopics(ctx, req)
	if err != nil {
		return fmt.Errorf("kafka: create topics %v: %w", topics, err)
	}
	var errs []error
	for t, err := range resp.Errors {
		if err != nil && !errors.Is(err, kafkago.TopicAlreadyExists) {
			errs = append(errs, fmt.Errorf("kafka: create topic %s: %w", t, err))
		}
	}
	return errors.Join(errs...)
}

// Ping checks that the cluster answers a metadata request, for /readyz.
func Ping(ctx context.Context, brokers []string) error {
	if len(brokers) == 0 {
		return errors.New("kafka: ping: no brokers given")
	}
	client := &kafkago.Client{Timeout: 5 * time.Second}
	resp, err := client.Metadata(ctx, &kafkago.MetadataRequest{Addr: kafkago.TCP(brokers...), Topics: []string{}})
	if err != nil {
		return fmt.Errorf("kafka: ping %v: %w", brokers, err)
	}
	if len(resp.Brokers) == 0 {
		return fmt.Errorf("kafka: ping %v: cluster lists no brokers", brokers)
	}
	return nil
}

// PartitionCount returns the number of partitions of topic.
func PartitionCount(ctx context.Context, brokers []string, topic string) (int, error) {
	client := &kafkago.Client{Timeout: 5 * time.Second}
	resp, err := client.Metadata(ctx, &kafkago.MetadataRequest{Addr: kafkago.TCP(brokers...), Topics: []string{topic}})
	if err != nil {
		return 0, fmt.Errorf("kafka: metadata of %s: %w", topic, err)
	}
	for _, t := range resp.Topics {
		if t.Name == topic {
			if t.Error != nil {
				return 0, fmt.Errorf("kafka: metadata of %s: %w", topic, t.Error)
			}
			return len(t.Partitions), nil
		}
	}
	return 0, fmt.Errorf("kafka: metadata of %s: topic not listed", topic)
}
