package reddit

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

type got struct {
	ID, Kind, Parent, Target, Author, Text string
	Deleted                                bool
}

func fixture(t *testing.T, w http.ResponseWriter, name string, truncate bool) {
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Error(err)
		return
	}
	if truncate { // the connection drops halfway through the body
		w.Header().Set("Content-Length", "100000")
		b = b[:len(b)/2]
	}
	_, _ = w.Write(b)
}

func collect(t *testing.T, c *Collector, sink *collectorstest.Sink) []got {
	t.Helper()
	var out []got
	collectorstest.CollectFixture(t, c, sink, func(m *socialcrm.Mention) bool { return m.ID == "reddit:t3_end" || m.ID == "reddit:t1_end" },
		func(m *socialcrm.Mention) {
			out = append(out, got{m.ID, string(m.Kind), m.ParentID, m.Target, m.Author.Handle, m.Text, m.Deleted})
		})
	return out
}

// api serves the token endpoint and hands listing requests to listing.
func api(t *testing.T, tokens *int, listing func(w http.ResponseWriter, r *http.Request)) *httptest.Server {
	var mu sync.Mutex
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		if r.URL.Path == "/api/v1/access_token" {
			id, secret, ok := r.BasicAuth()
			if !ok || id != "app" || secret != "s3cret" || r.FormValue("grant_type") != "client_credentials" {
				t.Errorf("token request: basic auth %q %q, grant %q", id, secret, r.FormValue("grant_type"))
			}
			*tokens++
			_, _ = w.Write([]byte(`{"access_token":"tok-1","token_type":"bearer","expires_in":86400,"scope":"*"}`))
			return
		}
		if r.Header.Get("Authorization") != "bearer tok-1" || r.Header.Get("User-Agent") == "" {
			t.Errorf("%s: authorization %q, user agent %q", r.URL, r.Header.Get("Authorization"), r.Header.Get("User-Agent"))
		}
		listing(w, r)
	}))
}

func TestCollector_Search(t *testing.T) {
	sink := collectorstest.NewSink(t)
	var calls []string
	tokens := 0
	srv := api(t, &tokens, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/search" || r.URL.Query().Get("q") != "acme" || r.URL.Query().Get("sort") != "new" {
			t.Errorf("unexpected request %s", r.URL)
		}
		after := r.URL.Query().Get("after")
		calls = append(calls, after)
		switch n := len(calls); {
		case n == 1:
			w.Header().Set("X-Ratelimit-Remaining", "0")
			w.Header().Set("X-Ratelimit-Reset", "5")
			fixture(t, w, "handwritten-search-1.json", false)
		case n == 2:
			fixture(t, w, "handwritten-search-2.json", true)
		case n == 3:
			w.Header().Set("Retry-After", "4")
			w.WriteHeader(http.StatusTooManyRequests)
		case after == "t3_c2":
			fixture(t, w, "handwritten-search-2.json", false)
		case n <= 5:
			fixture(t, w, "handwritten-search-1.json", false)
		default:
			fixture(t, w, "handwritten-search-3.json", false)
		}
	})
	defer srv.Close()
	state := &collectors.MemState{}
	var waits []time.Duration
	since := time.Unix(1763632800, 0)
	cfg := Config{BaseURL: srv.URL, TokenURL: srv.URL + "/api/v1/access_token", ClientID: "app", ClientSecret: "s3cret",
		Listings: []string{"search:acme"}, Interval: 30 * time.Second}
	c, err := New(cfg, collectorstest.Deps(state, since, &waits))
	if err != nil {
		t.Fatal(err)
	}
	want := []got{ // page by page as they arrive, each page oldest first
		{"reddit:t3_c2", "post", "", "", "alice", "Acme winter sale", false},
		{"reddit:t3_c3", "post", "", "", "bob", "Acme blender broke after a week\nAnyone else?", false},
		{"reddit:t3_c1", "post", "", "", "", "", true},
		{"reddit:t3_c4", "share", "reddit:t3_c2", "", "carol", "Acme winter sale", false},
	}
	if diff := cmp.Diff(want, collect(t, c, sink)); diff != "" {
		t.Errorf("mentions (-want +got):\n%s", diff)
	}
	// The cut page and the refused one are asked for again by their after
	// token, not from the first page; the next polls start from the top.
	if diff := cmp.Diff([]string{"", "t3_c2", "t3_c2", "t3_c2", "", ""}, calls); diff != "" {
		t.Errorf("pages requested (-want +got):\n%s", diff)
	}
	// Waits: the spent rate limit (5s), the backoff after the cut body,
	// the 429's Retry-After (4s), the poll intervals.
	if len(waits) != 5 || waits[0] < 4*time.Second || waits[0] > 5*time.Second || waits[2] < 4*time.Second || waits[3] != 30*time.Second {
		t.Errorf("waits %v", waits)
	}
	if tokens != 1 {
		t.Errorf("%d token requests, want 1 (cached)", tokens)
	}
	if n := collectors.Value(c.deps.Metrics.DroppedCounter(Source, collectors.DropMalformed)); n != 1 {
		t.Errorf("malformed drops = %v, want 1", n)
	}

	// A restart resumes after the saved cursor (c4).
	calls = nil
	srv.Config.Handler = api(t, &tokens, func(w http.ResponseWriter, r *http.Request) {
		fixture(t, w, "handwritten-search-resume.json", false)
	}).Config.Handler
	c2, err := New(cfg, collectorstest.Deps(state, since, &waits))
	if err != nil {
		t.Fatal(err)
	}
	want = []got{{"reddit:t3_c5", "post", "", "", "alice", "acme support was quick", false}}
	if diff := cmp.Diff(want, collect(t, c2, sink)); diff != "" {
		t.Errorf("after restart (-want +got):\n%s", diff)
	}
}

func TestCollector_CommentKinds(t *testing.T) {
	tokens := 0
	srv := api(t, &tokens, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/r/acme/comments" {
			t.Errorf("unexpected request %s", r.URL)
		}
		fixture(t, w, "handwritten-comments.json", false)
	})
	defer srv.Close()
	var waits []time.Duration
	c, err := New(Config{BaseURL: srv.URL, TokenURL: srv.URL + "/api/v1/access_token", ClientID: "app", ClientSecret: "s3cret",
		Listings: []string{"r/acme/comments"}}, collectorstest.Deps(&collectors.MemState{}, time.Time{}, &waits))
	if err != nil {
		t.Fatal(err)
	}
	out := collect(t, c, nil)
	tests := []struct{ id, kind, parent, target string }{
		{"reddit:t1_k1", "comment", "reddit:t3_c3", "alice"},
		{"reddit:t1_k2", "reply", "reddit:t1_k1", ""},
		{"reddit:t1_k3", "post", "", ""}, // a tombstone
	}
	if len(out) != len(tests) {
		t.Fatalf("got %+v", out)
	}
	for i, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			g := out[i]
			if g.ID != tt.id || g.Kind != tt.kind || g.Parent != tt.parent || g.Target != tt.target {
				t.Errorf("got %+v, want %+v", g, tt)
			}
		})
	}
	if !out[2].Deleted {
		t.Error("deleted comment is not a tombstone")
	}
}
