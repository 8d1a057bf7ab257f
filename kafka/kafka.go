// Package kafka is the Kafka adapter of the service, on
// github.com/segmentio/kafka-go: the embedded broker of the default mode,
// topic creation, a batched writer, a consumer-group consumer that hands
// out per-partition batches and commits their offsets after processing,
// and error classification for metric labels.
package kafka

import (
	"slices"
	"time"

	"github.com/socialcrm/socialcrm"
)

// DefaultPartitions is the partition count of the service's topics when
// none is configured. Partitions are the unit of parallelism of the
// pipeline, so keep it at least the number of cores.
const DefaultPartitions = 8

// minSessionTimeout is the shortest consumer-group session the embedded
// broker accepts, so that tests can notice a dead member quickly.
const minSessionTimeout = time.Second

func defaultTopics() []string { return slices.Clone(socialcrm.Topics) }
