package mastodon

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/collectors/collectorstest"
)

// timeline serves statuses as a Mastodon REST timeline: newest first,
// since_id and max_id honoured, pageSize at most per page.
func timeline(t *testing.T, statuses []json.RawMessage, pageSize int) http.HandlerFunc {
	type entry struct {
		id  string
		raw json.RawMessage
	}
	var all []entry
	for _, raw := range statuses {
		var st struct{ ID string }
		if err := json.Unmarshal(raw, &st); err != nil {
			t.Fatal(err)
		}
		all = append(all, entry{st.ID, raw})
	}
	slices.SortFunc(all, func(a, b entry) int {
		if newer(a.id, b.id) {
			return -1
		}
		return 1
	})
	return func(w http.ResponseWriter, r *http.Request) {
		since, maxID := r.URL.Query().Get("since_id"), r.URL.Query().Get("max_id")
		var page []json.RawMessage
		for _, e := range all {
			if (since == "" || newer(e.id, since)) && (maxID == "" || newer(maxID, e.id)) && len(page) < pageSize {
				page = append(page, e.raw)
			}
		}
		b, _ := json.Marshal(page)
		_, _ = w.Write(b)
	}
}

// recordedStatuses returns the statuses of a recorded event stream that
// it does not delete, as its server's REST timeline would hold them.
func recordedStatuses(t *testing.T, frames [][]byte) []json.RawMessage {
	deleted := map[string]bool{}
	var out []json.RawMessage
	for _, f := range frames {
		ev, data, _ := bytes.Cut(f, []byte("\ndata: "))
		data = bytes.TrimSpace(data)
		switch string(bytes.TrimPrefix(ev, []byte("event: "))) {
		case "update", "status.update":
			out = append(out, json.RawMessage(data))
		case "delete":
			deleted[string(data)] = true
		}
	}
	return slices.DeleteFunc(out, func(raw json.RawMessage) bool {
		var st struct{ ID string }
		_ = json.Unmarshal(raw, &st)
		return deleted[st.ID]
	})
}

// TestConformance_Public replays the documentation's public and local
// stream events (a heartbeat, updates, edits, deletes). The first
// connection is cut after two events and the next two are lost, as a live
// stream loses what happens while the client is away: the backfill of the
// REST timeline (one status a page) must bring them back while every
// third request is refused with a 429.
func TestConformance_Public(t *testing.T) {
	frames := collectorstest.SSEFrames(t, "testdata/recorded/streaming-public.sse")
	rest := timeline(t, recordedStatuses(t, frames), 1)
	var srv *collectorstest.Server
	srv = collectorstest.NewServer(t, collectorstest.Faults{Every: 3, DisconnectAfter: 3, Lost: 2},
		http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			switch r.URL.Path {
			case "/api/v1/streaming/public":
				srv.Stream(w, r, "text/event-stream", frames)
			case "/api/v1/timelines/public":
				rest(w, r)
			default:
				http.NotFound(w, r)
			}
		}))
	deps, waits := collectorstest.ConformDeps()
	c, err := New(Config{BaseURL: srv.URL, Token: "tok", Streams: []string{"public"}, BackfillPages: 10}, deps)
	if err != nil {
		t.Fatal(err)
	}
	collectorstest.Conform(t, c, srv, waits, time.Second, collectorstest.ReadTruth(t, "testdata/recorded/truth-public.json"))
}

// TestConformance_User replays the documentation's user stream events (a
// mention notification; home timeline updates and announcements, which
// are not kept), backfills from grouped notifications (v2) and follows
// the direct stream's conversation events, with every second request
// refused and the first stream connection cut after two events.
func TestConformance_User(t *testing.T) {
	user := collectorstest.SSEFrames(t, "testdata/recorded/streaming-user.sse")
	direct := collectorstest.SSEFrames(t, "testdata/handwritten-direct.sse")
	grouped := collectorstest.JSONValues(t, "testdata/handwritten-grouped-notifications.json")[0]
	var srv *collectorstest.Server
	srv = collectorstest.NewServer(t, collectorstest.Faults{Every: 2, DisconnectAfter: 2},
		http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			switch r.URL.Path {
			case "/api/v1/streaming/user":
				srv.Stream(w, r, "text/event-stream", user)
			case "/api/v1/streaming/direct":
				srv.Stream(w, r, "text/event-stream", direct)
			case "/api/v2/notifications":
				if r.URL.Query().Get("max_id") != "" {
					_, _ = w.Write([]byte(`{"accounts":[],"statuses":[],"notification_groups":[]}`))
					return
				}
				_, _ = w.Write(grouped)
			default:
				http.NotFound(w, r)
			}
		}))
	deps, waits := collectorstest.ConformDeps()
	deps.Since = time.Date(2024, 8, 1, 0, 0, 0, 0, time.UTC)
	c, err := New(Config{BaseURL: srv.URL, Token: "tok", Streams: []string{"user", "direct"}, Brand: "acme",
		Account: "acme@example.social", GroupedNotifications: true}, deps)
	if err != nil {
		t.Fatal(err)
	}
	host := strings.TrimPrefix(srv.URL, "http://")
	ms := collectorstest.Conform(t, c, srv, waits, time.Second, collectorstest.ReadTruth(t, "testdata/recorded/truth-user.json", "{host}", host))
	for _, m := range ms {
		if m.Brand != "acme" {
			t.Errorf("%s: brand %q, want the account's", m.ID, m.Brand)
		}
	}
}

// TestCollector_StreamWhileBackfillFails: with the REST timeline refusing
// every request, the stream is still read and its events handed on.
func TestCollector_StreamWhileBackfillFails(t *testing.T) {
	frames := collectorstest.SSEFrames(t, "testdata/recorded/streaming-public.sse")
	var refusals atomic.Int32
	failing := make(chan struct{})
	srv := collectorstest.NewServer(t, collectorstest.Faults{}, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/v1/streaming/public":
			w.WriteHeader(http.StatusOK)
			w.(http.Flusher).Flush()
			select { // the events come once the backfill has failed twice
			case <-failing:
			case <-r.Context().Done():
				return
			}
			for _, f := range frames {
				_, _ = w.Write(f)
			}
			w.(http.Flusher).Flush()
			<-r.Context().Done()
		case "/api/v1/timelines/public":
			if refusals.Add(1) == 2 {
				close(failing)
			}
			http.Error(w, "down for maintenance", http.StatusBadGateway)
		}
	}))
	deps, _ := collectorstest.ConformDeps()
	deps.Since = time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC) // a backfill from the start
	c, err := New(Config{BaseURL: srv.URL, Token: "tok", Streams: []string{"public"}}, deps)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var got []string
	err = c.Collect(ctx, func(ctx context.Context, m *socialcrm.Mention) error {
		got = append(got, m.ID)
		if len(got) == 6 {
			cancel()
		}
		return nil
	})
	if err != nil || len(got) != 6 {
		t.Fatalf("Collect = %v after %d of the stream's 6 events: %v", err, len(got), got)
	}
	if n := refusals.Load(); n < 2 {
		t.Errorf("the backfill was tried %d times", n)
	}
}
