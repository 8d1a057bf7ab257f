package kafka

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/socialcrm/socialcrm"
)

// DeadLetterOf wraps msg, refused with err, as a message for the
// dead-letter topic: keyed like the original, holding its bytes (cut to
// socialcrm.MaxDeadLetterBytes), the error and where it was read.
func DeadLetterOf(msg *Message, err error) Message {
	d := socialcrm.DeadLetter{V: socialcrm.SchemaVersion, Error: err.Error(), Topic: msg.Topic,
		Partition: msg.Partition, Offset: msg.Offset, Key: msg.Key, Value: msg.Value,
		Size: len(msg.Value), At: time.Now().UTC()}
	if len(d.Error) > maxErrorBytes {
		d.Error = d.Error[:maxErrorBytes] + "…"
	}
	if len(d.Value) > socialcrm.MaxDeadLetterBytes {
		d.Value, d.Truncated = d.Value[:socialcrm.MaxDeadLetterBytes], true
	}
	v, jerr := json.Marshal(d)
	if jerr != nil { // cannot happen: every field marshals
		v = fmt.Appendf(nil, `{"v":1,"error":%q}`, jerr.Error())
	}
	return Message{Topic: socialcrm.TopicDLQ, Key: msg.Key, Value: v}
}

// maxErrorBytes caps the error text of a dead letter: an error may quote
// an oversized field.
const maxErrorBytes = 4 << 10
