package hackernews

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/collectors/collectorstest"
)

// search serves recorded hits as Algolia's search_by_date does: newest
// first, created_at_i>= filters honoured, pageSize hits a page, and past
// the last page an empty page under a stale nbPages.
func search(t *testing.T, hits [][]byte, pageSize int, pages *[]int, mu *sync.Mutex) http.HandlerFunc {
	type hit struct {
		at  int64
		raw json.RawMessage
	}
	var all []hit
	for _, raw := range hits {
		var h Hit
		if err := json.Unmarshal(raw, &h); err != nil {
			t.Fatal(err)
		}
		all = append(all, hit{h.CreatedAtI, raw})
	}
	slices.SortFunc(all, func(a, b hit) int { return int(b.at - a.at) })
	return func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		page, _ := strconv.Atoi(q.Get("page"))
		mu.Lock()
		*pages = append(*pages, page)
		mu.Unlock()
		from, _ := strconv.ParseInt(strings.TrimPrefix(q.Get("numericFilters"), "created_at_i>="), 10, 64)
		var match []json.RawMessage
		for _, h := range all {
			if h.at >= from {
				match = append(match, h.raw)
			}
		}
		out := []json.RawMessage{}
		if lo := page * pageSize; lo < len(match) {
			out = match[lo:min(lo+pageSize, len(match))]
		}
		b, _ := json.Marshal(map[string]any{"hits": out, "page": page, "nbPages": 50, "hitsPerPage": pageSize,
			"nbHits": len(match), "query": q.Get("query"), "params": r.URL.RawQuery})
		_, _ = w.Write(b)
	}
}

// TestConformance pages recorded Algolia hits (comments on stories and a
// reply to a comment), two a page, with every third request refused with
// a 429: each page is handed on as it arrives, a refused page is asked
// for again (never page 0 again), and the walk ends at the empty page
// although nbPages claims 50.
func TestConformance(t *testing.T) {
	var mu sync.Mutex
	var pages []int
	rest := search(t, collectorstest.JSONValues(t, "testdata/recorded/search-comments-hits.json"), 2, &pages, &mu)
	srv := collectorstest.NewServer(t, collectorstest.Faults{Every: 3}, rest)
	deps, waits := collectorstest.ConformDeps()
	deps.Since = time.Unix(1300000000, 0)
	c, err := New(Config{BaseURL: srv.URL, Queries: []string{"apple"}, Interval: time.Minute}, deps)
	if err != nil {
		t.Fatal(err)
	}
	collectorstest.Conform(t, c, srv, waits, time.Second, collectorstest.ReadTruth(t, "testdata/recorded/truth.json"))
	mu.Lock()
	defer mu.Unlock()
	if len(pages) < 4 || !slices.Equal(pages[:4], []int{0, 1, 2, 3}) {
		t.Errorf("pages served %v: want 0, 1, 2 (the last hit), 3 (empty), each once, before the next poll", pages)
	}
}

// TestCollector_CircuitRecovers: a search API that refuses ten requests in
// a row opens the source's circuit (unhealthy in /readyz); when it answers
// again the hits come and the circuit closes, without a restart.
func TestCollector_CircuitRecovers(t *testing.T) {
	var mu sync.Mutex
	var pages []int
	hits := search(t, collectorstest.JSONValues(t, "testdata/recorded/search-comments-hits.json"), 5, &pages, &mu)
	deps, _ := collectorstest.ConformDeps()
	deps.Policy.Threshold = 3
	var requests atomic.Int32
	unhealthy := make(chan struct{})
	var once sync.Once
	srv := collectorstest.NewServer(t, collectorstest.Faults{}, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n := requests.Add(1); n <= 10 {
			if deps.Metrics.Healthy(r.Context()) != nil {
				once.Do(func() { close(unhealthy) })
			}
			http.Error(w, "overloaded", http.StatusServiceUnavailable)
			return
		}
		hits(w, r)
	}))
	c, err := New(Config{BaseURL: srv.URL, Queries: []string{"apple"}, Interval: time.Minute}, deps)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	n := 0
	err = c.Collect(ctx, func(ctx context.Context, m *socialcrm.Mention) error {
		if n++; n == 5 {
			cancel()
		}
		return nil
	})
	if err != nil || n != 5 {
		t.Fatalf("Collect = %v after %d of 5 hits", err, n)
	}
	select {
	case <-unhealthy:
	default:
		t.Error("the circuit never opened while the API refused")
	}
	if err := deps.Metrics.Healthy(context.Background()); err != nil {
		t.Errorf("still unhealthy after the API answered: %v", err)
	}
}
