package rss

import (
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm/collectors/collectorstest"
)

// TestConformance polls RFC 4287's example feed and a feed whose entries
// all have an empty href (so their links resolve to the same URL), with
// every second request refused: every entry must come once, told apart by
// its Atom id.
func TestConformance(t *testing.T) {
	feeds := map[string]string{"/rfc4287.xml": "testdata/recorded/rfc4287-brief.xml", "/reviews.xml": "testdata/handwritten-empty-href.xml"}
	srv := collectorstest.NewServer(t, collectorstest.Faults{Every: 2}, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, err := os.ReadFile(feeds[r.URL.Path])
		if err != nil {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/atom+xml")
		_, _ = w.Write(b)
	}))
	deps, waits := collectorstest.ConformDeps()
	c, err := New(Config{Feeds: []Feed{{URL: srv.URL + "/rfc4287.xml"}, {URL: srv.URL + "/reviews.xml", Brand: "acme"}},
		Interval: time.Minute}, deps)
	if err != nil {
		t.Fatal(err)
	}
	collectorstest.Conform(t, c, srv, waits, time.Second, collectorstest.ReadTruth(t, "testdata/recorded/truth.json"))
}
