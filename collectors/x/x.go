// Package x collects from the X (Twitter) API v2 filtered stream: the
// stream's rules are kept equal to the tracking rules through the rules
// endpoint, and each post arrives with its referenced_tweets (retweeted,
// quoted, replied_to) and matching_rules.
package x

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/backoff"
	"github.com/socialcrm/socialcrm/collectors"
	"github.com/socialcrm/socialcrm/collectors/rules"
)

// Source is the mention source name.
const Source = "x"

// Config configures the collector.
type Config struct {
	BaseURL     string `yaml:"base_url"` // default https://api.x.com
	BearerToken string `yaml:"-"`        // app-only bearer token
	// SyncRules makes the stream's rules follow Rules (default true).
	SyncRules *bool `yaml:"sync_rules"`
	// BackfillMinutes asks the stream to replay up to 5 minutes missed
	// while disconnected (needs an access level that allows it).
	BackfillMinutes int `yaml:"backfill_minutes"`
	// Rules are the tracking rules, set by cmd from the config's brands.
	Rules *rules.Set `yaml:"-"`
}

// Collector reads the filtered stream.
type Collector struct {
	cfg    Config
	deps   collectors.Deps
	base   string
	cursor *collectors.Cursor
	lastID string           // newest post id handed on, for backfill_minutes
	seen   *collectors.Seen // post ids handed on: the stream's order is not the ids' order
	recent []string         // the newest of them, oldest first, kept in the cursor
}

var _ socialcrm.Collector = (*Collector)(nil)

// New checks cfg and returns a collector.
func New(cfg Config, deps collectors.Deps) (*Collector, error) {
	if cfg.BaseURL == "" {
		cfg.BaseURL = "https://api.x.com"
	}
	u, err := url.Parse(strings.TrimRight(cfg.BaseURL, "/"))
	if err != nil || u.Host == "" {
		return nil, socialcrm.Invalidf("x: base_url %q must be an http(s) URL", cfg.BaseURL)
	}
	if cfg.BearerToken == "" {
		return nil, socialcrm.Invalidf("x: a bearer token is required")
	}
	if cfg.BackfillMinutes < 0 || cfg.BackfillMinutes > 5 {
		return nil, socialcrm.Invalidf("x: backfill_minutes must be 0 to 5")
	}
	return &Collector{cfg: cfg, deps: deps, base: u.String(), cursor: deps.Cursor("x:" + u.Host),
		seen: collectors.NewSeen(collectors.DefaultSeen)}, nil
}

// Name returns "x".
func (c *Collector) Name() string { return Source }

func (c *Collector) authorize(req *http.Request) {
	req.Header.Set("Authorization", "Bearer "+c.cfg.BearerToken)
}

// cursorState keeps the newest post id and the last ids handed on, so
// that a restart (which replays backfill_minutes) skips what was sent
// without skipping by order.
type cursorState struct {
	LastID string   `json:"last_id"`
	Recent []string `json:"recent,omitempty"`
}

// recentIDs bounds the ids a cursor remembers across restarts.
const recentIDs = 100

// Collect syncs the rules once, then reads the stream until ctx is done.
func (c *Collector) Collect(ctx context.Context, emit collectors.Emit) error {
	var st cursorState
	if _, err := c.cursor.Load(ctx, &st); err != nil {
		return err
	}
	c.lastID, c.recent = st.LastID, st.Recent
	for _, id := range st.Recent {
		c.seen.Add(id)
	}
	r := c.deps.Retrier(Source, "")
	synced := c.cfg.SyncRules != nil && !*c.cfg.SyncRules || c.cfg.Rules == nil
	return r.Run(ctx, func(ctx context.Context) error {
		if !synced {
			if err := c.syncRules(ctx); err != nil {
				return err
			}
			synced = true
		}
		return c.connect(ctx, r, emit)
	})
}

func (c *Collector) streamURL() string {
	q := url.Values{
		"tweet.fields": {"created_at,lang,author_id,conversation_id,in_reply_to_user_id,referenced_tweets,geo,entities"},
		"expansions":   {"author_id,referenced_tweets.id,referenced_tweets.id.author_id,in_reply_to_user_id,geo.place_id"},
		"user.fields":  {"username,name,public_metrics"},
		"place.fields": {"full_name"},
	}
	if c.cfg.BackfillMinutes > 0 && c.lastID != "" {
		q.Set("backfill_minutes", strconv.Itoa(c.cfg.BackfillMinutes))
	}
	return c.base + "/2/tweets/search/stream?" + q.Encode()
}

func (c *Collector) connect(ctx context.Context, r *backoff.Retrier, emit collectors.Emit) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.streamURL(), nil)
	if err != nil {
		return backoff.Permanent(err)
	}
	c.authorize(req)
	req.Header.Set("User-Agent", collectors.UserAgent)
	resp, err := c.deps.StreamClient().Do(req)
	if err != nil {
		return fmt.Errorf("x: stream: %w", err)
	}
	body := collectors.WithIdleTimeout(resp.Body, c.deps.IdleTimeout())
	defer body.Close()
	if resp.StatusCode != http.StatusOK {
		return statusError(resp, "x: stream")
	}
	r.Success()
	sc := bufio.NewScanner(body)
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	for sc.Scan() {
		r.Success()
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue // keep-alive
		}
		if err := c.handle(ctx, line, emit); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil && ctx.Err() == nil {
		return fmt.Errorf("x: stream: %w", err)
	}
	return fmt.Errorf("x: stream ended")
}

func (c *Collector) handle(ctx context.Context, line []byte, emit collectors.Emit) error {
	met := c.deps.Metrics
	met.Received(Source)
	var msg Message
	if err := json.Unmarshal(line, &msg); err != nil || (msg.Data == nil && len(msg.Errors) == 0) || (msg.Data != nil && msg.Data.ID == "") {
		met.Dropped(Source, collectors.DropMalformed)
		c.deps.Log(Source).Warn("malformed stream message", "err", err)
		return nil
	}
	if msg.Data == nil {
		e := msg.Errors[0]
		return fmt.Errorf("x: stream error: %s: %s", e.Title, e.Detail) // e.g. operational-disconnect
	}
	if !c.seen.Add(msg.Data.ID) {
		met.Dropped(Source, collectors.DropDuplicate) // replayed by backfill_minutes
		return nil
	}
	if err := emit(ctx, msg.mention()); err != nil {
		return backoff.Permanent(err)
	}
	if newer(msg.Data.ID, c.lastID) {
		c.lastID = msg.Data.ID
	}
	c.recent = append(c.recent, msg.Data.ID)
	if over := len(c.recent) - recentIDs; over > 0 {
		c.recent = c.recent[over:]
	}
	return c.cursor.Save(ctx, cursorState{LastID: c.lastID, Recent: c.recent})
}

// newer reports whether post id a sorts after b (numeric strings).
func newer(a, b string) bool {
	if len(a) != len(b) {
		return len(a) > len(b)
	}
	return a > b
}

// statusError is backoff.StatusError that also reads X's x-rate-limit-reset
// (epoch seconds) when a 429 has no Retry-After.
func statusError(resp *http.Response, what string) error {
	wait := time.Minute
	if reset, err := strconv.ParseInt(resp.Header.Get("X-Rate-Limit-Reset"), 10, 64); err == nil {
		wait = max(time.Until(time.Unix(reset, 0)), time.Second)
	}
	return backoff.StatusError(resp, what, wait)
}
