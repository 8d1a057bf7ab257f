package collectors

import (
	"io"
	"sync"
	"time"
)

// DefaultIdleTimeout is how long a stream may stay silent (not even a
// heartbeat) before it is treated as dead and reconnected.
const DefaultIdleTimeout = 90 * time.Second

// IdleTimeout returns the configured stream idle timeout.
func (d Deps) IdleTimeout() time.Duration {
	if d.StreamIdle > 0 {
		return d.StreamIdle
	}
	return DefaultIdleTimeout
}

// idleReader closes its body when no read returns for the timeout, so that
// a silently dead connection ends the blocked read with an error.
type idleReader struct {
	rc    io.ReadCloser
	d     time.Duration
	timer *time.Timer
	mu    sync.Mutex
	fired bool
}

// WithIdleTimeout wraps a stream body: a read that waits longer than d
// fails, the body being closed under it.
func WithIdleTimeout(rc io.ReadCloser, d time.Duration) io.ReadCloser {
	r := &idleReader{rc: rc, d: d}
	r.timer = time.AfterFunc(d, func() {
		r.mu.Lock()
		r.fired = true
		r.mu.Unlock()
		_ = rc.Close()
	})
	return r
}

func (r *idleReader) Read(p []byte) (int, error) {
	n, err := r.rc.Read(p)
	r.timer.Reset(r.d)
	r.mu.Lock()
	fired := r.fired
	r.mu.Unlock()
	if err != nil && fired {
		return n, ErrIdle
	}
	return n, err
}

func (r *idleReader) Close() error {
	r.timer.Stop()
	return r.rc.Close()
}

// ErrIdle ends a stream that stayed silent past its idle timeout.
var ErrIdle = errIdle{}

type errIdle struct{}

func (errIdle) Error() string { return "collectors: stream silent past its idle timeout" }
