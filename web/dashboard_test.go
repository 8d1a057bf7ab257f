package web_test

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/alerts"
	"github.com/socialcrm/socialcrm/crm"
	"github.com/socialcrm/socialcrm/graph"
	"github.com/socialcrm/socialcrm/store/memory"
	"github.com/socialcrm/socialcrm/web"
)

// staticURL matches the content-hashed static URLs a page links to.
var staticURL = regexp.MustCompile(`/static/[a-z]+\.[0-9a-f]{12}\.(?:js|css|svg)`)

func TestDashboard_Pages(t *testing.T) {
	st := memory.New()
	srv := serve(t, &web.Server{Store: st}, st)
	for _, path := range []string{"/", "/alerts", "/alerts/a1", "/cases", "/contacts", "/contacts/c1", "/accounts", "/accounts/acc1", "/audit", "/sales"} {
		t.Run(path, func(t *testing.T) {
			res, body := get(t, srv.URL+path, nil)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("GET %s: %s", path, res.Status)
			}
			if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
				t.Errorf("Content-Type = %q", ct)
			}
			if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
				t.Errorf("Content-Security-Policy = %q", csp)
			}
			urls := staticURL.FindAllString(body, -1)
			if len(urls) < 4 {
				t.Fatalf("page links %d hashed static files, want at least 4: %v", len(urls), urls)
			}
			for _, u := range urls {
				res, _ := get(t, srv.URL+u, nil)
				if res.StatusCode != http.StatusOK {
					t.Errorf("GET %s: %s", u, res.Status)
				}
				if cc := res.Header.Get("Cache-Control"); !strings.Contains(cc, "immutable") {
					t.Errorf("GET %s: Cache-Control = %q", u, cc)
				}
			}
			if strings.Contains(body, "http://") || strings.Contains(body, "https://") {
				t.Errorf("page refers to another host")
			}
			if strings.Contains(body, `id="burst"`) {
				t.Errorf("page offers the demo burst control outside the demo")
			}
		})
	}
	t.Run("ErrNotFound", func(t *testing.T) {
		for _, p := range []string{"/static/app.000000000000.js", "/static/nothing.js", "/nowhere"} {
			if res, _ := get(t, srv.URL+p, nil); res.StatusCode != http.StatusNotFound {
				t.Errorf("GET %s: %s, want 404", p, res.Status)
			}
		}
	})
}

func TestDashboard_StaticGzip(t *testing.T) {
	st := memory.New()
	srv := serve(t, &web.Server{Store: st}, st)
	_, page := get(t, srv.URL+"/", nil)
	var js string
	for _, u := range staticURL.FindAllString(page, -1) {
		if strings.Contains(u, "/app.") && strings.HasSuffix(u, ".js") {
			js = u
		}
	}
	if js == "" {
		t.Fatal("overview links no app.js")
	}
	_, plain := get(t, srv.URL+js, nil)
	res, zipped := get(t, srv.URL+js, map[string]string{"Accept-Encoding": "gzip"})
	if res.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("Content-Encoding = %q, want gzip", res.Header.Get("Content-Encoding"))
	}
	if len(zipped) >= len(plain) {
		t.Errorf("gzip body %d bytes, plain %d", len(zipped), len(plain))
	}
	zr, err := gzip.NewReader(strings.NewReader(zipped))
	if err != nil {
		t.Fatal(err)
	}
	unzipped, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if string(unzipped) != plain {
		t.Error("gzip body differs from the plain file")
	}
}

// get fetches url without transparent decompression, signed in as the
// server's admin.
func get(t *testing.T, url string, header map[string]string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range client(t, url).Jar.Cookies(req.URL) {
		req.AddCookie(c)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	tr := &http.Transport{DisableCompression: true}
	defer tr.CloseIdleConnections()
	res, err := tr.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, string(b)
}

// TestOpenAPI_CoversRoutes checks that openapi.json documents every /api/v1
// route the server registers, no other, each with the security the route
// needs: none for public routes, the session cookie or a bearer token with
// the route's permission (x-permission) for the others.
func TestOpenAPI_CoversRoutes(t *testing.T) {
	st := memory.New()
	s := &web.Server{Store: st}
	srv := serve(t, s, st)
	res, body := get(t, srv.URL+"/api/v1/openapi.json", nil)
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("GET /api/v1/openapi.json: %s %s", res.Status, res.Header.Get("Content-Type"))
	}
	type operation struct {
		OperationID string                     `json:"operationId"`
		Responses   map[string]json.RawMessage `json:"responses"`
		Security    *[]map[string][]string     `json:"security"`
		Permission  string                     `json:"x-permission"`
	}
	var doc struct {
		OpenAPI    string                          `json:"openapi"`
		Paths      map[string]map[string]operation `json:"paths"`
		Components struct {
			Schemas         map[string]json.RawMessage `json:"schemas"`
			SecuritySchemes map[string]json.RawMessage `json:"securitySchemes"`
		} `json:"components"`
	}
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.1.") {
		t.Errorf("openapi = %q, want 3.1.x", doc.OpenAPI)
	}
	for _, scheme := range []string{"session", "bearer"} {
		if doc.Components.SecuritySchemes[scheme] == nil {
			t.Errorf("openapi.json lacks the security scheme %s", scheme)
		}
	}
	documented := map[string]operation{}
	ids := map[string]bool{}
	for path, ops := range doc.Paths {
		for method, op := range ops {
			if op.OperationID == "" || ids[op.OperationID] || len(op.Responses) == 0 {
				t.Errorf("%s %s: operationId %q missing or repeated, or no responses", method, path, op.OperationID)
			}
			ids[op.OperationID] = true
			documented[strings.ToUpper(method)+" "+path] = op
		}
	}
	routes := map[string]web.Route{}
	for _, r := range s.Routes() {
		if strings.Contains(r.Pattern, " /api/v1/") {
			routes[strings.TrimSuffix(r.Pattern, "{$}")] = r
		}
	}
	if len(routes) < 5 {
		t.Fatalf("the server registers only %d /api/v1 routes: %v", len(routes), routes)
	}
	for pattern, r := range routes {
		op, ok := documented[pattern]
		if !ok {
			t.Errorf("route %s is not in openapi.json", pattern)
			continue
		}
		if op.Permission != string(r.Permission) {
			t.Errorf("%s: x-permission %q, the route needs %q", pattern, op.Permission, r.Permission)
		}
		switch {
		case op.Security == nil:
			t.Errorf("%s: no security requirement", pattern)
		case r.Permission == web.PermPublic && len(*op.Security) != 0:
			t.Errorf("%s is public, but openapi.json asks for %v", pattern, *op.Security)
		case r.Permission != web.PermPublic && (len(*op.Security) != 2 || (*op.Security)[0]["session"] == nil || (*op.Security)[1]["bearer"] == nil):
			t.Errorf("%s needs %s, but openapi.json asks for %v, want the session or a bearer token", pattern, r.Permission, *op.Security)
		case r.Permission != web.PermPublic && (op.Responses["401"] == nil || op.Responses["403"] == nil):
			t.Errorf("%s: 401 and 403 answers not documented", pattern)
		}
	}
	for d := range documented {
		if _, ok := routes[d]; !ok {
			t.Errorf("openapi.json documents %s, which no handler serves", d)
		}
	}
	for _, ref := range regexp.MustCompile(`"#/components/schemas/([A-Za-z]+)"`).FindAllStringSubmatch(body, -1) {
		if _, ok := doc.Components.Schemas[ref[1]]; !ok {
			t.Errorf("$ref to missing schema %s", ref[1])
		}
	}
}

// dashboardFixture is a web.Server on the memory store with a graph, an
// alerter, cases and the event hub, seeded with two brands' mentions, a
// contact with her account, her ties, an alert, her overdue complaint case
// (acme:3 on mastodon, due 4 h after it, over 6 h ago) and a stranger's
// question due in three hours.
type dashboardFixture struct {
	url   string
	store *memory.Store
	hub   *web.Hub
	alert *alerts.Alerter
	cases *crm.Cases
	now   time.Time
}

// seeded mentions: one per brand every three hours, so that any hourly
// bucketing gives one bucket per mention.
var seedMentions = []struct {
	id, brand, label, text string
	ago                    time.Duration
	alice                  bool
}{
	{"acme:1", "acme", socialcrm.Positive, "Loving the new acme app, checkout is fast", 20 * time.Minute, true},
	{"acme:2", "acme", socialcrm.Positive, "acme support sorted my refund in minutes", 3*time.Hour + 20*time.Minute, false},
	{"acme:3", "acme", socialcrm.Negative, "@acme my order is late again, really disappointed", 6*time.Hour + 20*time.Minute, true},
	{"acme:4", "acme", socialcrm.Neutral, "Does acme ship to Norway?", 9*time.Hour + 20*time.Minute, false},
	{"globex:1", "globex", socialcrm.Negative, "globex charged me twice and nobody answers", 110 * time.Minute, false},
	{"globex:2", "globex", socialcrm.Negative, "Cancelling my globex plan, terrible service", 4*time.Hour + 50*time.Minute, false},
	{"globex:3", "globex", socialcrm.Positive, "Best purchase this year, thanks globex", 7*time.Hour + 50*time.Minute, true},
}

func newDashboardFixture(t *testing.T) *dashboardFixture {
	t.Helper()
	ctx := context.Background()
	fx := &dashboardFixture{store: memory.New(), hub: web.NewHub(), now: time.Now()}
	t.Cleanup(func() { fx.store.Close() })
	score := map[string]float64{socialcrm.Positive: 0.7, socialcrm.Neutral: 0, socialcrm.Negative: -0.7}
	var ms []*socialcrm.Mention
	for _, s := range seedMentions {
		m := &socialcrm.Mention{V: 1, ID: s.id, Source: "mastodon", Brand: s.brand, Text: s.text, Lang: "en",
			Kind: socialcrm.KindPost, CreatedAt: fx.now.Add(-s.ago),
			Author: socialcrm.Author{ID: "u-" + s.id, Handle: "fan" + strings.ReplaceAll(s.id, ":", "") + "@example.social"},
			Sentiment: &socialcrm.Sentiment{Label: s.label, Score: score[s.label], Confidence: 0.8, Model: "test",
				Explain: []socialcrm.TokenWeight{{Token: "late", Weight: -0.9}, {Token: "fast", Weight: 0.6}}}}
		if s.alice {
			m.Author = socialcrm.Author{ID: "9", Handle: "alice@example.social", Name: "Alice Martin", Followers: 1200}
			m.Contacts = []string{"c-alice"}
		}
		ms = append(ms, m)
	}
	must(t, fx.store.SaveMentions(ctx, ms...))
	must(t, fx.store.SaveAccounts(ctx, &socialcrm.Account{ID: "acc-north", Name: "Northwind Traders",
		Domain: "northwind.example", Tier: socialcrm.TierPlatinum, Value: 480000}))
	must(t, fx.store.CreateUser(ctx, &socialcrm.User{ID: "sam", Email: "sam@example.com", Name: "Sam Taylor", Role: socialcrm.RoleAgent, Active: true}))
	must(t, fx.store.SaveContacts(ctx, &socialcrm.Contact{ID: "c-alice", Name: "Alice Martin", Title: "Head of Procurement",
		Email: "alice@northwind.example", AccountID: "acc-north", Identities: []socialcrm.Identity{
			{Network: "mastodon", Handle: "alice@example.social"}, {Network: "bluesky", Handle: "alice.bsky.social"}}}))
	al1 := &socialcrm.Alert{V: 1, ID: "al-1", Fingerprint: "acme/", Brand: "acme", Reason: socialcrm.ReasonSpike,
		Start: fx.now.Add(-7 * time.Hour), End: fx.now, Window: "5m0s", Observed: 42, Expected: 6, NegShare: 0.7,
		Severity: socialcrm.SeverityCritical, Status: socialcrm.AlertFiring, Mentions: []string{"acme:3"},
		Authors: []string{"mastodon:alice@example.social"}, Contacts: []string{"c-alice"},
		CreatedAt: fx.now.Add(-time.Hour), UpdatedAt: fx.now.Add(-time.Hour)}
	al1.MentionsLink = alerts.MentionsLink("", al1)
	must(t, fx.store.SaveAlert(ctx, al1))
	var err error
	fx.cases, err = crm.NewCases(crm.DefaultCaseConfig(), fx.store, nil, prometheus.NewRegistry())
	must(t, err)
	must(t, fx.cases.Observe(ctx, ms))
	must(t, fx.store.SaveCase(ctx, &socialcrm.Case{ID: "case-bluesky:q1", Key: "acme|bluesky|author:bluesky:dora.bsky.social",
		Brand: "acme", Channel: "bluesky", Author: "bluesky:dora.bsky.social", Kind: socialcrm.CaseQuestion,
		Status: socialcrm.CaseOpen, Subject: "@acme do you ship to Oslo?", Mentions: []string{"bluesky:q1"}, MentionCount: 1,
		OpenedAt: fx.now.Add(-time.Hour), LastMentionAt: fx.now.Add(-time.Hour), DueAt: fx.now.Add(3 * time.Hour)}))

	gconf := graph.DefaultConfig()
	gconf.AnalyzeEvery = 0
	g, err := graph.New(gconf, nil, nil)
	must(t, err)
	var ins []socialcrm.Interaction
	for i := range 4 {
		at := fx.now.Add(-time.Duration(i+1) * time.Hour)
		ins = append(ins,
			socialcrm.Interaction{V: 1, From: "mastodon:alice@example.social", To: "mastodon:bob", Kind: socialcrm.KindReply, At: at, Source: "mastodon", Brand: "acme"},
			socialcrm.Interaction{V: 1, From: "mastodon:bob", To: "mastodon:alice@example.social", Kind: socialcrm.KindReply, At: at.Add(time.Minute), Source: "mastodon", Brand: "acme"})
	}
	ins = append(ins, socialcrm.Interaction{V: 1, From: "mastodon:carol", To: "mastodon:alice@example.social", Kind: socialcrm.KindLike,
		At: fx.now.Add(-time.Hour), Source: "mastodon", Brand: "acme"})
	must(t, g.Add(ins...))

	aconf := alerts.DefaultConfig()
	aconf.Publish = func(_ context.Context, a *socialcrm.Alert) error { fx.hub.Publish("alert", a.Brand, a); return nil }
	al, err := alerts.New(aconf, fx.store, nil, nil, prometheus.NewRegistry())
	must(t, err)
	fx.alert = al

	fx.url = serve(t, &web.Server{Store: fx.store, Stream: fx.hub, Graph: g, Alerts: al, Cases: fx.cases}, fx.store).URL
	return fx
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// browser starts headless Chromium for the test, or skips when there is
// none (fails instead when SOCIALCRM_REQUIRE_BROWSER is set). JavaScript
// exceptions thrown by any page fail the test, and so do console errors
// but those about a URL containing one of expected.
func browser(t *testing.T, expected ...string) context.Context {
	t.Helper()
	var path string
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			path = p
			break
		}
	}
	if path == "" {
		if os.Getenv("SOCIALCRM_REQUIRE_BROWSER") != "" {
			t.Fatal("chromium is not installed and SOCIALCRM_REQUIRE_BROWSER is set")
		}
		t.Skip("chromium is not installed (apt-get install chromium); skipping the browser test")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 900),
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	var mu sync.Mutex
	var thrown []string // JavaScript exceptions and console errors
	ctx, cancel := chromedp.NewContext(actx, chromedp.WithListener(func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch e := ev.(type) {
		case *runtime.EventExceptionThrown:
			thrown = append(thrown, fmt.Sprintf("%s:%d: %s %s", e.ExceptionDetails.URL, e.ExceptionDetails.LineNumber,
				e.ExceptionDetails.Text, describeException(e.ExceptionDetails)))
		case *cdplog.EventEntryAdded:
			// console errors: blocked by the content security policy,
			// failed requests…
			if e.Entry.Level == cdplog.EntryLevelError && !slices.ContainsFunc(expected, func(x string) bool { return strings.Contains(e.Entry.URL, x) }) {
				thrown = append(thrown, fmt.Sprintf("console %s: %s %s", e.Entry.Source, e.Entry.Text, e.Entry.URL))
			}
		}
	}))
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
		mu.Lock()
		defer mu.Unlock()
		for _, e := range thrown {
			t.Errorf("browser: %s", e)
		}
	})
	// The first run starts the browser and must not carry a timeout.
	err := chromedp.Do(ctx, chromedp.Navigate("about:blank"), func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		_, err := cdp.Call(ctx, tg, cdplog.Enable, cdp.Empty{})
		return chromedp.Void{}, err
	})
	if err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

func describeException(d *runtime.ExceptionDetails) string {
	if d.Exception != nil {
		return d.Exception.Description
	}
	return ""
}

// do runs browser steps with a time limit.
func do(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("eval %s: %v", expr, err)
	}
	return v
}

// waitFor waits until a JavaScript condition holds.
func waitFor(t *testing.T, ctx context.Context, what, cond string) {
	t.Helper()
	do(t, ctx, what, func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		_, err := chromedp.Poll[bool](cond)(ctx, tg)
		return chromedp.Void{}, err
	})
}

func count(t *testing.T, ctx context.Context, sel string) int {
	t.Helper()
	return eval[int](t, ctx, fmt.Sprintf("document.querySelectorAll(%q).length", sel))
}

func TestDashboard_Browser(t *testing.T) {
	fx := newDashboardFixture(t)
	// The browser is closed before the server, which waits for its streams.
	// Signed out, GET session is 401, and so may be a badge refresh that
	// was under way.
	ctx := browser(t, "/api/v1/session", "/api/v1/alerts?status=firing", "/api/v1/cases?overdue=true")
	signIn(t, ctx, fx.url, fx.store, socialcrm.RoleAdmin)
	brands := map[string]int{}
	for _, s := range seedMentions {
		brands[s.brand]++
	}

	t.Run("Overview", func(t *testing.T) {
		do(t, ctx, "open overview", chromedp.Navigate(fx.url+"/"), chromedp.WaitVisible(chromedp.CSS(`#trend svg`)))
		t.Logf("overview: chart drawn %.0f ms after navigation start, %s transferred",
			eval[float64](t, ctx, `performance.now()`),
			eval[string](t, ctx, `(performance.getEntriesByType("resource").concat(performance.getEntriesByType("navigation")).reduce((a, e) => a + e.transferSize, 0) / 1024).toFixed(1) + " KiB"`))
		// One point per brand per hourly bucket: the seeded mentions are
		// three hours apart.
		for brand, n := range brands {
			if got := count(t, ctx, fmt.Sprintf(`#trend circle.point[data-series=%q]`, brand)); got != n {
				t.Errorf("trend chart has %d points for %s, want %d", got, brand, n)
			}
		}
		waitFor(t, ctx, "volume bars", `document.querySelectorAll("#volume rect.bar").length > 0`)
		if got := count(t, ctx, `#volume rect.bar`); got != len(seedMentions) {
			t.Errorf("volume chart has %d bars, want %d (one per seeded mention)", got, len(seedMentions))
		}
		if got := eval[string](t, ctx, `document.querySelector("#kpi-total").textContent`); got != strconv.Itoa(len(seedMentions)) {
			t.Errorf("mentions total shows %q, want %d", got, len(seedMentions))
		}
		sov := eval[string](t, ctx, `Array.from(document.querySelectorAll("#sov li")).map(li => li.dataset.brand + " " + li.querySelector(".val").textContent).join("|")`)
		if !strings.HasPrefix(sov, "acme 57.1%") || !strings.Contains(sov, "globex 42.9%") {
			t.Errorf("share of voice = %q, want acme 57.1%% then globex 42.9%%", sov)
		}
		if got := count(t, ctx, `#feed li.mention`); got != len(seedMentions) {
			t.Errorf("feed lists %d mentions, want %d", got, len(seedMentions))
		}
		if got := eval[string](t, ctx, `document.querySelector('#feed [data-mention="acme:3"] .tokens').textContent`); !strings.Contains(got, "late") {
			t.Errorf("explanation tokens = %q, want the token late", got)
		}
		if w := eval[int](t, ctx, `document.documentElement.scrollWidth`); w > 1280 {
			t.Errorf("overview is %dpx wide at 1280px", w)
		}
		if path := os.Getenv("SOCIALCRM_DASHBOARD_SCREENSHOT"); path != "" {
			tctx, cancel := context.WithTimeout(ctx, 20*time.Second)
			defer cancel()
			png, err := chromedp.Run(tctx, chromedp.CaptureScreenshot())
			must(t, err)
			must(t, os.WriteFile(path, png, 0o644))
		}
	})

	t.Run("LiveFeed", func(t *testing.T) {
		waitFor(t, ctx, "stream connected", `document.querySelector("#live").dataset.state === "on"`)
		m := &socialcrm.Mention{V: 1, ID: "mastodon:live-1", Source: "mastodon", Brand: "globex", Lang: "en",
			Text: "globex refunded me within the hour, impressed", CreatedAt: time.Now(), Kind: socialcrm.KindPost,
			Author: socialcrm.Author{Handle: "dora@example.social", Name: "Dora"},
			Sentiment: &socialcrm.Sentiment{Label: socialcrm.Positive, Score: 0.8, Confidence: 0.9, Model: "test",
				Explain: []socialcrm.TokenWeight{{Token: "impressed", Weight: 1.2}}}}
		must(t, fx.store.SaveMentions(context.Background(), m))
		fx.hub.Publish("mention", m.Brand, m)
		waitFor(t, ctx, "live mention in the feed", `!!document.querySelector('#feed li:first-child[data-mention="mastodon:live-1"]')`)
		item := eval[string](t, ctx, `document.querySelector('#feed [data-mention="mastodon:live-1"]').textContent`)
		for _, want := range []string{m.Text, "positive", "+0.80", "90%", "impressed"} {
			if !strings.Contains(item, want) {
				t.Errorf("live item %q lacks %q", item, want)
			}
		}
		if got := eval[string](t, ctx, `document.querySelector("#kpi-total").textContent`); got != strconv.Itoa(len(seedMentions)+1) {
			t.Errorf("mentions total after a live mention shows %q, want %d", got, len(seedMentions)+1)
		}
	})

	t.Run("CorrectLabel", func(t *testing.T) {
		do(t, ctx, "mark acme:1 negative", chromedp.Click(chromedp.CSS(`#feed [data-mention="acme:1"] button[data-label="negative"]`)))
		waitFor(t, ctx, "corrected item", `!!document.querySelector('#feed [data-mention="acme:1"][data-label="negative"] [data-role="corrected"]')`)
		m, err := fx.store.FindMentionByID(context.Background(), "acme:1")
		must(t, err)
		if m.Sentiment == nil || m.Sentiment.Label != socialcrm.Negative || !m.Sentiment.Corrected {
			t.Errorf("stored sentiment after correction = %+v, want negative, corrected", m.Sentiment)
		}
	})

	t.Run("Contact", func(t *testing.T) {
		do(t, ctx, "open contact", chromedp.Navigate(fx.url+"/contacts/c-alice"), chromedp.WaitVisible(chromedp.CSS(`#record[data-state="ready"]`)))
		ids := eval[string](t, ctx, `document.querySelector("#identities").textContent`)
		for _, want := range []string{"mastodon", "@alice@example.social", "bluesky", "@alice.bsky.social"} {
			if !strings.Contains(ids, want) {
				t.Errorf("identities %q lack %q", ids, want)
			}
		}
		var alice []string
		for _, s := range seedMentions {
			if s.alice {
				alice = append(alice, s.id)
			}
		}
		got := eval[[]string](t, ctx, `Array.from(document.querySelectorAll("#contact-mentions li.mention")).map(li => li.dataset.mention)`)
		slices.Sort(got)
		if !slices.Equal(got, alice) {
			t.Errorf("contact page lists mentions %v, want %v", got, alice)
		}
		if acc := eval[string](t, ctx, `document.querySelector("#account").textContent`); !strings.Contains(acc, "Northwind Traders") || !strings.Contains(acc, "platinum") {
			t.Errorf("account card = %q", acc)
		}
		if got := eval[string](t, ctx, `Array.from(document.querySelectorAll("#contact-cases li.case")).map(li => li.dataset.case + " " + li.dataset.overdue).join()`); got != "case-acme:3 true" {
			t.Errorf("contact's open cases = %q, want the overdue case-acme:3", got)
		}
		waitFor(t, ctx, "ego network", `document.querySelectorAll("#ego svg .node").length >= 3`)
		waitFor(t, ctx, "ties", `/mastodon:bob/.test(document.querySelector("#ties").textContent)`)
	})

	t.Run("Account", func(t *testing.T) {
		do(t, ctx, "open accounts", chromedp.Navigate(fx.url+"/accounts"), chromedp.WaitVisible(chromedp.CSS(`#accounts [data-account="acc-north"] a`)),
			chromedp.Click(chromedp.CSS(`#accounts [data-account="acc-north"] a`)), chromedp.WaitVisible(chromedp.CSS(`#record[data-state="ready"]`)))
		if got := eval[string](t, ctx, `document.querySelector("#record table").textContent`); !strings.Contains(got, "Alice Martin") {
			t.Errorf("account contacts = %q, want Alice Martin", got)
		}
		want := 0
		for _, s := range seedMentions {
			if s.alice {
				want++
			}
		}
		waitFor(t, ctx, "account mentions", fmt.Sprintf(`document.querySelectorAll("#account-mentions li.mention").length === %d`, want))
		if got := count(t, ctx, `#account-cases li.case[data-case="case-acme:3"]`); got != 1 {
			t.Errorf("account page shows case-acme:3 %d times, want once", got)
		}
	})

	t.Run("Cases", func(t *testing.T) { testCasesPage(t, ctx, fx) })

	t.Run("Alert", func(t *testing.T) {
		do(t, ctx, "open alert", chromedp.Navigate(fx.url+"/alerts/al-1"), chromedp.WaitVisible(chromedp.CSS(`#alert-detail .person a`)))
		if got := eval[string](t, ctx, `document.querySelector("#alert-detail .person a").textContent`); got != "Alice Martin" {
			t.Errorf("contact on alert = %q, want Alice Martin", got)
		}
		waitFor(t, ctx, "alert mentions", `!!document.querySelector('#alert-detail [data-mention="acme:3"]')`)
		waitFor(t, ctx, "detector settings", `document.querySelectorAll("#alert-settings dt").length === 7`)
		if got := eval[string](t, ctx, `document.querySelector("#alert-settings dd").textContent`); got != "5 min" {
			t.Errorf("settings window = %q, want 5 min", got)
		}
		do(t, ctx, "acknowledge", chromedp.Click(chromedp.CSS(`#ack`)))
		waitFor(t, ctx, "acknowledged", `document.querySelector("#alert-status").textContent === "acknowledged"`)
		a, err := fx.store.FindAlertByID(context.Background(), "al-1")
		must(t, err)
		if a.Status != socialcrm.AlertAcknowledged {
			t.Errorf("stored alert status = %q, want acknowledged", a.Status)
		}
		do(t, ctx, "mute", chromedp.Click(chromedp.CSS(`#mute`)))
		waitFor(t, ctx, "silence listed", `!!document.querySelector("#silences [data-silence] button")`)
		if ss := fx.alert.Silences(); len(ss) != 1 || ss[0].Brand != "acme" || !ss[0].End.After(time.Now().Add(50*time.Minute)) {
			t.Errorf("silences after mute = %+v, want one for acme for an hour", ss)
		}
		do(t, ctx, "end silence", chromedp.Click(chromedp.CSS(`#silences [data-silence] button`)))
		waitFor(t, ctx, "silence gone", `!document.querySelector("#silences [data-silence]")`)
		if ss := fx.alert.Silences(); len(ss) != 0 {
			t.Errorf("silences after ending = %+v, want none", ss)
		}
	})

	t.Run("Narrow", func(t *testing.T) {
		for _, path := range []string{"/", "/contacts/c-alice", "/alerts/al-1", "/accounts", "/cases"} {
			do(t, ctx, "open "+path+" at 375px", chromedp.EmulateViewport(375, 800), chromedp.Navigate(fx.url+path),
				chromedp.WaitVisible(chromedp.CSS(`footer`)))
			waitFor(t, ctx, "page filled", `!document.querySelector("main").textContent.includes("Loading")`)
			if w := eval[int](t, ctx, `document.documentElement.scrollWidth`); w > 375 {
				t.Errorf("%s is %dpx wide at 375px", path, w)
			}
		}
	})
	t.Run("Audit", func(t *testing.T) {
		do(t, ctx, "open the audit trail", chromedp.Navigate(fx.url+"/audit"), chromedp.WaitVisible(chromedp.CSS(`#audit`)))
		waitFor(t, ctx, "entries listed", `document.querySelectorAll("#audit tr[data-entry]").length > 0`)
		if got := eval[string](t, ctx, `document.querySelector("#audit tbody").textContent`); !strings.Contains(got, "POST /session") {
			t.Errorf("audit page = %q, want the sign-in recorded", got)
		}
	})

	t.Run("SignOut", func(t *testing.T) {
		do(t, ctx, "sign out", chromedp.Navigate(fx.url+"/"), chromedp.WaitVisible(chromedp.CSS(`#signout`)),
			chromedp.Click(chromedp.CSS(`#signout`)))
		waitAcross(t, ctx, "sign-in page", `location.pathname === "/signin" && !!document.querySelector("#signin-form")`)
		eval[bool](t, ctx, `fetch("/api/v1/session").then(r => { window.apiStatus = r.status; }), true`)
		waitFor(t, ctx, "API answered", `window.apiStatus !== undefined`)
		if got := eval[int](t, ctx, `window.apiStatus`); got != http.StatusUnauthorized {
			t.Errorf("API after signing out: %d, want 401", got)
		}
		do(t, ctx, "open the overview again", chromedp.Navigate(fx.url+"/"), chromedp.WaitVisible(chromedp.CSS(`#signin-form`)))
	})
}

// TestOpenAPI_Answers checks real answers of the API against the schemas
// of openapi.json: every field is documented with its type, and required
// fields are there.
func TestOpenAPI_Answers(t *testing.T) {
	fx := newDashboardFixture(t)
	_, body := get(t, fx.url+"/api/v1/openapi.json", nil)
	var doc map[string]any
	must(t, json.Unmarshal([]byte(body), &doc))
	res, err := client(t, fx.url).Post(fx.url+"/api/v1/silences", "application/json", strings.NewReader(
		`{"brand":"acme","start":"2026-01-01T00:00:00Z","end":"2099-01-01T00:00:00Z","comment":"test"}`))
	must(t, err)
	res.Body.Close()
	for _, c := range []struct{ method, url, path, code string }{
		{"get", "/api/v1/mentions?limit=5", "/api/v1/mentions", "200"},
		{"get", "/api/v1/mentions/acme:3", "/api/v1/mentions/{id}", "200"},
		{"get", "/api/v1/sentiment/summary?brand=acme", "/api/v1/sentiment/summary", "200"},
		{"get", "/api/v1/contacts", "/api/v1/contacts", "200"},
		{"get", "/api/v1/contacts/c-alice", "/api/v1/contacts/{id}", "200"},
		{"get", "/api/v1/contacts/c-alice/ties", "/api/v1/contacts/{id}/ties", "200"},
		{"get", "/api/v1/accounts", "/api/v1/accounts", "200"},
		{"get", "/api/v1/accounts/acc-north", "/api/v1/accounts/{id}", "200"},
		{"get", "/api/v1/alerts", "/api/v1/alerts", "200"},
		{"get", "/api/v1/alerts/al-1", "/api/v1/alerts/{id}", "200"},
		{"get", "/api/v1/silences", "/api/v1/silences", "200"},
		{"get", "/api/v1/cases", "/api/v1/cases", "200"},
		{"get", "/api/v1/cases?status=active&contact=c-alice", "/api/v1/cases", "200"},
		{"get", "/api/v1/cases/case-acme:3", "/api/v1/cases/{id}", "200"},
		{"get", "/api/v1/cases/nope", "/api/v1/cases/{id}", "404"},
		{"get", "/api/v1/cases?status=closed", "/api/v1/cases", "400"},
		{"get", "/api/v1/graph/communities", "/api/v1/graph/communities", "200"},
		{"get", "/api/v1/graph/influencers?brand=acme", "/api/v1/graph/influencers", "200"},
		{"get", "/api/v1/graph/ego/mastodon:alice@example.social", "/api/v1/graph/ego/{author}", "200"},
		{"get", "/api/v1/mentions/nope", "/api/v1/mentions/{id}", "404"},
		{"get", "/api/v1/mentions?sentiment=great", "/api/v1/mentions", "400"},
	} {
		t.Run(c.url, func(t *testing.T) {
			res, body := get(t, fx.url+c.url, nil)
			if strconv.Itoa(res.StatusCode) != c.code {
				t.Fatalf("status %d, want %s: %s", res.StatusCode, c.code, body)
			}
			schema := lookup(doc, "paths", c.path, c.method, "responses", c.code, "content", "application/json", "schema")
			if schema == nil {
				t.Fatalf("openapi.json has no %s schema for %s %s", c.code, c.method, c.path)
			}
			var v any
			must(t, json.Unmarshal([]byte(body), &v))
			for _, e := range conform(doc, schema, v, "$") {
				t.Error(e)
			}
		})
	}
}

// lookup walks nested JSON objects by key.
func lookup(v any, keys ...string) map[string]any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	m, _ := v.(map[string]any)
	return m
}

// conform lists where v departs from schema: undocumented fields, wrong
// types and missing required fields.
func conform(doc, schema map[string]any, v any, at string) []string {
	if ref, ok := schema["$ref"].(string); ok {
		schema = lookup(doc, strings.Split(strings.TrimPrefix(ref, "#/"), "/")...)
		if schema == nil {
			return []string{at + ": unresolved " + ref}
		}
	}
	typ, _ := schema["type"].(string)
	want := func(kinds ...string) []string {
		if typ == "" || slices.Contains(kinds, typ) {
			return nil
		}
		return []string{fmt.Sprintf("%s: got %v, schema says %s", at, v, typ)}
	}
	switch v := v.(type) {
	case nil:
		return nil
	case bool:
		return want("boolean")
	case string:
		return want("string")
	case float64:
		if typ == "integer" && v != float64(int64(v)) {
			return []string{fmt.Sprintf("%s: %v is not an integer", at, v)}
		}
		return want("number", "integer")
	case []any:
		errs := want("array")
		if items, ok := schema["items"].(map[string]any); ok {
			for i, x := range v[:min(len(v), 5)] {
				errs = append(errs, conform(doc, items, x, fmt.Sprintf("%s[%d]", at, i))...)
			}
		}
		return errs
	case map[string]any:
		errs := want("object")
		props, _ := schema["properties"].(map[string]any)
		required, _ := schema["required"].([]any)
		for _, r := range required {
			if _, ok := v[r.(string)]; !ok {
				errs = append(errs, fmt.Sprintf("%s: required field %s missing", at, r))
			}
		}
		for k, x := range v {
			p, ok := props[k].(map[string]any)
			if !ok {
				if schema["additionalProperties"] != true && props != nil {
					errs = append(errs, fmt.Sprintf("%s.%s: field not documented", at, k))
				}
				continue
			}
			errs = append(errs, conform(doc, p, x, at+"."+k)...)
		}
		return errs
	}
	return nil
}
