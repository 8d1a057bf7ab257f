package socialcrm

import "time"

// DeadLetter is a message the pipeline could not handle, as written to
// mentions.dlq under the original message's key: the original bytes, why
// they were refused, and where they were read.
type DeadLetter struct {
	V         int    `json:"v"`
	Error     string `json:"error"`
	Topic     string `json:"topic"`
	Partition int    `json:"partition"`
	Offset    int64  `json:"offset"`
	Key       []byte `json:"key,omitempty"` // the original key, base64 in JSON
	Value     []byte `json:"value"`         // the original bytes, base64 in JSON
	// Size is the length of the original message. Value holds only its
	// first MaxDeadLetterBytes when Truncated, so that the dead letter
	// fits in a broker's default message size.
	Size      int       `json:"size"`
	Truncated bool      `json:"truncated,omitempty"`
	At        time.Time `json:"at"` // when the pipeline refused them
}

// MaxDeadLetterBytes is the most of an original message a DeadLetter keeps.
const MaxDeadLetterBytes = MaxMentionBytes
