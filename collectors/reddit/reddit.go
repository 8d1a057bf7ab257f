// Package reddit polls Reddit listings (search results and subreddit
// posts or comments) through the OAuth API: t3 links and t1 comments,
// paged with after, with an app token, honouring X-Ratelimit-Remaining and
// X-Ratelimit-Reset.
package reddit

import (
	"context"
	"net/url"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/collectors"
)

// Source is the mention source name.
const Source = "reddit"

// Config configures the collector.
type Config struct {
	BaseURL  string `yaml:"base_url"`  // default https://oauth.reddit.com
	TokenURL string `yaml:"token_url"` // default https://www.reddit.com/api/v1/access_token
	// ClientID and ClientSecret of a Reddit app (client credentials).
	ClientID     string `yaml:"client_id"`
	ClientSecret string `yaml:"-"`
	// UserAgent, as Reddit's API rules ask: "<platform>:<app id>:<version> (by /u/<user>)".
	UserAgent string `yaml:"user_agent"`
	// Listings: "search:QUERY", "r/SUB/new" or "r/SUB/comments".
	Listings []string      `yaml:"listings"`
	Interval time.Duration `yaml:"interval"`  // between polls; default 1m
	MaxPages int           `yaml:"max_pages"` // per poll; default 5 of 100
}

// Collector polls Reddit listings.
type Collector struct {
	cfg  Config
	deps collectors.Deps
	tok  *tokenSource

	mu         sync.Mutex
	limitUntil time.Time // no requests before this (rate limit exhausted)
}

var _ socialcrm.Collector = (*Collector)(nil)

// New checks cfg and returns a collector.
func New(cfg Config, deps collectors.Deps) (*Collector, error) {
	if cfg.BaseURL == "" {
		cfg.BaseURL = "https://oauth.reddit.com"
	}
	if cfg.TokenURL == "" {
		cfg.TokenURL = "https://www.reddit.com/api/v1/access_token"
	}
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	for _, s := range []string{cfg.BaseURL, cfg.TokenURL} {
		if u, err := url.Parse(s); err != nil || u.Host == "" {
			return nil, socialcrm.Invalidf("reddit: %q is not an http(s) URL", s)
		}
	}
	if cfg.ClientID == "" || cfg.ClientSecret == "" {
		return nil, socialcrm.Invalidf("reddit: client_id and client secret are required")
	}
	if len(cfg.Listings) == 0 {
		return nil, socialcrm.Invalidf("reddit: no listings configured")
	}
	for _, l := range cfg.Listings {
		if _, err := listingPath(l); err != nil {
			return nil, err
		}
	}
	if cfg.UserAgent == "" {
		cfg.UserAgent = "server:socialcrm:v1 (by /u/socialcrm)"
	}
	if cfg.Interval <= 0 {
		cfg.Interval = time.Minute
	}
	if cfg.MaxPages <= 0 {
		cfg.MaxPages = 5
	}
	c := &Collector{cfg: cfg, deps: deps}
	c.tok = &tokenSource{c: c}
	return c, nil
}

// Name returns "reddit".
func (c *Collector) Name() string { return Source }

// Collect polls every listing until ctx is cancelled.
func (c *Collector) Collect(ctx context.Context, emit collectors.Emit) error {
	g, ctx := errgroup.WithContext(ctx)
	for _, l := range c.cfg.Listings {
		p, _ := listingPath(l)
		ls := &listing{c: c, name: l, path: p, emit: emit, cursor: c.deps.Cursor("reddit:" + l), seen: collectors.NewSeen(collectors.DefaultSeen)}
		g.Go(func() error { return ls.run(ctx) })
	}
	return g.Wait()
}

// listingPath returns the API path and query of a configured listing.
func listingPath(l string) (string, error) {
	if q, ok := strings.CutPrefix(l, "search:"); ok && q != "" {
		return "/search?" + url.Values{"q": {q}, "sort": {"new"}, "type": {"link"}}.Encode(), nil
	}
	parts := strings.Split(l, "/")
	if len(parts) == 3 && parts[0] == "r" && parts[1] != "" && (parts[2] == "new" || parts[2] == "comments") {
		return "/r/" + url.PathEscape(parts[1]) + "/" + parts[2], nil
	}
	return "", socialcrm.Invalidf("reddit: unknown listing %q (want search:QUERY, r/SUB/new or r/SUB/comments)", l)
}
