package kafka

import (
	"fmt"
	"net"
	"strconv"

	"github.com/twmb/franz-go/pkg/kfake"
)

// DefaultBrokerAddr is where the embedded broker listens by default.
const DefaultBrokerAddr = "127.0.0.1:9092"

// BrokerConfig configures the embedded broker.
type BrokerConfig struct {
	// Addr is the TCP address to listen on; ":0" or "127.0.0.1:0" picks a
	// free port. Empty means DefaultBrokerAddr.
	Addr string
	// Partitions is the partition count of the service's topics, which
	// are created at start-up. Zero means DefaultPartitions.
	Partitions int
	// Topics are created at start-up; nil means socialcrm.Topics.
	Topics []string
	// MaxMessageBytes is the largest record batch the broker accepts.
	// Zero means 4 MiB, so that oversized mentions reach the pipeline
	// (and its dead-letter topic) instead of being refused at the door.
	MaxMessageBytes int
	// DataDir, when set, makes the broker durable: every record batch is
	// written to a log file there before the producer is answered, and
	// committed offsets too, and a broker started on the same directory
	// again (after a stop or a crash) has every message and offset back.
	// Empty keeps everything in memory, lost when the process ends.
	DataDir string
	// SyncWrites fsyncs every batch before answering, so that what was
	// acknowledged survives a power cut too, not only a crash of the
	// process. It costs throughput; without it a crash (kill -9) loses
	// nothing, since the written files are in the kernel's page cache.
	SyncWrites bool
}

// Broker is the embedded Kafka-protocol broker of the default mode: one
// in-process node of franz-go's kfake, served on a real TCP address so
// that kafka-go, kcat and any other Kafka client can use it.
type Broker struct {
	cluster *kfake.Cluster
	addr    string
}

// NewBroker starts the embedded broker. Close it when done.
func NewBroker(conf BrokerConfig) (*Broker, error) {
	addr := conf.Addr
	if addr == "" {
		addr = DefaultBrokerAddr
	}
	if conf.Partitions <= 0 {
		conf.Partitions = DefaultPartitions
	}
	if conf.Topics == nil {
		conf.Topics = defaultTopics()
	}
	if conf.MaxMessageBytes <= 0 {
		conf.MaxMessageBytes = 4 << 20
	}
	listen := func(network, _ string) (net.Listener, error) { return net.Listen(network, addr) }
	opts := []kfake.Opt{
		kfake.NumBrokers(1),
		kfake.ListenFn(listen),
		kfake.DefaultNumPartitions(conf.Partitions),
		kfake.SeedTopics(int32(conf.Partitions), conf.Topics...),
		kfake.AllowAutoTopicCreation(),
		kfake.GroupMinSessionTimeout(minSessionTimeout),
		kfake.BrokerConfigs(map[string]string{
			"message.max.bytes": strconv.Itoa(conf.MaxMessageBytes),
		}),
	}
	if conf.DataDir != "" {
		opts = append(opts, kfake.DataDir(conf.DataDir))
		if conf.SyncWrites {
			opts = append(opts, kfake.SyncWrites())
		}
	}
	c, err := kfake.NewCluster(opts...)
	if err != nil {
		return nil, fmt.Errorf("kafka: start embedded broker on %s: %w", addr, err)
	}
	addrs := c.ListenAddrs()
	if len(addrs) == 0 {
		c.Close()
		return nil, fmt.Errorf("kafka: embedded broker on %s has no listener", addr)
	}
	return &Broker{cluster: c, addr: addrs[0]}, nil
}

// Addr is the host:port the broker listens on.
func (b *Broker) Addr() string { return b.addr }

// Brokers is Addr as a seed list for clients.
func (b *Broker) Brokers() []string { return []string{b.addr} }

// Close stops the broker. Without a DataDir it drops its data; with one
// it saves its state there for the next start.
func (b *Broker) Close() error {
	b.cluster.Close()
	return nil
}
