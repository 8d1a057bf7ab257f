package backoff

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Retrier runs one source's connect loop. It is safe for concurrent use by
// the collector and by health checks.
type Retrier struct {
	Policy Policy
	// OnRetry, when set, is called before each wait with the error that
	// ended the attempt and the wait chosen (reconnect metrics, logs).
	OnRetry func(err error, wait time.Duration)
	// OnHealth, when set, is called when the circuit opens or closes.
	OnHealth func(healthy bool)

	mu       sync.Mutex
	failures int
	lastErr  error
	open     bool
}

// Success records that the source delivered something: the next failure
// starts from the shortest delay again and an open circuit closes.
func (r *Retrier) Success() {
	r.mu.Lock()
	wasOpen := r.open
	r.failures, r.lastErr, r.open = 0, nil, false
	r.mu.Unlock()
	if wasOpen && r.OnHealth != nil {
		r.OnHealth(true)
	}
}

// failure records a failed attempt and returns the attempt number.
func (r *Retrier) failure(err error) int {
	p := r.Policy.withDefaults()
	r.mu.Lock()
	r.failures++
	r.lastErr = err
	n, opened := r.failures, false
	if n >= p.Threshold && !r.open {
		r.open, opened = true, true
	}
	r.mu.Unlock()
	if opened && r.OnHealth != nil {
		r.OnHealth(false)
	}
	return n
}

// Healthy returns nil while the circuit is closed, else an error naming
// the last failure. Use it as a /readyz check.
func (r *Retrier) Healthy(context.Context) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.open {
		return fmt.Errorf("unhealthy after %d failures: %w", r.failures, r.lastErr)
	}
	return nil
}

// Run calls attempt until ctx is done or attempt returns a permanent error.
// An attempt that returns (a disconnect, an error, or a clean end of
// stream) is retried after the backoff delay, or after the wait the server
// asked for when that is longer. Delays grow to Policy.Max, which is
// what an unhealthy source (open circuit) waits between attempts. Run
// returns nil when ctx is cancelled, and the unwrapped error of a
// permanent failure.
func (r *Retrier) Run(ctx context.Context, attempt func(ctx context.Context) error) error {
	p := r.Policy.withDefaults()
	for {
		err := attempt(ctx)
		if ctx.Err() != nil {
			return nil
		}
		var perm *PermanentError
		if errors.As(err, &perm) {
			return perm.Err
		}
		if err == nil {
			err = errors.New("stream ended")
		}
		n := r.failure(err)
		wait := p.Delay(n - 1)
		if d, ok := ServerWait(err); ok {
			wait = min(max(d, wait), p.MaxServerWait)
		}
		if r.OnRetry != nil {
			r.OnRetry(err, wait)
		}
		if err := p.Sleep(ctx, wait); err != nil {
			return nil
		}
	}
}
