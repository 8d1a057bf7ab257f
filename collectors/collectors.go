// Package collectors holds what every source collector shares: the
// dependencies they are built with, cursors kept in the state store, the
// filter that applies language detection and tracking rules to what they
// emit, per-source metrics, and Run, which runs several collectors at once.
//
// Each source is a subpackage (mastodon, bluesky, rss, reddit, hackernews,
// x, replay) whose Collector implements socialcrm.Collector and emits
// mentions in the mentions.raw format.
package collectors

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/backoff"
)

// Emit hands one mention on; see socialcrm.Collector.
type Emit = func(ctx context.Context, m *socialcrm.Mention) error

// ErrLimit is returned by an emit function wrapped with a limit once the
// limit is reached; Run treats it as a clean stop.
var ErrLimit = errors.New("collectors: mention limit reached")

// Deps are what every collector is built with. cmd fills them once; the
// zero value works (in-memory cursors, no metrics, default backoff).
type Deps struct {
	HTTP    *http.Client         // nil: a client with a 30s timeout (none for streams)
	State   socialcrm.StateStore // nil: cursors kept in memory only
	Logger  *slog.Logger         // nil: discarded
	Metrics *Metrics             // nil: no metrics
	Policy  backoff.Policy       // retry delays; tests inject a quick Sleep
	// Since is where a source without a saved cursor starts its backfill;
	// zero means "from now" for streams and the source's default for polls.
	Since time.Time
	// Now returns the current time; nil means time.Now.
	Now func() time.Time
	// StreamIdle is how long a stream may stay silent before it is
	// reconnected; 0 means DefaultIdleTimeout.
	StreamIdle time.Duration
}

// Log returns the logger scoped to a source.
func (d Deps) Log(source string) *slog.Logger {
	if d.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return d.Logger.With("component", "collector", "source", source)
}

// Client returns the HTTP client for requests that return (not streams).
func (d Deps) Client() *http.Client {
	if d.HTTP != nil {
		return d.HTTP
	}
	return &http.Client{Timeout: 30 * time.Second}
}

// StreamClient returns the HTTP client for long-lived streams: the
// configured client's transport without an overall timeout.
func (d Deps) StreamClient() *http.Client {
	if d.HTTP == nil {
		return &http.Client{}
	}
	c := *d.HTTP
	c.Timeout = 0
	return &c
}

// Clock returns the current time.
func (d Deps) Clock() time.Time {
	if d.Now != nil {
		return d.Now()
	}
	return time.Now()
}

// Retrier returns a retrier for one connection of a source (stream names
// it, such as "hashtag:acme"; "" for the only one). It counts reconnects,
// tracks health for /readyz and logs each retry.
func (d Deps) Retrier(source, stream string) *backoff.Retrier {
	log := d.Log(source)
	name := source
	if stream != "" {
		name += ":" + stream
		log = log.With("stream", stream)
	}
	r := &backoff.Retrier{Policy: d.Policy}
	r.OnRetry = func(err error, wait time.Duration) {
		d.Metrics.reconnect(source)
		log.Warn("source failed, retrying", "err", err, "wait", wait)
	}
	r.OnHealth = func(ok bool) {
		d.Metrics.setHealthy(source, ok)
		if !ok {
			log.Error("source unhealthy", "err", r.Healthy(context.Background()))
		}
	}
	d.Metrics.setHealthy(source, true)
	d.Metrics.register(name, r)
	return r
}
