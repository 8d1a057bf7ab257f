package hackernews

import (
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/collectors"
	"github.com/socialcrm/socialcrm/collectors/collectorstest"
)

type got struct{ ID, Kind, Parent, Author, Text string }

func fixture(t *testing.T, w http.ResponseWriter, name string, truncate bool) {
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Error(err)
		return
	}
	if truncate {
		w.Header().Set("Content-Length", "100000")
		b = b[:len(b)/2]
	}
	_, _ = w.Write(b)
}

func collect(t *testing.T, c *Collector, sink *collectorstest.Sink) []got {
	t.Helper()
	var out []got
	collectorstest.CollectFixture(t, c, sink, func(m *socialcrm.Mention) bool { return m.ID == "hackernews:999" },
		func(m *socialcrm.Mention) {
			out = append(out, got{m.ID, string(m.Kind), m.ParentID, m.Author.Handle, m.Text})
		})
	return out
}

func TestCollector(t *testing.T) {
	sink := collectorstest.NewSink(t)
	var mu sync.Mutex
	var calls []string
	truncated := false
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		q := r.URL.Query()
		if r.URL.Path != "/search_by_date" || q.Get("query") != "acme" || q.Get("tags") != "(story,comment)" {
			t.Errorf("unexpected request %s", r.URL)
		}
		calls = append(calls, q.Get("page")+" "+q.Get("numericFilters"))
		switch page := q.Get("page"); {
		case len(calls) == 1:
			w.Header().Set("Retry-After", "2")
			w.WriteHeader(http.StatusTooManyRequests)
		case q.Get("numericFilters") != "created_at_i>=1763632800":
			fixture(t, w, "handwritten-poll2.json", false)
		case page == "0":
			fixture(t, w, "handwritten-page0.json", false)
		case page == "1":
			fixture(t, w, "handwritten-page1.json", !truncated)
			truncated = true
		default: // past the last page, whatever nbPages said
			_, _ = w.Write([]byte(`{"hits":[],"page":2,"nbPages":2,"hitsPerPage":100}`))
		}
	}))
	defer srv.Close()
	state := &collectors.MemState{}
	var waits []time.Duration
	cfg := Config{BaseURL: srv.URL, Queries: []string{"acme"}, Interval: time.Minute}
	c, err := New(cfg, collectorstest.Deps(state, time.Unix(1763632800, 0), &waits))
	if err != nil {
		t.Fatal(err)
	}
	want := []got{ // page by page as they arrive, each page oldest first
		{"hackernews:4", "comment", "hackernews:3", "bob", "Acme's support never answered me"},
		{"hackernews:5", "post", "", "alice", "Show HN: Acme blender API"},
		{"hackernews:2", "reply", "hackernews:1", "bob", "I switched to Globex"},
		{"hackernews:3", "post", "", "carol", "Acme raises prices again\nThoughts?"},
		{"hackernews:6", "comment", "hackernews:5", "dave", "acme works fine for me"},
	}
	if diff := cmp.Diff(want, collect(t, c, sink)); diff != "" {
		t.Errorf("mentions (-want +got):\n%s", diff)
	}
	const f0, f5 = "created_at_i>=1763632800", "created_at_i>=1763632850"
	// The truncated page 1 is read again, not page 0; page 2 is asked for
	// although nbPages says 2, and is empty.
	if diff := cmp.Diff([]string{"0 " + f0, "0 " + f0, "1 " + f0, "1 " + f0, "2 " + f0, "0 " + f5}, calls); diff != "" {
		t.Errorf("requests (-want +got):\n%s", diff)
	}
	if len(waits) != 3 || waits[0] < 2*time.Second || waits[2] != time.Minute {
		t.Errorf("waits %v: want Retry-After, backoff, interval", waits)
	}
	if n := collectors.Value(c.deps.Metrics.DroppedCounter(Source, collectors.DropMalformed)); n != 1 {
		t.Errorf("malformed drops = %v, want 1", n)
	}

	calls = nil
	srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls = append(calls, r.URL.Query().Get("numericFilters"))
		fixture(t, w, "handwritten-resume.json", false)
	})
	c2, err := New(cfg, collectorstest.Deps(state, time.Time{}, &waits))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]got{{"hackernews:7", "post", "", "erin", "Acme is hiring"}}, collect(t, c2, sink)); diff != "" {
		t.Errorf("after restart (-want +got):\n%s", diff)
	}
	// The walk that the end marker stopped resumes at its page: 6, handed
	// on from it already, is not handed on again.
	if len(calls) != 1 || calls[0] != "created_at_i>=1763632850" {
		t.Errorf("resumed with %v", calls)
	}
}
