// Package bluesky collects from Bluesky through Jetstream: a websocket of
// JSON events (kind, time_us, commit) for posts, likes, reposts and
// follows, resumed after a restart with cursor=<time_us>.
package bluesky

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/coder/websocket"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/backoff"
	"github.com/socialcrm/socialcrm/collectors"
)

// Source is the mention source name.
const Source = "bluesky"

// Config configures the collector.
type Config struct {
	// BaseURL is the Jetstream instance, such as
	// wss://jetstream2.us-east.bsky.network.
	BaseURL string `yaml:"base_url"`
	// Collections to receive; default posts, likes, reposts and follows.
	Collections []string `yaml:"collections"`
	// DIDs restricts the stream to these repositories (wantedDids).
	DIDs []string `yaml:"dids"`
	// Accounts maps a brand account's DID to its brand: likes, reposts
	// and follows aimed at it are kept with that brand; others are
	// dropped, as they carry no text to match rules against.
	Accounts map[string]string `yaml:"accounts"`
	// Rewind is how far before the newest time_us seen a reconnect
	// starts, so that nothing is missed; replayed events are recognised
	// by their key, not by their time (Jetstream's time_us is not
	// monotonic on the wire). Default 3s.
	Rewind time.Duration `yaml:"rewind"`
}

// Collector follows a Jetstream instance.
type Collector struct {
	cfg     Config
	deps    collectors.Deps
	cursor  *collectors.Cursor
	last    int64            // newest time_us seen: where a reconnect rewinds from
	seen    *collectors.Seen // keys of the events handled
	recent  []string         // the newest of them, oldest first, kept in the cursor
	handles map[string]string
}

var _ socialcrm.Collector = (*Collector)(nil)

// New checks cfg and returns a collector.
func New(cfg Config, deps collectors.Deps) (*Collector, error) {
	u, err := url.Parse(strings.TrimRight(cfg.BaseURL, "/"))
	if err != nil || u.Host == "" || (u.Scheme != "ws" && u.Scheme != "wss" && u.Scheme != "http" && u.Scheme != "https") {
		return nil, socialcrm.Invalidf("bluesky: base_url %q must be a ws(s) URL", cfg.BaseURL)
	}
	if len(cfg.Collections) == 0 {
		cfg.Collections = []string{CollPost, CollLike, CollRepost, CollFollow}
	}
	if cfg.Rewind <= 0 {
		cfg.Rewind = 3 * time.Second
	}
	return &Collector{cfg: cfg, deps: deps, cursor: deps.Cursor("bluesky:" + u.Host),
		seen: collectors.NewSeen(collectors.DefaultSeen), handles: map[string]string{}}, nil
}

// Name returns "bluesky".
func (c *Collector) Name() string { return Source }

// cursorState is the newest time_us seen and the keys of the last events
// handled, so that the rewind after a restart skips what was sent.
type cursorState struct {
	TimeUS int64    `json:"time_us"`
	Recent []string `json:"recent,omitempty"`
}

// recentKeys bounds the event keys a cursor remembers across restarts.
const recentKeys = 200

// Collect follows the stream until ctx is cancelled.
func (c *Collector) Collect(ctx context.Context, emit collectors.Emit) error {
	var st cursorState
	if _, err := c.cursor.Load(ctx, &st); err != nil {
		return err
	}
	c.last, c.recent = st.TimeUS, st.Recent
	for _, k := range st.Recent {
		c.seen.Add(k)
	}
	if c.last == 0 && !c.deps.Since.IsZero() {
		c.last = c.deps.Since.UnixMicro()
	}
	r := c.deps.Retrier(Source, "")
	return r.Run(ctx, func(ctx context.Context) error { return c.connect(ctx, r, emit) })
}

// subscribeURL is the subscribe endpoint with the wanted collections and
// the cursor rewound a little.
func (c *Collector) subscribeURL() string {
	q := url.Values{"wantedCollections": c.cfg.Collections}
	for _, d := range c.cfg.DIDs {
		q.Add("wantedDids", d)
	}
	if c.last > 0 {
		q.Set("cursor", strconv.FormatInt(c.last-c.cfg.Rewind.Microseconds(), 10))
	}
	return strings.TrimRight(c.cfg.BaseURL, "/") + "/subscribe?" + q.Encode()
}

func (c *Collector) connect(ctx context.Context, r *backoff.Retrier, emit collectors.Emit) error {
	conn, resp, err := websocket.Dial(ctx, c.subscribeURL(), &websocket.DialOptions{
		HTTPClient: c.deps.StreamClient(),
		HTTPHeader: http.Header{"User-Agent": {collectors.UserAgent}},
	})
	if err != nil {
		if resp != nil && resp.StatusCode != http.StatusSwitchingProtocols {
			return backoff.StatusError(resp, "bluesky: subscribe", 30*time.Second)
		}
		return fmt.Errorf("bluesky: subscribe: %w", err)
	}
	defer conn.CloseNow()
	conn.SetReadLimit(1 << 20)
	stop := keepalive(ctx, conn, c.deps.IdleTimeout())
	defer stop()
	r.Success()
	for {
		_, data, err := conn.Read(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("bluesky: read: %w", err)
		}
		r.Success()
		if err := c.handle(ctx, data, emit); err != nil {
			return err
		}
	}
}

// handle maps one event and emits it; malformed events are counted and
// skipped, an emit failure is permanent.
func (c *Collector) handle(ctx context.Context, data []byte, emit collectors.Emit) error {
	met := c.deps.Metrics
	met.Received(Source)
	var ev Event
	if err := json.Unmarshal(data, &ev); err != nil || ev.TimeUS == 0 || ev.DID == "" {
		met.Dropped(Source, collectors.DropMalformed)
		c.deps.Log(Source).Warn("malformed event", "err", err)
		return nil
	}
	if !c.seen.Add(ev.key()) {
		met.Dropped(Source, collectors.DropDuplicate) // replayed by the rewind
		return nil
	}
	m, err := c.mention(&ev)
	if err != nil {
		met.Dropped(Source, collectors.DropMalformed)
		c.deps.Log(Source).Warn("malformed event", "err", err, "time_us", ev.TimeUS)
	} else if m == nil {
		met.Dropped(Source, collectors.DropFiltered)
	} else if err := emit(ctx, m); err != nil {
		return backoff.Permanent(err)
	}
	c.last = max(c.last, ev.TimeUS)
	if m == nil {
		return nil
	}
	c.recent = append(c.recent, ev.key())
	if over := len(c.recent) - recentKeys; over > 0 {
		c.recent = c.recent[over:]
	}
	return c.cursor.Save(ctx, cursorState{TimeUS: c.last, Recent: c.recent})
}

var errNoRecord = errors.New("commit without a record")

// keepalive pings the server every third of the idle timeout and closes
// the connection when a pong does not come back in time, which ends the
// blocked read.
func keepalive(ctx context.Context, conn *websocket.Conn, idle time.Duration) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(idle / 3)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				pctx, pcancel := context.WithTimeout(ctx, idle/3)
				err := conn.Ping(pctx)
				pcancel()
				if err != nil && ctx.Err() == nil {
					_ = conn.CloseNow()
					return
				}
			}
		}
	}()
	return func() { cancel(); <-done }
}
