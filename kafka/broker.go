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
	c, err := kfake.NewCluster(
		kfake.NumBrokers(1),
		kfake.ListenFn(listen),
		kfake.DefaultNumPartitions(conf.Partitions),
		kfake.SeedTopics(int32(conf.Partitions), conf.Topics...),
		kfake.AllowAutoTopicCreation(),
		kfake.GroupMinSessionTimeout(minSessionTimeout),
		kfake.BrokerConfigs(map[string]string{
			"message.max.bytes": strconv.Itoa(conf.MaxMessageBytes),
		}),
	)
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

// Close stops the broker and drops its data.
func (b *Broker) Close() error {
	b.cluster.Close()
	return nil
}
