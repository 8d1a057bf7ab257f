package mastodon

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/backoff"
	"github.com/socialcrm/socialcrm/collectors"
)

// stream is one followed stream: its live connection, the REST backfill
// that fills the gap before each (re)connect, and their shared cursor.
type stream struct {
	c          *Collector
	name       string
	streamPath string
	restPath   string // "" when the stream has no backfill
	emit       collectors.Emit
	cursor     *collectors.Cursor
	seen       *collectors.Seen // keys of what was handed on: order is no guide
	kick       chan string      // a connection opened: backfill down to this id

	mu    sync.Mutex
	state cursorState
}

// cursorState is the newest id handed on (the floor of the next backfill)
// and the backfill walk in progress, saved page by page so that a restart
// or an error resumes the walk where it was, and the keys of the last
// items handed on, so that a restart does not hand them on again.
type cursorState struct {
	LastID string   `json:"last_id"`
	Walk   *walk    `json:"walk,omitempty"`
	Recent []string `json:"recent,omitempty"` // the last keys handed on, oldest first
}

// recentKeys bounds the keys a cursor remembers across restarts.
const recentKeys = 200

// walk pages a REST timeline back from the newest item to SinceID.
type walk struct {
	SinceID string `json:"since_id,omitempty"` // lower bound: the floor when the walk began
	MaxID   string `json:"max_id,omitempty"`   // the next page is older than this
	Top     string `json:"top,omitempty"`      // newest id the walk met
	Pages   int    `json:"pages"`
}

func (s *stream) notifications() bool { return s.name == "user" }

// run follows the stream and backfills beside it: the stream is read
// even while the backfill is failing, and each has its own retries.
func (s *stream) run(ctx context.Context) error {
	if _, err := s.cursor.Load(ctx, &s.state); err != nil {
		return err
	}
	for _, k := range s.state.Recent {
		s.seen.Add(k)
	}
	g, ctx := errgroup.WithContext(ctx)
	live := s.c.deps.Retrier(Source, s.name)
	g.Go(func() error { return live.Run(ctx, func(ctx context.Context) error { return s.connect(ctx, live) }) })
	if s.restPath != "" {
		fill := s.c.deps.Retrier(Source, s.name+":backfill")
		g.Go(func() error { return fill.Run(ctx, func(ctx context.Context) error { return s.fill(ctx, fill) }) })
	}
	return g.Wait()
}

// connect opens the stream, asks for a backfill of what was missed, and
// reads events until the stream ends.
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
	r.Success()
	if floor, ok := s.floor(); ok {
		select {
		case s.kick <- floor:
		default: // a backfill from an older floor is already asked for
		}
	}
	err = collectors.ReadSSE(body, func(ev collectors.SSEEvent) error {
		r.Success()
		return s.handle(ctx, ev)
	}, r.Success)
	if backoff.IsPermanent(err) || ctx.Err() != nil {
		return err
	}
	return fmt.Errorf("mastodon: stream %s: %w", s.name, err)
}

// floor is where a backfill for a connection opened now stops: the newest
// id handed on, taken before the connection's events raise it. Without
// one, a backfill reads back to deps.Since, or is not done when that is
// zero (a first start follows the stream from now).
func (s *stream) floor() (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.state.LastID, s.state.LastID != "" || !s.c.deps.Since.IsZero()
}

func (s *stream) authorize(req *http.Request) {
	if s.c.cfg.Token != "" {
		req.Header.Set("Authorization", "Bearer "+s.c.cfg.Token)
	}
}

// handle turns one event into a mention. Malformed events are counted
// and skipped; an emit failure stops the collector.
func (s *stream) handle(ctx context.Context, ev collectors.SSEEvent) error {
	met := s.c.deps.Metrics
	met.Received(Source)
	switch ev.Event {
	case "update", "status.update":
		if s.notifications() {
			met.Dropped(Source, collectors.DropFiltered) // the home timeline
			return nil
		}
		var st Status
		if err := json.Unmarshal([]byte(ev.Data), &st); err != nil || st.ID == "" {
			return s.malformed(ev, err)
		}
		cursor := ""
		if ev.Event == "update" {
			cursor = st.ID
		}
		return s.hand(ctx, s.c.statusMention(&st), statusKey(&st), cursor)
	case "notification":
		var n Notification
		if err := json.Unmarshal([]byte(ev.Data), &n); err != nil || n.ID == "" {
			return s.malformed(ev, err)
		}
		return s.hand(ctx, s.c.notificationMention(&n), "n:"+n.ID, n.ID)
	case "conversation":
		var cv Conversation
		if err := json.Unmarshal([]byte(ev.Data), &cv); err != nil || cv.ID == "" {
			return s.malformed(ev, err)
		}
		if cv.LastStatus == nil || cv.LastStatus.ID == "" {
			met.Dropped(Source, collectors.DropFiltered)
			return nil
		}
		return s.hand(ctx, s.c.conversationMention(&cv), "c:"+statusKey(cv.LastStatus), "")
	case "delete":
		native := strings.Trim(strings.TrimSpace(ev.Data), `"`)
		if native == "" {
			return s.malformed(ev, nil)
		}
		return s.hand(ctx, tombstone(native, s.c.deps.Clock()), "d:"+native, "")
	}
	met.Dropped(Source, collectors.DropFiltered) // filters_changed, announcements…
	return nil
}

// statusKey names a status and its edit for duplicate detection.
func statusKey(st *Status) string {
	if st.EditedAt != nil {
		return "s:" + st.ID + "@" + st.EditedAt.UTC().Format(time.RFC3339Nano)
	}
	return "s:" + st.ID
}

// hand emits out (nil: counted as filtered) unless key was handed on
// already, then raises the cursor to id.
func (s *stream) hand(ctx context.Context, out *socialcrm.Mention, key, id string) error {
	met := s.c.deps.Metrics
	if !s.seen.Add(key) {
		met.Dropped(Source, collectors.DropDuplicate)
		return nil
	}
	if out == nil {
		met.Dropped(Source, collectors.DropFiltered)
	} else if err := s.emit(ctx, out); err != nil {
		return backoff.Permanent(err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if id != "" && newer(id, s.state.LastID) {
		s.state.LastID = id
	}
	s.state.Recent = append(s.state.Recent, key)
	if over := len(s.state.Recent) - recentKeys; over > 0 {
		s.state.Recent = s.state.Recent[over:]
	}
	return s.cursor.Save(ctx, s.state)
}

func (s *stream) malformed(ev collectors.SSEEvent, err error) error {
	s.c.deps.Metrics.Dropped(Source, collectors.DropMalformed)
	s.c.deps.Log(Source).Warn("malformed event", "stream", s.name, "event", ev.Event, "err", err)
	return nil
}
