// Package backoff is the one retry policy of the repository: exponential
// backoff with jitter for a source's connection, a consumer's transient
// failure or a notification's delivery. It honours the waits that servers
// ask for (Retry-After, rate-limit reset headers) and opens a circuit that
// marks a part unhealthy after repeated failures instead of spinning.
package backoff

import (
	"context"
	"math"
	"math/rand/v2"
	"time"
)

// Policy says how long to wait between attempts. The zero value uses the
// defaults noted on each field.
type Policy struct {
	Min    time.Duration // first delay; default 1s
	Max    time.Duration // longest delay; default 2m
	Factor float64       // growth per attempt; default 2
	Jitter float64       // random spread, a fraction of the delay; default 0.2
	// MaxServerWait caps a wait a server asks for; default 15m.
	MaxServerWait time.Duration
	// Threshold is the number of consecutive failures that opens the
	// circuit; default 5.
	Threshold int
	// Sleep waits d or until ctx is done; tests inject a recorder. Default
	// is a real timer.
	Sleep func(ctx context.Context, d time.Duration) error
}

func (p Policy) withDefaults() Policy {
	if p.Min <= 0 {
		p.Min = time.Second
	}
	if p.Max <= 0 {
		p.Max = 2 * time.Minute
	}
	if p.Max < p.Min {
		p.Max = p.Min
	}
	if p.Factor < 1 {
		p.Factor = 2
	}
	if p.Jitter <= 0 || p.Jitter > 1 {
		p.Jitter = 0.2
	}
	if p.MaxServerWait <= 0 {
		p.MaxServerWait = 15 * time.Minute
	}
	if p.Threshold <= 0 {
		p.Threshold = 5
	}
	if p.Sleep == nil {
		p.Sleep = Sleep
	}
	return p
}

// Delay returns the wait before retry number attempt (0 for the first
// retry): Min·Factor^attempt capped at Max, spread by ±Jitter.
func (p Policy) Delay(attempt int) time.Duration {
	p = p.withDefaults()
	d := float64(p.Min) * math.Pow(p.Factor, float64(min(attempt, 62)))
	if d > float64(p.Max) || math.IsInf(d, 0) {
		d = float64(p.Max)
	}
	d *= 1 + p.Jitter*(2*rand.Float64()-1)
	return time.Duration(d)
}

// Wait sleeps d using the policy's Sleep.
func (p Policy) Wait(ctx context.Context, d time.Duration) error {
	return p.withDefaults().Sleep(ctx, d)
}

// Sleep waits d or until ctx is done, returning ctx's error then.
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
