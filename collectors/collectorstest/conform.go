package collectorstest

import (
	"context"
	"encoding/json"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/backoff"
	"github.com/socialcrm/socialcrm/collectors"
)

// Truth is one item a recording must yield, written by hand from the
// recording: the mention id (source and native id), its kind, the author
// it is aimed at, and whether it is a tombstone.
type Truth struct {
	ID      string                    `json:"id"`
	Kind    socialcrm.InteractionKind `json:"kind"`
	Target  string                    `json:"target,omitempty"`
	Deleted bool                      `json:"deleted,omitempty"`
}

// ReadTruth reads a truth list (a JSON array of Truth), replacing each
// old string of the old, new pairs (such as "{host}" for a test server's
// address) in it first.
func ReadTruth(t testing.TB, path string, oldnew ...string) []Truth {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b = []byte(strings.NewReplacer(oldnew...).Replace(string(b)))
	var out []Truth
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return out
}

// ConformDeps are collector dependencies for a conformance run: fresh
// metrics, state in memory, and a policy whose waits are recorded and
// then slept for 10ms, so that a Retry-After of seconds or a poll
// interval of minutes passes at once.
func ConformDeps() (collectors.Deps, *Waits) {
	w := &Waits{}
	return collectors.Deps{State: &collectors.MemState{}, Metrics: collectors.NewMetrics(prometheus.NewRegistry()),
		Policy: backoff.Policy{Min: time.Millisecond, Max: 5 * time.Millisecond, Sleep: w.sleep}}, w
}

// Waits records the waits a collector asked for.
type Waits struct {
	mu sync.Mutex
	d  []time.Duration
}

func (w *Waits) sleep(ctx context.Context, d time.Duration) error {
	w.mu.Lock()
	w.d = append(w.d, d)
	w.mu.Unlock()
	return backoff.Sleep(ctx, 10*time.Millisecond)
}

// Contains reports whether a wait of exactly d was asked for.
func (w *Waits) Contains(d time.Duration) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Contains(w.d, d)
}

// Conform runs c, its emits passed through a collectors.Filter without
// rules (which validates and drops duplicates as in production), until it
// has emitted as many distinct items as truth lists or 15 seconds pass,
// then a little longer to catch late extras. It fails the test unless
// every truth item came exactly once with its kind and target, nothing
// else came, the server refused some requests with 429 and the waits
// asked for include its Retry-After, and (for streams) the cut connection
// was resumed, all within the one Collect call. It returns the mentions.
func Conform(t *testing.T, c socialcrm.Collector, srv *Server, waits *Waits, retryAfter time.Duration, truth []Truth) []*socialcrm.Mention {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	var mu sync.Mutex
	var got []*socialcrm.Mention
	keys := map[string]bool{}
	f := &collectors.Filter{}
	done := make(chan error, 1)
	go func() {
		done <- c.Collect(ctx, f.Wrap(func(ctx context.Context, m *socialcrm.Mention) error {
			mu.Lock()
			defer mu.Unlock()
			got = append(got, m)
			keys[key(m)] = true
			if len(keys) == len(truth) {
				time.AfterFunc(300*time.Millisecond, cancel)
			}
			return nil
		}))
	}()
	if err := <-done; err != nil {
		t.Fatalf("Collect = %v, want a clean stop", err)
	}
	mu.Lock()
	defer mu.Unlock()
	check(t, got, truth)
	st := srv.Stats()
	t.Logf("%s: %d items expected, %d emitted; %s", c.Name(), len(truth), len(got), st)
	if st.Refused == 0 {
		t.Errorf("no request was refused: the faults were not exercised (%s)", st)
	}
	if !waits.Contains(retryAfter) {
		t.Errorf("no wait of %s, the Retry-After the server sent", retryAfter)
	}
	if srv.DisconnectAfter() > 0 && (st.Cut == 0 || st.Streams < 2) {
		t.Errorf("the stream was not cut and resumed (%s)", st)
	}
	return got
}

func key(m *socialcrm.Mention) string {
	if m.Deleted {
		return m.ID + " (deleted)"
	}
	return m.ID
}

func check(t *testing.T, got []*socialcrm.Mention, truth []Truth) {
	t.Helper()
	want := map[string]Truth{}
	for _, tr := range truth {
		k := tr.ID
		if tr.Deleted {
			k += " (deleted)"
		}
		want[k] = tr
	}
	seen := map[string]int{}
	for _, m := range got {
		k := key(m)
		seen[k]++
		tr, ok := want[k]
		switch {
		case !ok:
			t.Errorf("emitted %s (%s, text %.60q), which the recording does not hold", k, m.Kind, m.Text)
		case seen[k] > 1:
			t.Errorf("emitted %s %d times", k, seen[k])
		case !tr.Deleted && (m.Kind != tr.Kind || m.Target != tr.Target):
			t.Errorf("%s: kind %s target %q, want %s %q", k, m.Kind, m.Target, tr.Kind, tr.Target)
		}
	}
	for k := range want {
		if seen[k] == 0 {
			t.Errorf("never emitted %s", k)
		}
	}
}
