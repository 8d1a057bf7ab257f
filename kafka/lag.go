package kafka

import (
	"context"
	"errors"
	"fmt"
	"time"

	kafkago "github.com/segmentio/kafka-go"

	"github.com/socialcrm/socialcrm/backoff"
)

// Lag is how many messages of topic the consumer group has not committed
// yet, summed over partitions: each partition's end offset less the
// group's committed offset (or less its first offset, when the group has
// committed nothing there).
func Lag(ctx context.Context, brokers []string, group, topic string) (int64, error) {
	n, err := PartitionCount(ctx, brokers, topic)
	if err != nil {
		return 0, err
	}
	parts := make([]int, n)
	reqs := make([]kafkago.OffsetRequest, 0, 2*n)
	for p := range parts {
		parts[p] = p
		reqs = append(reqs, kafkago.FirstOffsetOf(p), kafkago.LastOffsetOf(p))
	}
	client := &kafkago.Client{Addr: kafkago.TCP(brokers...), Timeout: 5 * time.Second}
	offs, err := client.ListOffsets(ctx, &kafkago.ListOffsetsRequest{Topics: map[string][]kafkago.OffsetRequest{topic: reqs}})
	if err != nil {
		return 0, fmt.Errorf("kafka: offsets of %s: %w", topic, err)
	}
	committed, err := client.OffsetFetch(ctx, &kafkago.OffsetFetchRequest{GroupID: group, Topics: map[string][]int{topic: parts}})
	if err == nil && !errors.Is(committed.Error, kafkago.GroupIdNotFound) { // unknown: nothing committed
		err = committed.Error
	}
	if err != nil {
		return 0, fmt.Errorf("kafka: offsets of group %s on %s: %w", group, topic, err)
	}
	done := map[int]int64{}
	for _, p := range committed.Topics[topic] {
		if p.Error == nil && p.CommittedOffset >= 0 {
			done[p.Partition] = p.CommittedOffset
		}
	}
	var lag int64
	var errs []error
	for _, p := range offs.Topics[topic] {
		if p.Error != nil {
			errs = append(errs, fmt.Errorf("kafka: offsets of %s/%d: %w", topic, p.Partition, p.Error))
			continue
		}
		from, ok := done[p.Partition]
		if !ok {
			from = p.FirstOffset
		}
		lag += max(p.LastOffset-from, 0)
	}
	return lag, errors.Join(errs...)
}

// GroupTopic names a consumer group and the topic it reads.
type GroupTopic struct{ Group, Topic string }

// WaitCaughtUp waits until every group has committed everything of its
// topic, polling every poll, or until ctx ends. Groups are checked in
// order and each waits for the ones before it, so list them upstream
// first (the pipeline on mentions.raw before the readers of what it
// produces). It returns the lag left when ctx ended.
func WaitCaughtUp(ctx context.Context, brokers []string, poll time.Duration, gts ...GroupTopic) error {
	for _, gt := range gts {
		last := int64(-1)
		for {
			lag, err := Lag(ctx, brokers, gt.Group, gt.Topic)
			if err == nil && lag == 0 {
				break
			}
			if err == nil {
				last = lag
			}
			if ctx.Err() != nil {
				if last < 0 {
					return fmt.Errorf("kafka: group %s on %s: %w", gt.Group, gt.Topic, err)
				}
				return fmt.Errorf("kafka: group %s has %d messages of %s left", gt.Group, last, gt.Topic)
			}
			_ = backoff.Sleep(ctx, poll) // ctx's end is reported above
		}
	}
	return nil
}
