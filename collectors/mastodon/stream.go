package mastodon

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/backoff"
	"github.com/socialcrm/socialcrm/collectors"
)

// stream is one followed stream and its cursor: the newest status (or,
// for the user stream, notification) id handed on.
type stream struct {
	c          *Collector
	name       string
	streamPath string
	restPath   string
	emit       collectors.Emit
	cursor     *collectors.Cursor
	state      cursorState
}

type cursorState struct {
	LastID string `json:"last_id"`
}

func (s *stream) notifications() bool { return s.name == "user" }

func (s *stream) run(ctx context.Context) error {
	if _, err := s.cursor.Load(ctx, &s.state); err != nil {
		return err
	}
	r := s.c.deps.Retrier(Source, s.name)
	return r.Run(ctx, func(ctx context.Context) error { return s.connect(ctx, r) })
}

// connect opens the stream, backfills what was missed since the cursor
// while the stream buffers, then reads events until the stream ends.
func (s *stream) connect(ctx context.Context, r *backoff.Retrier) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.c.url(s.streamPath), nil)
	if err != nil {
		return backoff.Permanent(fmt.Errorf("mastodon: %w", err))
	}
	s.authorize(req)
	req.Header.Set("Accept", "text/event-stream")
	req.Header.Set("User-Agent", collectors.UserAgent)
	resp, err := s.c.deps.StreamClient().Do(req)
	if err != nil {
		return fmt.Errorf("mastodon: stream %s: %w", s.name, err)
	}
	body := collectors.WithIdleTimeout(resp.Body, s.c.deps.IdleTimeout())
	defer body.Close()
	if resp.StatusCode != http.StatusOK {
		return backoff.StatusError(resp, "mastodon: stream "+s.name, 30*time.Second)
	}
	if err := s.backfill(ctx); err != nil {
		return err
	}
	r.Success()
	err = collectors.ReadSSE(body, func(ev collectors.SSEEvent) error {
		r.Success()
		return s.handle(ctx, ev)
	}, r.Success)
	if backoff.IsPermanent(err) || ctx.Err() != nil {
		return err
	}
	return fmt.Errorf("mastodon: stream %s: %w", s.name, err)
}

func (s *stream) authorize(req *http.Request) {
	if s.c.cfg.Token != "" {
		req.Header.Set("Authorization", "Bearer "+s.c.cfg.Token)
	}
}

// handle turns one event into a mention. Malformed events are counted
// and skipped; an emit failure stops the collector.
func (s *stream) handle(ctx context.Context, ev collectors.SSEEvent) error {
	m := s.c.deps.Metrics
	m.Received(Source)
	var (
		out    *socialcrm.Mention
		cursor string
	)
	switch ev.Event {
	case "update", "status.update":
		if s.notifications() {
			m.Dropped(Source, collectors.DropFiltered) // the home timeline
			return nil
		}
		var st Status
		if err := json.Unmarshal([]byte(ev.Data), &st); err != nil || st.ID == "" {
			return s.malformed(ev, err)
		}
		if ev.Event == "update" {
			if !newer(st.ID, s.state.LastID) {
				m.Dropped(Source, collectors.DropDuplicate)
				return nil
			}
			cursor = st.ID
		}
		out = s.c.statusMention(&st)
	case "notification":
		var n Notification
		if err := json.Unmarshal([]byte(ev.Data), &n); err != nil || n.ID == "" {
			return s.malformed(ev, err)
		}
		if !newer(n.ID, s.state.LastID) {
			m.Dropped(Source, collectors.DropDuplicate)
			return nil
		}
		cursor = n.ID
		if out = s.c.notificationMention(&n); out == nil {
			m.Dropped(Source, collectors.DropFiltered)
		}
	case "delete":
		native := strings.Trim(strings.TrimSpace(ev.Data), `"`)
		if native == "" {
			return s.malformed(ev, nil)
		}
		out = tombstone(native, s.c.deps.Clock())
	default:
		m.Dropped(Source, collectors.DropFiltered)
		return nil
	}
	return s.hand(ctx, out, cursor)
}

// hand emits out (when not nil) and then advances the cursor.
func (s *stream) hand(ctx context.Context, out *socialcrm.Mention, cursor string) error {
	if out != nil {
		if err := s.emit(ctx, out); err != nil {
			return backoff.Permanent(err)
		}
	}
	if cursor != "" && newer(cursor, s.state.LastID) {
		s.state.LastID = cursor
		if err := s.cursor.Save(ctx, s.state); err != nil {
			return err
		}
	}
	return nil
}

func (s *stream) malformed(ev collectors.SSEEvent, err error) error {
	s.c.deps.Metrics.Dropped(Source, collectors.DropMalformed)
	s.c.deps.Log(Source).Warn("malformed event", "stream", s.name, "event", ev.Event, "err", err)
	return nil
}
