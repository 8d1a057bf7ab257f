package bluesky

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm/collectors/collectorstest"
)

// TestConformance replays Jetstream's documented events, whose time_us go
// back and forth as on the wire, with a GIF reply that has no text, a 429
// on every second connection attempt and the first connection dropped
// after two events. Every event must be kept once: none is skipped for
// being older than the newest seen.
func TestConformance(t *testing.T) {
	rec := collectorstest.JSONValues(t, "testdata/recorded/jetstream-readme-events.json")
	frames := slices.Concat(rec[:3], collectorstest.JSONValues(t, "testdata/handwritten-gif-reply.jsonl"), rec[3:])
	var srv *collectorstest.Server
	srv = collectorstest.NewServer(t, collectorstest.Faults{Every: 2, DisconnectAfter: 2, Replay: true},
		http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != "/subscribe" {
				http.NotFound(w, r)
				return
			}
			srv.Websocket(w, r, frames)
		}))
	deps, waits := collectorstest.ConformDeps()
	c, err := New(Config{BaseURL: "ws" + strings.TrimPrefix(srv.URL, "http"),
		Accounts: map[string]string{"did:plc:wa7b35aakoll7hugkrjtf3xf": "acme"}}, deps)
	if err != nil {
		t.Fatal(err)
	}
	ms := collectorstest.Conform(t, c, srv, waits, time.Second, collectorstest.ReadTruth(t, "testdata/recorded/truth.json"))
	for _, m := range ms {
		if m.Kind == "reply" && (m.Text != "" || !m.HasEmbed() || m.Author.Handle != "yohenrique.bsky.social" || m.Brand != "acme") {
			t.Errorf("GIF reply: %+v", m)
		}
	}
}
