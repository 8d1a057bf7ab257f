// Package rss polls RSS and Atom feeds (blogs, news, review sites) with
// conditional requests (ETag, Last-Modified) and hands on each item once,
// remembering guids across restarts.
package rss

import (
	"context"
	"net/url"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/collectors"
)

// Source is the mention source name.
const Source = "rss"

// Feed is one polled feed.
type Feed struct {
	URL string `yaml:"url"`
	// Brand, when set, is the brand every item of the feed is about (a
	// review site's page for the brand); tracking rules then only name
	// the rule.
	Brand string `yaml:"brand"`
}

// Config configures the collector.
type Config struct {
	Feeds    []Feed        `yaml:"feeds"`
	Interval time.Duration `yaml:"interval"` // default 15m
	// MaxSeen bounds the guids remembered per feed; default 5000.
	MaxSeen int `yaml:"max_seen"`
}

// Collector polls feeds.
type Collector struct {
	cfg  Config
	deps collectors.Deps
}

var _ socialcrm.Collector = (*Collector)(nil)

// New checks cfg and returns a collector.
func New(cfg Config, deps collectors.Deps) (*Collector, error) {
	if len(cfg.Feeds) == 0 {
		return nil, socialcrm.Invalidf("rss: no feeds configured")
	}
	for _, f := range cfg.Feeds {
		if u, err := url.Parse(f.URL); err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
			return nil, socialcrm.Invalidf("rss: feed url %q must be an http(s) URL", f.URL)
		}
	}
	if cfg.Interval <= 0 {
		cfg.Interval = 15 * time.Minute
	}
	if cfg.MaxSeen <= 0 {
		cfg.MaxSeen = 5000
	}
	return &Collector{cfg: cfg, deps: deps}, nil
}

// Name returns "rss".
func (c *Collector) Name() string { return Source }

// Collect polls every feed until ctx is cancelled.
func (c *Collector) Collect(ctx context.Context, emit collectors.Emit) error {
	g, ctx := errgroup.WithContext(ctx)
	for _, f := range c.cfg.Feeds {
		p := &poller{c: c, feed: f, emit: emit, cursor: c.deps.Cursor("rss:" + f.URL)}
		g.Go(func() error { return p.run(ctx) })
	}
	return g.Wait()
}
