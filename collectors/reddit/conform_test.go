package reddit

import (
	"encoding/json"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm/collectors/collectorstest"
)

// search serves the things of recorded listings as a Reddit listing:
// newest first, pageSize a page, paged with after.
func search(t *testing.T, listings [][]byte, pageSize int) http.HandlerFunc {
	type thing struct {
		name    string
		created float64
		raw     json.RawMessage
	}
	var all []thing
	for _, b := range listings {
		var ls struct {
			Data struct{ Children []json.RawMessage }
		}
		if err := json.Unmarshal(b, &ls); err != nil {
			t.Fatal(err)
		}
		for _, raw := range ls.Data.Children {
			var th Thing
			if err := json.Unmarshal(raw, &th); err != nil {
				t.Fatal(err)
			}
			all = append(all, thing{th.Data.Name, th.Data.CreatedUTC, raw})
		}
	}
	slices.SortFunc(all, func(a, b thing) int { return int(b.created - a.created) })
	return func(w http.ResponseWriter, r *http.Request) {
		start := 0
		if after := r.URL.Query().Get("after"); after != "" {
			start = slices.IndexFunc(all, func(x thing) bool { return x.name == after }) + 1
		}
		page := all[start:min(start+pageSize, len(all))]
		var after any
		if start+pageSize < len(all) {
			after = page[len(page)-1].name
		}
		children := []json.RawMessage{}
		for _, x := range page {
			children = append(children, x.raw)
		}
		b, _ := json.Marshal(map[string]any{"kind": "Listing", "data": map[string]any{
			"after": after, "before": nil, "dist": len(page), "modhash": nil, "geo_filter": "", "children": children}})
		_, _ = w.Write(b)
	}
}

// TestConformance pages real things (a gilded comment from 2009, a post)
// one a page with every third request refused with a 429: each page is
// handed on as it arrives and a refused page is asked for again by its
// after token.
func TestConformance(t *testing.T) {
	listing := search(t, collectorstest.JSONValues(t, "testdata/recorded/info-listings.json"), 1)
	srv := collectorstest.NewServer(t, collectorstest.Faults{Every: 3}, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/v1/access_token":
			_, _ = w.Write([]byte(`{"access_token":"tok-1","token_type":"bearer","expires_in":86400,"scope":"*"}`))
		case "/search":
			listing(w, r)
		default:
			http.NotFound(w, r)
		}
	}))
	deps, waits := collectorstest.ConformDeps()
	deps.Since = time.Date(2009, 1, 1, 0, 0, 0, 0, time.UTC)
	c, err := New(Config{BaseURL: srv.URL, TokenURL: srv.URL + "/api/v1/access_token", ClientID: "app", ClientSecret: "s3cret",
		Listings: []string{"search:test post"}, Interval: time.Minute}, deps)
	if err != nil {
		t.Fatal(err)
	}
	collectorstest.Conform(t, c, srv, waits, time.Second, collectorstest.ReadTruth(t, "testdata/recorded/truth.json"))
}
