package web_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/store/memory"
	"github.com/socialcrm/socialcrm/web"
	"github.com/socialcrm/socialcrm/web/webtest"
)

// newAPI serves a web.Server over the memory store on a real HTTP server.
func newAPI(t *testing.T) (*httptest.Server, *web.Server, socialcrm.Store) {
	t.Helper()
	st := memory.New()
	srv := &web.Server{Store: st, Stream: web.NewHub(), Checks: map[string]func(context.Context) error{
		"store": st.Ping,
	}}
	return serve(t, srv, st), srv, st
}

// admins holds, by server URL, a client signed in as an admin of that
// server; the helpers below call through it.
var admins sync.Map

// serve starts srv on a real HTTP server, signs an admin in (a user created
// in users) and leaves that client for the helpers to find by URL.
func serve(t *testing.T, srv *web.Server, users socialcrm.UserStore) *httptest.Server {
	t.Helper()
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	admins.Store(ts.URL, webtest.Client(t, ts.URL, users, socialcrm.RoleAdmin))
	t.Cleanup(func() { admins.Delete(ts.URL) })
	return ts
}

// whoAmI returns the user ID of the admin signed in at base.
func whoAmI(t *testing.T, base string) string {
	t.Helper()
	var who struct{ User socialcrm.User }
	getJSON(t, base+"/api/v1/session", http.StatusOK, &who)
	return who.User.ID
}

// client returns the admin client of the server that rawURL is on.
func client(t *testing.T, rawURL string) *http.Client {
	t.Helper()
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	c, ok := admins.Load(u.Scheme + "://" + u.Host)
	if !ok {
		t.Fatalf("no signed-in client for %s: start the server with serve", rawURL)
	}
	return c.(*http.Client)
}

func getJSON(t *testing.T, url string, wantStatus int, v any) {
	t.Helper()
	resp, err := client(t, url).Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != wantStatus {
		t.Fatalf("GET %s: status %d, want %d: %s", url, resp.StatusCode, wantStatus, body)
	}
	if v != nil {
		if err := json.Unmarshal(body, v); err != nil {
			t.Fatalf("GET %s: %v in %s", url, err, body)
		}
	}
}

func mention(id, brand, label string, at time.Time, contacts ...string) *socialcrm.Mention {
	return &socialcrm.Mention{V: 1, ID: id, Source: "x", Brand: brand, Author: socialcrm.Author{Handle: "h" + id},
		Text: "text " + id, Kind: socialcrm.KindPost, CreatedAt: at, Contacts: contacts,
		Sentiment: &socialcrm.Sentiment{Label: label, Score: map[string]float64{"positive": 0.5, "neutral": 0, "negative": -0.5}[label], Model: "test"}}
}

func TestMentions(t *testing.T) {
	ts, _, st := newAPI(t)
	now := time.Now().UTC().Truncate(time.Second)
	ctx := context.Background()
	err := st.SaveMentions(ctx,
		mention("x:1", "acme", "negative", now.Add(-3*time.Hour)),
		mention("x:2", "acme", "positive", now.Add(-2*time.Hour)),
		mention("x:3", "skyway", "negative", now.Add(-1*time.Hour)),
		mention("x:4", "acme", "negative", now.Add(-30*time.Minute)))
	if err != nil {
		t.Fatal(err)
	}
	t.Run("OK", func(t *testing.T) {
		var got struct {
			Mentions []socialcrm.Mention `json:"mentions"`
			Total    int                 `json:"total"`
		}
		getJSON(t, ts.URL+"/api/v1/mentions?brand=acme&sentiment=negative&limit=1", 200, &got)
		if got.Total != 2 || len(got.Mentions) != 1 || got.Mentions[0].ID != "x:4" {
			t.Fatalf("got %+v", got)
		}
		getJSON(t, ts.URL+"/api/v1/mentions?since=90m", 200, &got)
		if got.Total != 2 {
			t.Fatalf("since=90m total = %d, want 2", got.Total)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		for _, q := range []string{"limit=0", "limit=abc", "sentiment=angry", "since=yesterday"} {
			var e map[string]string
			getJSON(t, ts.URL+"/api/v1/mentions?"+q, 400, &e)
			if e["error"] == "" {
				t.Errorf("%s: no error message", q)
			}
		}
	})
	t.Run("ByID", func(t *testing.T) {
		var m socialcrm.Mention
		getJSON(t, ts.URL+"/api/v1/mentions/x:3", 200, &m)
		if m.Brand != "skyway" || m.Sentiment == nil || m.Sentiment.Label != "negative" {
			t.Fatalf("got %+v", m)
		}
		getJSON(t, ts.URL+"/api/v1/mentions/x:404", 404, nil)
	})
	t.Run("Summary", func(t *testing.T) {
		var s struct {
			Totals  socialcrm.SummaryBucket   `json:"totals"`
			Buckets []socialcrm.SummaryBucket `json:"buckets"`
		}
		getJSON(t, ts.URL+"/api/v1/sentiment/summary?brand=acme&window=1h", 200, &s)
		if s.Totals.Negative != 2 || s.Totals.Positive != 1 || len(s.Buckets) < 2 {
			t.Fatalf("got %+v", s)
		}
		getJSON(t, ts.URL+"/api/v1/sentiment/summary?window=10s", 400, nil)
	})
}

func TestContactRecord(t *testing.T) {
	ts, _, st := newAPI(t)
	ctx, now := context.Background(), time.Now().UTC()
	if err := st.SaveAccounts(ctx, &socialcrm.Account{ID: "acc-1", Name: "Globex", Tier: "platinum", Value: 1e6}); err != nil {
		t.Fatal(err)
	}
	c := &socialcrm.Contact{ID: "c-1", Name: "Alice", AccountID: "acc-1",
		Identities: []socialcrm.Identity{{Network: "x", Handle: "alice"}}}
	if err := st.SaveContacts(ctx, c); err != nil {
		t.Fatal(err)
	}
	if err := st.SaveMentions(ctx, mention("x:1", "acme", "negative", now, "c-1"),
		mention("x:2", "acme", "positive", now.Add(-time.Minute), "c-1"), mention("x:3", "acme", "positive", now)); err != nil {
		t.Fatal(err)
	}
	var rec struct {
		Contact   socialcrm.Contact
		Account   socialcrm.Account
		Sentiment map[string]float64
		Mentions  []socialcrm.Mention
		Total     int `json:"mentions_total"`
	}
	getJSON(t, ts.URL+"/api/v1/contacts/c-1", 200, &rec)
	if rec.Contact.Name != "Alice" || rec.Account.Tier != "platinum" || rec.Total != 2 || len(rec.Mentions) != 2 {
		t.Fatalf("record = %+v", rec)
	}
	if rec.Sentiment["negative"] != 1 || rec.Sentiment["positive"] != 1 {
		t.Fatalf("sentiment = %v", rec.Sentiment)
	}
	getJSON(t, ts.URL+"/api/v1/contacts/c-404", 404, nil)

	post := func(body string) int {
		resp, err := client(t, ts.URL).Post(ts.URL+"/api/v1/contacts", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := post(`{"id":"c-2","name":"Bob","identities":[{"network":"x","handle":"bob"}]}`); code != 201 {
		t.Fatalf("create: %d", code)
	}
	if code := post(`{"id":"c-3","name":"Eve","identities":[{"network":"x","handle":"bob"}]}`); code != 409 {
		t.Fatalf("identity of another contact: %d, want 409", code)
	}
	for _, bad := range []string{`{"id":"c-4"}`, `not json`, `{"id":"c-5","name":"N","identities":[{"network":"x"}]}`} {
		if code := post(bad); code != 400 {
			t.Errorf("%s: %d, want 400", bad, code)
		}
	}
}

func TestReadyz(t *testing.T) {
	ts, srv, _ := newAPI(t)
	getJSON(t, ts.URL+"/healthz", 200, nil)
	getJSON(t, ts.URL+"/readyz", 200, nil)
	srv.Checks["kafka"] = func(context.Context) error { return errors.New("kafka: no brokers reachable") }
	ts2 := serve(t, srv, srv.Store)
	var got struct {
		Checks map[string]string
	}
	getJSON(t, ts2.URL+"/readyz", 503, &got)
	if got.Checks["kafka"] != "no brokers reachable" || got.Checks["store"] != "ok" {
		t.Fatalf("checks = %v", got.Checks)
	}
}

func TestStream(t *testing.T) {
	ts, srv, _ := newAPI(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", ts.URL+"/api/v1/stream?brand=acme", nil)
	resp, err := client(t, req.URL.String()).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	r := bufio.NewReader(resp.Body)
	if line, _ := r.ReadString('\n'); !strings.HasPrefix(line, ": connected") {
		t.Fatalf("first line %q", line)
	}
	srv.Stream.Publish("mention", "skyway", mention("x:9", "skyway", "neutral", time.Now()))
	srv.Stream.Publish("mention", "acme", mention("x:10", "acme", "negative", time.Now()))
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatal(err)
		}
		if data, ok := strings.CutPrefix(line, "data: "); ok {
			var m socialcrm.Mention
			if err := json.Unmarshal([]byte(data), &m); err != nil {
				t.Fatal(err)
			}
			if m.ID != "x:10" {
				t.Fatalf("got %s, want only acme's x:10", m.ID)
			}
			return
		}
	}
}

func ExampleHub() {
	h := web.NewHub()
	h.Publish("mention", "acme", map[string]string{"id": "x:1"}) // no subscriber: nothing happens
	fmt.Println("ok")
	// Output: ok
}
