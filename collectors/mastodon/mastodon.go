// Package mastodon collects from a Mastodon server: the streaming API
// (server-sent events from /api/v1/streaming/public, …/hashtag?tag= and
// …/user for the brand account's notifications), with REST backfill of the
// same timeline since the saved cursor on every (re)connect, so that a
// restart or a dropped stream leaves no gap.
package mastodon

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"golang.org/x/sync/errgroup"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/collectors"
)

// Source is the mention source name.
const Source = "mastodon"

// Config configures the collector.
type Config struct {
	// BaseURL is the server, such as https://mastodon.social.
	BaseURL string `yaml:"base_url"`
	// Token is an access token (read scope); needed for the user stream
	// and by servers that close their public streams.
	Token string `yaml:"-"`
	// Streams to follow: "public", "public:local", "hashtag:NAME",
	// "user" (the token's account: notifications) or "direct" (its
	// direct conversations; no backfill, the conversations API pages by
	// internal ids).
	Streams []string `yaml:"streams"`
	// Brand owns the token's account: its notifications get this brand.
	Brand string `yaml:"brand"`
	// Account is the brand account's handle (user@domain), the target of
	// follows.
	Account string `yaml:"account"`
	// BackfillPages bounds REST pages read per stream on (re)connect;
	// default 10 pages of 40.
	BackfillPages int `yaml:"backfill_pages"`
	// GroupedNotifications backfills the user stream from the grouped
	// notifications API (/api/v2/notifications, Mastodon 4.3+) instead of
	// /api/v1/notifications.
	GroupedNotifications bool `yaml:"grouped_notifications"`
}

// Collector follows a Mastodon server's streams.
type Collector struct {
	cfg  Config
	deps collectors.Deps
	base *url.URL
	host string
}

var _ socialcrm.Collector = (*Collector)(nil)

// New checks cfg and returns a collector.
func New(cfg Config, deps collectors.Deps) (*Collector, error) {
	u, err := url.Parse(strings.TrimRight(cfg.BaseURL, "/"))
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, socialcrm.Invalidf("mastodon: base_url %q must be an http(s) URL", cfg.BaseURL)
	}
	if len(cfg.Streams) == 0 {
		return nil, socialcrm.Invalidf("mastodon: no streams configured")
	}
	for _, s := range cfg.Streams {
		if _, _, err := endpoints(s); err != nil {
			return nil, err
		}
		if (s == "user" || s == "direct") && cfg.Token == "" {
			return nil, socialcrm.Invalidf("mastodon: the %s stream needs a token", s)
		}
	}
	if cfg.BackfillPages <= 0 {
		cfg.BackfillPages = 10
	}
	return &Collector{cfg: cfg, deps: deps, base: u, host: u.Host}, nil
}

// Name returns "mastodon".
func (c *Collector) Name() string { return Source }

// Collect follows every configured stream until ctx is cancelled.
func (c *Collector) Collect(ctx context.Context, emit collectors.Emit) error {
	g, ctx := errgroup.WithContext(ctx)
	for _, s := range c.cfg.Streams {
		st := &stream{c: c, name: s, emit: emit, cursor: c.deps.Cursor("mastodon:" + c.host + ":" + s),
			seen: collectors.NewSeen(collectors.DefaultSeen), kick: make(chan string, 1)}
		st.streamPath, st.restPath, _ = endpoints(s)
		if s == "user" && c.cfg.GroupedNotifications {
			st.restPath = "/api/v2/notifications"
		}
		g.Go(func() error { return st.run(ctx) })
	}
	return g.Wait()
}

// endpoints returns the streaming and REST paths (with query) of a stream.
func endpoints(s string) (streamPath, restPath string, err error) {
	switch {
	case s == "public":
		return "/api/v1/streaming/public", "/api/v1/timelines/public", nil
	case s == "public:local":
		return "/api/v1/streaming/public/local", "/api/v1/timelines/public?local=true", nil
	case s == "user":
		return "/api/v1/streaming/user", "/api/v1/notifications", nil
	case s == "direct":
		return "/api/v1/streaming/direct", "", nil
	case strings.HasPrefix(s, "hashtag:") && len(s) > len("hashtag:"):
		tag := url.QueryEscape(strings.TrimPrefix(strings.TrimPrefix(s, "hashtag:"), "#"))
		return "/api/v1/streaming/hashtag?tag=" + tag, "/api/v1/timelines/tag/" + tag, nil
	}
	return "", "", socialcrm.Invalidf("mastodon: unknown stream %q (want public, public:local, hashtag:NAME, user or direct)", s)
}

func (c *Collector) url(pathQuery string) string {
	return c.base.String() + pathQuery
}

func (c *Collector) String() string { return fmt.Sprintf("mastodon(%s)", c.host) }
