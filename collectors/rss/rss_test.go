package rss

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

type got struct{ ID, Kind, Author, Brand, Lang, Text string }

func fixture(t *testing.T, w http.ResponseWriter, name, etag string, truncate bool) {
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Error(err)
		return
	}
	w.Header().Set("ETag", etag)
	w.Header().Set("Content-Type", "application/rss+xml")
	if truncate {
		w.Header().Set("Content-Length", "100000")
		b = b[:len(b)/2]
	}
	_, _ = w.Write(b)
}

func collect(t *testing.T, c *Collector, sink *collectorstest.Sink) []got {
	t.Helper()
	var out []got
	collectorstest.CollectFixture(t, c, sink, func(m *socialcrm.Mention) bool { return m.ID == "rss:rev-end" },
		func(m *socialcrm.Mention) {
			out = append(out, got{m.ID, string(m.Kind), m.Author.Handle, m.Brand, m.Lang, m.Text})
		})
	return out
}

func TestCollector(t *testing.T) {
	sink := collectorstest.NewSink(t)
	var mu sync.Mutex
	var conds []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		conds = append(conds, r.Header.Get("If-None-Match"))
		switch len(conds) {
		case 1:
			fixture(t, w, "handwritten-v1.xml", `"v1"`, false)
		case 2:
			w.WriteHeader(http.StatusNotModified)
		case 3:
			w.Header().Set("Retry-After", "6")
			w.WriteHeader(http.StatusTooManyRequests)
		case 4:
			fixture(t, w, "handwritten-v2.xml", `"v2"`, true)
		default:
			fixture(t, w, "handwritten-v2.xml", `"v2"`, false)
		}
	}))
	defer srv.Close()
	state := &collectors.MemState{}
	var waits []time.Duration
	cfg := Config{Feeds: []Feed{{URL: srv.URL + "/acme.rss", Brand: "acme"}}, Interval: 10 * time.Minute}
	c, err := New(cfg, collectorstest.Deps(state, time.Time{}, &waits))
	if err != nil {
		t.Fatal(err)
	}
	want := []got{
		{"rss:rev-1", "post", "Alice", "acme", "en", "Great blender\nWorks great, acme did well"},
		{"rss:rev-2", "post", "Bob", "acme", "en", "Broke in a week\nAcme support never answered"},
		{"rss:rev-3", "post", "Carol", "acme", "en", "Fine for the price\nok acme product"},
	}
	if diff := cmp.Diff(want, collect(t, c, sink)); diff != "" {
		t.Errorf("mentions (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"", `"v1"`, `"v1"`, `"v1"`, `"v1"`}, conds); diff != "" {
		t.Errorf("If-None-Match sent (-want +got):\n%s", diff)
	}
	if len(waits) != 4 || waits[2] < 6*time.Second {
		t.Errorf("waits %v: want interval, interval, Retry-After, backoff", waits)
	}
	if n := collectors.Value(c.deps.Metrics.DroppedCounter(Source, collectors.DropMalformed)); n != 1 {
		t.Errorf("malformed drops = %v, want 1", n)
	}

	// After a restart only the new item is handed on.
	srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fixture(t, w, "handwritten-v3.xml", `"v3"`, false)
	})
	c2, err := New(cfg, collectorstest.Deps(state, time.Time{}, &waits))
	if err != nil {
		t.Fatal(err)
	}
	want = []got{{"rss:rev-4", "post", "Dave", "acme", "en", "Replaced quickly\nacme replaced it"}}
	if diff := cmp.Diff(want, collect(t, c2, sink)); diff != "" {
		t.Errorf("after restart (-want +got):\n%s", diff)
	}
}
