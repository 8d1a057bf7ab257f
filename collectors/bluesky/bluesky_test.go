package bluesky

import (
	"bufio"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/google/go-cmp/cmp"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/collectors"
	"github.com/socialcrm/socialcrm/collectors/collectorstest"
)

type got struct {
	ID, Kind, Parent, Target, Brand, Text string
	Deleted                               bool
}

const (
	alice = "at://did:plc:alice/app.bsky.feed.post/"
	bob   = "at://did:plc:bob/app.bsky.feed.post/"
	acme  = "at://did:plc:acmecorp/app.bsky.feed.post/"
	end   = "bluesky:at://did:plc:alice/app.bsky.feed.post/end"
)

// serveLines sends each line of a testdata file as one websocket message.
func serveLines(t *testing.T, w http.ResponseWriter, r *http.Request, name string, hold bool) {
	conn, err := websocket.Accept(w, r, nil)
	if err != nil {
		t.Error(err)
		return
	}
	defer conn.CloseNow()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Error(err)
		return
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if err := conn.Write(r.Context(), websocket.MessageText, sc.Bytes()); err != nil {
			return
		}
	}
	if hold {
		_, _, _ = conn.Read(r.Context()) // until the client goes away
	}
}

// collect runs c until the fixture's end marker, which it leaves out.
func collect(t *testing.T, c *Collector, sink *collectorstest.Sink) []got {
	t.Helper()
	var out []got
	collectorstest.CollectFixture(t, c, sink, func(m *socialcrm.Mention) bool { return m.ID == end },
		func(m *socialcrm.Mention) {
			out = append(out, got{m.ID, string(m.Kind), m.ParentID, m.Target, m.Brand, m.Text, m.Deleted})
		})
	return out
}

func TestCollector(t *testing.T) {
	sink := collectorstest.NewSink(t)
	var mu sync.Mutex
	var cursors []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/subscribe" {
			t.Errorf("unexpected request %s", r.URL)
			return
		}
		mu.Lock()
		cursors = append(cursors, r.URL.Query().Get("cursor"))
		n := len(cursors)
		mu.Unlock()
		if got := r.URL.Query()["wantedCollections"]; len(got) != 4 {
			t.Errorf("wantedCollections = %v", got)
		}
		switch n {
		case 1:
			serveLines(t, w, r, "handwritten-stream-1.jsonl", false) // then drops the connection
		case 2:
			w.Header().Set("Retry-After", "3")
			w.WriteHeader(http.StatusTooManyRequests)
		default:
			serveLines(t, w, r, "handwritten-stream-3.jsonl", true)
		}
	}))
	defer srv.Close()
	base := "ws" + strings.TrimPrefix(srv.URL, "http")
	state := &collectors.MemState{}
	var waits []time.Duration
	cfg := Config{BaseURL: base, Accounts: map[string]string{"did:plc:acmecorp": "acme"}}
	c, err := New(cfg, collectorstest.Deps(state, time.Time{}, &waits))
	if err != nil {
		t.Fatal(err)
	}
	const h = "acme.example.com"
	want := []got{
		{"bluesky:" + alice + "p1", "post", "", "", "", "Just got my acme blender, love it", false},
		{"bluesky:" + bob + "p2", "reply", "bluesky:" + alice + "p1", "did:plc:alice", "", "mine broke after a week", false},
		{"bluesky:at://did:plc:bob/app.bsky.feed.like/l1", "like", "bluesky:" + acme + "p0", h, "acme", "", false},
		{"bluesky:" + alice + "p1", "post", "", "", "", "", true},
		{"bluesky:" + bob + "p4", "quote", "bluesky:" + acme + "p0", h, "acme", "is this real?", false},
		{"bluesky:at://did:plc:alice/app.bsky.feed.repost/r1", "share", "bluesky:" + acme + "p0", h, "acme", "", false},
		{"bluesky:at://did:plc:alice/app.bsky.graph.follow/f1", "follow", "", h, "acme", "", false},
		{"bluesky:" + alice + "p5", "mention", "", h, "", "hey @acme.example.com where is my order", false},
	}
	if diff := cmp.Diff(want, collect(t, c, sink)); diff != "" {
		t.Errorf("mentions (-want +got):\n%s", diff)
	}
	// Reconnects ask for the saved cursor (the delete at ...007)
	// rewound by 3s.
	if diff := cmp.Diff([]string{"", "1763632797000007", "1763632797000007"}, cursors); diff != "" {
		t.Errorf("cursors (-want +got):\n%s", diff)
	}
	if len(waits) != 2 || waits[1] < 3*time.Second {
		t.Errorf("waits %v: want a reconnect delay and the 3s Retry-After", waits)
	}
	if n := collectors.Value(c.deps.Metrics.DroppedCounter(Source, collectors.DropMalformed)); n != 2 {
		t.Errorf("malformed drops = %v, want 2", n)
	}

	// A restart resumes from the last emitted event (...011).
	cursors = nil
	srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		cursors = append(cursors, r.URL.Query().Get("cursor"))
		mu.Unlock()
		serveLines(t, w, r, "handwritten-resume.jsonl", true)
	})
	c2, err := New(cfg, collectorstest.Deps(state, time.Time{}, &waits))
	if err != nil {
		t.Fatal(err)
	}
	want = []got{{"bluesky:" + bob + "p6", "quote", "bluesky:" + alice + "p5", "did:plc:alice", "", "acme support was quick today", false}}
	if diff := cmp.Diff(want, collect(t, c2, sink)); diff != "" {
		t.Errorf("after restart (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"1763632797000011"}, cursors); diff != "" {
		t.Errorf("resume cursor (-want +got):\n%s", diff)
	}
}
