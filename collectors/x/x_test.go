package x

import (
	"io"
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
	"github.com/socialcrm/socialcrm/collectors/rules"
)

type got struct {
	ID, Kind, Parent, Target, Author, Brand, Rule, Place string
}

func serve(t *testing.T, w http.ResponseWriter, r *http.Request, name string, hold bool) {
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Error(err)
		return
	}
	_, _ = w.Write(b)
	w.(http.Flusher).Flush()
	if hold {
		<-r.Context().Done()
	}
}

func collect(t *testing.T, c *Collector, sink *collectorstest.Sink) []got {
	t.Helper()
	var out []got
	collectorstest.CollectFixture(t, c, sink, func(m *socialcrm.Mention) bool { return m.ID == "x:9999" },
		func(m *socialcrm.Mention) {
			out = append(out, got{m.ID, string(m.Kind), m.ParentID, m.Target, m.Author.Handle, m.Brand, m.Rule, m.Place})
		})
	return out
}

func trackingRules(t *testing.T) *rules.Set {
	s, err := rules.Compile([]rules.Rule{
		{Brand: "acme", Query: `acme OR @acme -hiring`},
		{Brand: "acme", Name: "fr", Query: `acme lang:fr source:x`},
		{Brand: "globex", Query: `globex source:reddit`},
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestCollector(t *testing.T) {
	sink := collectorstest.NewSink(t)
	var mu sync.Mutex
	conns := 0
	var ruleCalls []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer tok" {
			t.Errorf("%s without the bearer token", r.URL)
		}
		switch r.URL.Path {
		case "/2/tweets/search/stream/rules":
			if r.Method == http.MethodGet {
				serve(t, w, r, "handwritten-rules.json", false)
				return
			}
			b, _ := io.ReadAll(r.Body)
			mu.Lock()
			ruleCalls = append(ruleCalls, string(b))
			mu.Unlock()
			_, _ = w.Write([]byte(`{"meta":{"summary":{"created":1,"not_created":0}}}`))
		case "/2/tweets/search/stream":
			if r.URL.Query().Get("expansions") == "" {
				t.Error("stream requested without expansions")
			}
			mu.Lock()
			conns++
			n := conns
			mu.Unlock()
			switch n {
			case 1:
				serve(t, w, r, "handwritten-stream-1.jsonl", false)
			case 2:
				w.Header().Set("Retry-After", "9")
				w.WriteHeader(http.StatusTooManyRequests)
			default:
				serve(t, w, r, "handwritten-stream-3.jsonl", true)
			}
		default:
			t.Errorf("unexpected request %s", r.URL)
		}
	}))
	defer srv.Close()
	state := &collectors.MemState{}
	var waits []time.Duration
	c, err := New(Config{BaseURL: srv.URL, BearerToken: "tok", Rules: trackingRules(t), BackfillMinutes: 2}, collectorstest.Deps(state, time.Time{}, &waits))
	if err != nil {
		t.Fatal(err)
	}
	want := []got{
		{"x:1001", "post", "", "", "alice", "acme", "acme", ""},
		{"x:1002", "share", "x:900", "acme", "bob", "acme", "acme", ""},
		{"x:1003", "reply", "x:1001", "alice", "bob", "acme", "acme", ""},
		{"x:1004", "quote", "x:900", "acme", "alice", "acme", "acme", ""},
		{"x:1005", "checkin", "", "", "bob", "acme", "acme", "Manhattan, NY"},
		{"x:1006", "mention", "", "acme", "alice", "acme", "acme", ""},
	}
	if diff := cmp.Diff(want, collect(t, c, sink)); diff != "" {
		t.Errorf("mentions (-want +got):\n%s", diff)
	}
	wantCalls := []string{`{"delete":{"ids":["1"]}}`, `{"add":[{"value":"(acme OR @acme) -hiring","tag":"socialcrm:acme/acme"}]}`}
	if diff := cmp.Diff(wantCalls, ruleCalls); diff != "" {
		t.Errorf("rule updates (-want +got):\n%s", diff)
	}
	if len(waits) != 2 || waits[1] < 9*time.Second {
		t.Errorf("waits %v: want a reconnect delay and the 9s Retry-After", waits)
	}
	if n := collectors.Value(c.deps.Metrics.DroppedCounter(Source, collectors.DropMalformed)); n != 1 {
		t.Errorf("malformed drops = %v, want 1", n)
	}

	// A restart resumes after the saved id with backfill_minutes.
	srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("backfill_minutes") != "2" {
			t.Errorf("resumed without backfill_minutes: %s", r.URL.RawQuery)
		}
		serve(t, w, r, "handwritten-resume.jsonl", true)
	})
	off := false
	c2, err := New(Config{BaseURL: srv.URL, BearerToken: "tok", SyncRules: &off, BackfillMinutes: 2}, collectorstest.Deps(state, time.Time{}, &waits))
	if err != nil {
		t.Fatal(err)
	}
	want = []got{{"x:1007", "post", "", "", "bob", "acme", "fr", ""}}
	if diff := cmp.Diff(want, collect(t, c2, sink)); diff != "" {
		t.Errorf("after restart (-want +got):\n%s", diff)
	}
}

func TestTranslate(t *testing.T) {
	tests := []struct {
		query, want string
		ok          bool
	}{
		{`acme OR "acme corp" -job -hiring lang:en`, `(acme OR "acme corp") -job -hiring lang:en`, true},
		{`acme author:@bob source:x`, `acme from:bob`, true},
		{`#acme -(job OR hiring)`, `#acme -(job OR hiring)`, true},
		{`acme source:reddit`, ``, false},
		{`@acme@mastodon.social`, ``, false},
	}
	for _, tt := range tests {
		got, ok := Translate(rules.MustParse(tt.query))
		if ok != tt.ok || (ok && got != tt.want) {
			t.Errorf("Translate(%q) = %q, %v; want %q, %v", tt.query, got, ok, tt.want, tt.ok)
		}
	}
}
