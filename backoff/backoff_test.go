package backoff

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestPolicy_Delay(t *testing.T) {
	p := Policy{Min: 100 * time.Millisecond, Max: time.Second, Jitter: 0.2}
	for attempt, want := range []time.Duration{100, 200, 400, 800, 1000, 1000} {
		want *= time.Millisecond
		for range 20 {
			d := p.Delay(attempt)
			if d < want*8/10 || d > want*12/10 {
				t.Fatalf("Delay(%d) = %s, want %s ±20%%", attempt, d, want)
			}
		}
	}
	if d := p.Delay(10000); d > 1200*time.Millisecond {
		t.Fatalf("Delay(10000) = %s, over the cap", d)
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		v    string
		want time.Duration
		ok   bool
	}{
		{"7", 7 * time.Second, true},
		{"0", 0, true},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second, true},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0, true},
		{"soon", 0, false},
		{"", 0, false},
	}
	for _, tt := range tests {
		h := http.Header{}
		h.Set("Retry-After", tt.v)
		if got, ok := RetryAfter(h, now); got != tt.want || ok != tt.ok {
			t.Errorf("RetryAfter(%q) = %s, %v; want %s, %v", tt.v, got, ok, tt.want, tt.ok)
		}
	}
}

func TestStatusError(t *testing.T) {
	rec := httptest.NewRecorder()
	rec.Header().Set("Retry-After", "30")
	rec.WriteHeader(http.StatusTooManyRequests)
	err := StatusError(rec.Result(), "fetch", time.Second)
	if d, ok := ServerWait(err); !ok || d != 30*time.Second {
		t.Errorf("429: wait %s, %v", d, ok)
	}
	rec = httptest.NewRecorder()
	rec.WriteHeader(http.StatusUnauthorized)
	if err := StatusError(rec.Result(), "fetch", time.Second); !IsPermanent(err) {
		t.Errorf("401 not permanent: %v", err)
	}
	rec = httptest.NewRecorder()
	rec.WriteHeader(http.StatusBadGateway)
	if err := StatusError(rec.Result(), "fetch", time.Second); IsPermanent(err) {
		t.Errorf("502 permanent: %v", err)
	}
}

func TestRetrier_Run(t *testing.T) {
	var waits []time.Duration
	var health []bool
	r := &Retrier{
		Policy: Policy{Min: time.Millisecond, Max: 4 * time.Millisecond, Threshold: 3,
			Sleep: func(ctx context.Context, d time.Duration) error { waits = append(waits, d); return nil }},
		OnHealth: func(h bool) { health = append(health, h) },
	}
	calls := 0
	stop := errors.New("bad token")
	err := r.Run(context.Background(), func(ctx context.Context) error {
		calls++
		switch calls {
		case 1:
			return &WaitError{Status: 429, Wait: 7 * time.Second, Err: errors.New("429")}
		case 2, 3, 4:
			if calls == 4 && r.Healthy(ctx) == nil {
				t.Error("circuit still closed after 3 failures")
			}
			return errors.New("reset")
		case 5:
			r.Success()
			if err := r.Healthy(ctx); err != nil {
				t.Errorf("unhealthy after success: %v", err)
			}
			return nil
		}
		return Permanent(stop)
	})
	if err != stop {
		t.Fatalf("Run = %v, want the permanent error", err)
	}
	if waits[0] != 7*time.Second {
		t.Errorf("first wait %s, want the server's 7s", waits[0])
	}
	if len(waits) != 5 || waits[4] > 2*time.Millisecond {
		t.Errorf("waits %v: want 5, the last back at the minimum after a success", waits)
	}
	if len(health) != 2 || health[0] || !health[1] {
		t.Errorf("health changes %v, want [false true]", health)
	}
}

func TestRetrier_RunCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	r := &Retrier{Policy: Policy{Min: time.Hour}}
	err := r.Run(ctx, func(ctx context.Context) error { cancel(); return errors.New("x") })
	if err != nil {
		t.Fatalf("Run after cancel = %v, want nil", err)
	}
}
