package x

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm/collectors/collectorstest"
)

// recorded reads the recorded stream messages, each as one line, with the
// keep-alive blank lines the stream sends between them.
func recorded(t *testing.T, names ...string) [][]byte {
	t.Helper()
	var frames [][]byte
	for _, n := range names {
		b, err := os.ReadFile("testdata/recorded/" + n)
		if err != nil {
			t.Fatal(err)
		}
		var line bytes.Buffer
		if err := json.Compact(&line, b); err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		frames = append(frames, append(line.Bytes(), "\r\n"...), []byte("\r\n"))
	}
	return frames
}

// TestConformance replays real stream output (a numeric matching rule id,
// no created_at; the documentation's example with its date format) with a
// 429 on every second request and the first connection cut after one
// message.
func TestConformance(t *testing.T) {
	frames := recorded(t, "open-evolution-stream.json", "docs-stream-example.json")
	var srv *collectorstest.Server
	srv = collectorstest.NewServer(t, collectorstest.Faults{Every: 2, DisconnectAfter: 2, Replay: true},
		http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != "/2/tweets/search/stream" {
				http.NotFound(w, r)
				return
			}
			srv.Stream(w, r, "application/json", frames)
		}))
	deps, waits := collectorstest.ConformDeps()
	off := false
	c, err := New(Config{BaseURL: srv.URL, BearerToken: "tok", SyncRules: &off}, deps)
	if err != nil {
		t.Fatal(err)
	}
	ms := collectorstest.Conform(t, c, srv, waits, time.Second, collectorstest.ReadTruth(t, "testdata/recorded/truth.json"))
	for _, m := range ms {
		if m.CreatedAt.IsZero() || m.Extra["matching_rules"] == nil {
			t.Errorf("%s: created %s, matching rules %s", m.ID, m.CreatedAt, m.Extra["matching_rules"])
		}
	}
}
