package mastodon

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/backoff"
	"github.com/socialcrm/socialcrm/collectors"
	"github.com/socialcrm/socialcrm/collectors/collectorstest"
)

// got is what a test collector emitted, in a comparable form.
type got struct {
	ID, Kind, Parent, Target, Author, Lang, Text string
	Deleted                                      bool
}

func summarize(m *socialcrm.Mention) got {
	return got{m.ID, string(m.Kind), m.ParentID, m.Target, m.Author.Handle, m.Lang, m.Text, m.Deleted}
}

// fixture serves one file from testdata.
func fixture(t *testing.T, w http.ResponseWriter, name string) {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Error(err)
		return
	}
	_, _ = w.Write(b)
	w.(http.Flusher).Flush()
}

// quickDeps records backoff waits instead of sleeping.
func quickDeps(state socialcrm.StateStore, reg prometheus.Registerer, waits *[]time.Duration) collectors.Deps {
	var mu sync.Mutex
	return collectors.Deps{State: state, Metrics: collectors.NewMetrics(reg), Policy: backoff.Policy{
		Min: time.Millisecond, Max: 5 * time.Millisecond,
		Sleep: func(ctx context.Context, d time.Duration) error {
			mu.Lock()
			*waits = append(*waits, d)
			mu.Unlock()
			return ctx.Err()
		}}}
}

// collect runs c until it emits the fixture's end marker (the tombstone
// of 999, or of 998 in a fixture replayed after a restart), which is left
// out of the result.
func collect(t *testing.T, c socialcrm.Collector, sink *collectorstest.Sink) []got {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var out []got
	err := c.Collect(ctx, func(ctx context.Context, m *socialcrm.Mention) error {
		if err := m.Validate(); err != nil {
			t.Errorf("emitted an invalid mention: %v", err)
		}
		if m.ID == "mastodon:999" || m.ID == "mastodon:998" {
			cancel()
			return nil
		}
		if sink != nil {
			if err := sink.Emit(ctx, m); err != nil {
				return err
			}
		}
		out = append(out, summarize(m))
		return nil
	})
	if err != nil {
		t.Fatalf("Collect: %v", err)
	}
	if ctx.Err() == context.DeadlineExceeded {
		t.Fatal("the fixture's end marker never arrived")
	}
	if sink != nil {
		sink.Check(t)
	}
	return out
}

func TestCollector_Hashtag(t *testing.T) {
	sink := collectorstest.NewSink(t)
	var mu sync.Mutex
	conns := 0
	var backfills []string
	filled1 := make(chan struct{})
	var once1 sync.Once
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer tok" {
			t.Errorf("%s without the token", r.URL)
		}
		mu.Lock()
		defer mu.Unlock()
		switch r.URL.Path {
		case "/api/v1/streaming/hashtag":
			if r.URL.Query().Get("tag") != "acme" {
				t.Errorf("stream query %s", r.URL.RawQuery)
			}
			conns++
			switch conns {
			case 1: // ends in the middle of an event
				fixture(t, w, "handwritten-hashtag-1.sse")
			case 2:
				w.Header().Set("Retry-After", "7")
				w.WriteHeader(http.StatusTooManyRequests)
			default: // once the backfill has ended, so that the end marker comes last
				mu.Unlock()
				w.WriteHeader(http.StatusOK)
				w.(http.Flusher).Flush()
				select {
				case <-filled1:
					fixture(t, w, "handwritten-hashtag-3.sse")
				case <-r.Context().Done():
				}
				<-r.Context().Done()
				mu.Lock()
			}
		case "/api/v1/timelines/tag/acme":
			backfills = append(backfills, r.URL.RawQuery)
			if r.URL.Query().Get("max_id") == "" && r.URL.Query().Get("since_id") == "103" {
				fixture(t, w, "handwritten-backfill-since-103.json")
				return
			}
			_, _ = w.Write([]byte("[]"))
			once1.Do(func() { close(filled1) })
		default:
			t.Errorf("unexpected request %s", r.URL)
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()

	state, reg := &collectors.MemState{}, prometheus.NewRegistry()
	var waits []time.Duration
	c, err := New(Config{BaseURL: srv.URL, Token: "tok", Streams: []string{"hashtag:acme"}}, quickDeps(state, reg, &waits))
	if err != nil {
		t.Fatal(err)
	}
	host := srv.Listener.Addr().String()
	want := []got{
		{"mastodon:101", "post", "", "", "alice@" + host, "en", "Loving my new #acme blender & toaster", false},
		{"mastodon:102", "reply", "mastodon:101", "alice@" + host, "bob@other.example", "en", "@alice mine broke after a week #acme", false},
		{"mastodon:101", "post", "", "", "", "", "", true},
		{"mastodon:103", "share", "mastodon:90", "acme@" + host, "bob@other.example", "en", "Acme winter sale starts today #acme", false},
		{"mastodon:104", "post", "", "", "alice@" + host, "fr", "Where can I buy Acme in Lyon? #acme", false},
		{"mastodon:105", "quote", "mastodon:90", "acme@" + host, "bob@other.example", "en", "Is this real? #acme", false},
		{"mastodon:102", "reply", "mastodon:101", "alice@" + host, "bob@other.example", "en", "@alice mine broke after a week, support fixed it #acme", false},
	}
	// The backfill runs beside the stream, so the order of what each hands
	// on is theirs alone.
	byKey := cmpopts.SortSlices(func(a, b got) bool { return fmt.Sprint(a) < fmt.Sprint(b) })
	if diff := cmp.Diff(want, collect(t, c, sink), byKey); diff != "" {
		t.Errorf("mentions (-want +got):\n%s", diff)
	}
	mu.Lock()
	if diff := cmp.Diff([]string{"limit=40&since_id=103", "limit=40&max_id=104&since_id=103"}, backfills); diff != "" {
		t.Errorf("backfill requests (-want +got):\n%s", diff)
	}
	mu.Unlock()
	if len(waits) != 2 || waits[1] < 7*time.Second {
		t.Errorf("waits %v: want a reconnect delay and the 7s Retry-After", waits)
	}
	if n := collectors.Value(c.deps.Metrics.DroppedCounter(Source, collectors.DropMalformed)); n != 1 {
		t.Errorf("malformed drops = %v, want 1", n)
	}

	// A restart resumes from the saved cursor (105): the backfill fetches
	// what was posted meanwhile, the stream's replay of 105 is skipped.
	// The stream sends its events once the backfill has ended, so that
	// the end marker comes last.
	filled := make(chan struct{})
	var once sync.Once
	srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/v1/streaming/hashtag":
			w.WriteHeader(http.StatusOK)
			w.(http.Flusher).Flush()
			select {
			case <-filled:
			case <-r.Context().Done():
				return
			}
			fixture(t, w, "handwritten-resume.sse")
			<-r.Context().Done()
		case "/api/v1/timelines/tag/acme":
			if r.URL.Query().Get("since_id") != "105" {
				t.Errorf("resumed backfill since_id=%q, want 105", r.URL.Query().Get("since_id"))
			}
			if r.URL.Query().Get("max_id") == "" {
				fixture(t, w, "handwritten-backfill-since-105.json")
				return
			}
			_, _ = w.Write([]byte("[]"))
			once.Do(func() { close(filled) })
		}
	})
	c2, err := New(Config{BaseURL: srv.URL, Token: "tok", Streams: []string{"hashtag:acme"}}, quickDeps(state, prometheus.NewRegistry(), &waits))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, g := range collect(t, c2, sink) {
		ids = append(ids, g.ID)
	}
	if diff := cmp.Diff([]string{"mastodon:106", "mastodon:107"}, ids); diff != "" {
		t.Errorf("after restart (-want +got):\n%s", diff)
	}
}

func TestCollector_UserNotifications(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/api/v1/streaming/user" {
			t.Errorf("unexpected request %s", r.URL)
			return
		}
		fixture(t, w, "handwritten-user.sse")
		<-r.Context().Done()
	}))
	defer srv.Close()
	var waits []time.Duration
	c, err := New(Config{BaseURL: srv.URL, Token: "tok", Streams: []string{"user"}, Brand: "acme", Account: "acme@example.social"},
		quickDeps(&collectors.MemState{}, prometheus.NewRegistry(), &waits))
	if err != nil {
		t.Fatal(err)
	}
	host := srv.Listener.Addr().String()
	tests := []struct{ id, kind, parent, target string }{
		{"mastodon:favourite:1:90", "like", "mastodon:90", "acme@" + host},
		{"mastodon:reblog:2:90", "share", "mastodon:90", "acme@" + host},
		{"mastodon:follow:1:acme@example.social", "follow", "", "acme@example.social"},
		{"mastodon:110", "reply", "mastodon:90", "acme@" + host},
	}
	out := collect(t, c, nil)
	if len(out) != len(tests) {
		t.Fatalf("got %d mentions, want %d: %+v", len(out), len(tests), out)
	}
	for i, tt := range tests {
		t.Run(tt.kind, func(t *testing.T) {
			g := out[i]
			if g.ID != tt.id || g.Kind != tt.kind || g.Parent != tt.parent || g.Target != tt.target {
				t.Errorf("got %+v, want %+v", g, tt)
			}
		})
	}
}

func TestNew_Errors(t *testing.T) {
	for name, cfg := range map[string]Config{
		"NoURL":      {Streams: []string{"public"}},
		"NoStreams":  {BaseURL: "https://example.social"},
		"BadStream":  {BaseURL: "https://example.social", Streams: []string{"firehose"}},
		"UserNoAuth": {BaseURL: "https://example.social", Streams: []string{"user"}},
	} {
		if _, err := New(cfg, collectors.Deps{}); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
