package kafka

import kafkago "github.com/segmentio/kafka-go"

// Message is one Kafka record as kafka-go reads and writes it: Topic,
// Partition, Offset, Key, Value, Headers and Time. Writers set Topic and
// Key (the partition follows from the key's hash) and Value.
type Message = kafkago.Message

// Header is a Kafka record header.
type Header = kafkago.Header

// Batch is a run of consecutive messages of one partition, in offset
// order, as fetched by a Consumer.
type Batch struct {
	Topic     string
	Partition int
	Messages  []Message
	// HighWaterMark is the offset after the last message of the
	// partition when the batch was fetched.
	HighWaterMark int64
}

// NextOffset is the offset to commit once the batch is processed.
func (b *Batch) NextOffset() int64 {
	if len(b.Messages) == 0 {
		return -1
	}
	return b.Messages[len(b.Messages)-1].Offset + 1
}

// Lag is how many messages of the partition follow the batch.
func (b *Batch) Lag() int64 {
	if n := b.NextOffset(); n >= 0 && b.HighWaterMark > n {
		return b.HighWaterMark - n
	}
	return 0
}

// Dialer opens connections for a Consumer; see ConsumerConfig.Dialer.
type Dialer = kafkago.Dialer
