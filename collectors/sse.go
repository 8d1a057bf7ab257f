package collectors

import (
	"bufio"
	"io"
	"strings"
)

// SSEEvent is one server-sent event.
type SSEEvent struct {
	Event string // "message" when the stream names none
	Data  string
	ID    string
}

// MaxSSELine bounds one line of an event stream.
const MaxSSELine = 1 << 20

// ReadSSE reads server-sent events from r and calls fn for each, until r
// ends or fn returns an error. Comment lines (heartbeats) call heartbeat
// when it is not nil. A stream that ends in the middle of an event drops
// that event: it was never complete.
func ReadSSE(r io.Reader, fn func(SSEEvent) error, heartbeat func()) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), MaxSSELine)
	var ev SSEEvent
	var data []string
	for sc.Scan() {
		line := strings.TrimSuffix(sc.Text(), "\r")
		if line == "" {
			if len(data) > 0 {
				ev.Data = strings.Join(data, "\n")
				if ev.Event == "" {
					ev.Event = "message"
				}
				if err := fn(ev); err != nil {
					return err
				}
			}
			ev, data = SSEEvent{}, nil
			continue
		}
		if strings.HasPrefix(line, ":") {
			if heartbeat != nil {
				heartbeat()
			}
			continue
		}
		field, value, _ := strings.Cut(line, ":")
		value = strings.TrimPrefix(value, " ")
		switch field {
		case "event":
			ev.Event = value
		case "data":
			data = append(data, value)
		case "id":
			ev.ID = value
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	return io.ErrUnexpectedEOF
}
