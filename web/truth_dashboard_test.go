package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/alerts"
	"github.com/socialcrm/socialcrm/graph"
	"github.com/socialcrm/socialcrm/store/memory"
	"github.com/socialcrm/socialcrm/web"
)

// truthFixture is a dashboard over more mentions than any page of them:
// 1,200 of acme in the last 20 hours, and a contact with 495 mentions
// over 41 days, an open case and ties in two circles; alerts in each
// status. Sentiment summaries answer slowly, as they do over a large
// store.
type truthFixture struct {
	url      string
	store    *memory.Store
	overview []*socialcrm.Mention // the 1,200
	contact  []*socialcrm.Mention // c-big's 495, newest first
}

func newTruthFixture(t *testing.T) *truthFixture {
	t.Helper()
	ctx := context.Background()
	fx := &truthFixture{store: memory.New()}
	t.Cleanup(func() { fx.store.Close() })
	must(t, fx.store.SaveAccounts(ctx, &socialcrm.Account{ID: "acc-north", Name: "Northwind", Tier: socialcrm.TierGold, Value: 480000},
		&socialcrm.Account{ID: "acc-us", Name: "Initech", Value: 120000, Currency: "USD"}))
	must(t, fx.store.SaveContacts(ctx, &socialcrm.Contact{ID: "c-big", Name: "Bea Big", AccountID: "acc-north",
		Identities: []socialcrm.Identity{{Network: "x", Handle: "bea"}}},
		&socialcrm.Contact{ID: "c-cy", Name: "Cy", AccountID: "acc-north"}, &socialcrm.Contact{ID: "c-di", Name: "Di", AccountID: "acc-us"}))
	fx.overview = seedVolume(t, fx.store, "o", "", 1200, time.Minute)
	fx.contact = seedVolume(t, fx.store, "c", "c-big", 495, 2*time.Hour)
	now := time.Now()
	for i, status := range []string{socialcrm.AlertFiring, socialcrm.AlertFiring, socialcrm.AlertFiring, socialcrm.AlertAcknowledged, socialcrm.AlertResolved} {
		must(t, fx.store.SaveAlert(ctx, &socialcrm.Alert{V: 1, ID: fmt.Sprintf("al-%d", i), Fingerprint: fmt.Sprintf("acme/t%d", i),
			Brand: "acme", Topic: fmt.Sprintf("t%d", i), Reason: socialcrm.ReasonSpike, Start: now.Add(-time.Duration(i+1) * time.Hour),
			End: now, Window: "5m0s", Observed: 40, Expected: 5, Severity: socialcrm.SeverityWarning, Status: status,
			CreatedAt: now.Add(-time.Hour), UpdatedAt: now.Add(-time.Hour)}))
	}
	must(t, fx.store.SaveCase(ctx, &socialcrm.Case{ID: "case-bea", Key: "acme|x|contact:c-big", Brand: "acme", Channel: "x",
		ContactID: "c-big", AccountID: "acc-north", Author: "x:bea", Kind: socialcrm.CaseComplaint, Status: socialcrm.CaseOpen, Subject: "@acme still waiting",
		Mentions: []string{"x:c0"}, MentionCount: 1, OpenedAt: now.Add(-time.Hour), LastMentionAt: now.Add(-time.Hour), DueAt: now.Add(3 * time.Hour)}))
	gconf := graph.DefaultConfig()
	gconf.AnalyzeEvery = 0
	g, err := graph.New(gconf, nil, nil)
	must(t, err)
	must(t, g.Add(egoInteractions(now)...))
	al, err := alerts.New(alerts.DefaultConfig(), fx.store, nil, nil, prometheus.NewRegistry())
	must(t, err)
	h := (&web.Server{Store: fx.store, Stream: web.NewHub(), Graph: g, Alerts: al}).Handler()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/v1/sentiment/summary" {
			time.Sleep(1500 * time.Millisecond)
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	fx.url = ts.URL
	return fx
}

// egoInteractions are bea's: four replies to carl, who answered once,
// and a circle of friends (carl, dan, eve) who all talk to each other;
// one exchange with fay, whose own circle (gus, hal, ivy) is apart.
func egoInteractions(now time.Time) []socialcrm.Interaction {
	var ins []socialcrm.Interaction
	add := func(from, to string, n int) {
		for i := range n {
			ins = append(ins, socialcrm.Interaction{V: 1, From: "x:" + from, To: "x:" + to, Kind: socialcrm.KindReply,
				At: now.Add(-time.Duration(len(ins)+i+1) * time.Minute), Source: "x", Brand: "acme"})
		}
	}
	add("bea", "carl", 4)
	add("carl", "bea", 1)
	for _, circle := range [][]string{{"bea", "dan", "eve", "carl"}, {"fay", "gus", "hal", "ivy"}} {
		for i, a := range circle {
			for _, b := range circle[i+1:] {
				if a == "bea" && b == "carl" {
					continue
				}
				add(a, b, 3)
				add(b, a, 3)
			}
		}
	}
	add("bea", "fay", 1)
	add("fay", "bea", 1)
	return ins
}

// since counts the mentions of ms newer than d ago.
func since(ms []*socialcrm.Mention, d time.Duration) []*socialcrm.Mention {
	var out []*socialcrm.Mention
	for _, m := range ms {
		if time.Since(m.CreatedAt) < d {
			out = append(out, m)
		}
	}
	return out
}

// digits keeps the digits of s: "1,212" and "1 212" are 1212.
func digits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

// TestDashboard_Truth checks in Chromium that the figures the pages show
// count every mention in scope and agree with each other.
func TestDashboard_Truth(t *testing.T) {
	fx := newTruthFixture(t)
	ctx := browser(t, "/api/v1/session", "/api/v1/graph/", "/ties", "/api/v1/alerts?status=firing", "/api/v1/cases?overdue=true")
	signIn(t, ctx, fx.url, fx.store, socialcrm.RoleAdmin)

	t.Run("AlertTile", func(t *testing.T) {
		do(t, ctx, "open overview", chromedp.Navigate(fx.url+"/"))
		waitFor(t, ctx, "alerts badge", `!document.querySelector("#nav-alerts").hidden`)
		badge := eval[string](t, ctx, `document.querySelector("#nav-alerts").textContent`)
		tile := eval[string](t, ctx, `document.querySelector("#kpi-alerts").textContent`)
		if badge != "3" || tile != badge {
			t.Errorf("nav badge says %q and the Firing alerts tile %q, want 3 in both", badge, tile)
		}
	})

	t.Run("Breakdown", func(t *testing.T) {
		day := len(since(fx.overview, 24*time.Hour)) + len(since(fx.contact, 24*time.Hour))
		waitFor(t, ctx, "breakdown", `document.querySelector("#breakdown").dataset.state === "ready" && !!document.querySelector("#breakdown li[data-key]")`)
		note := eval[string](t, ctx, `document.querySelector("#bd-note").textContent`)
		if !strings.Contains(digits(note), fmt.Sprint(day)) || !strings.Contains(note, "24 h") {
			t.Errorf("breakdown note %q, want all %d mentions of the last 24 h", note, day)
		}
		price := eval[string](t, ctx, `document.querySelector('#breakdown li[data-key="price"] .val').textContent`)
		if got, _, _ := strings.Cut(price, "·"); digits(got) != fmt.Sprint(day) {
			t.Errorf("topic price shows %q, want %d mentions", price, day)
		}
		do(t, ctx, "by channel", chromedp.Click(chromedp.CSS(`.tabs [data-by="source"]`)))
		waitFor(t, ctx, "channel rows", `!!document.querySelector('#breakdown li[data-key="bluesky"]')`)
		blue := 0
		for _, m := range append(since(fx.overview, 24*time.Hour), since(fx.contact, 24*time.Hour)...) {
			if m.Source == "bluesky" {
				blue++
			}
		}
		if got := eval[string](t, ctx, `document.querySelector('#breakdown li[data-key="bluesky"] .val').textContent`); !strings.HasPrefix(digits(got), fmt.Sprint(blue)) {
			t.Errorf("channel bluesky shows %q, want %d mentions", got, blue)
		}
	})

	t.Run("ContactTiles", func(t *testing.T) {
		do(t, ctx, "open contact", chromedp.Navigate(fx.url+"/contacts/c-big"), chromedp.WaitVisible(chromedp.CSS(`#record[data-state="ready"]`)))
		month := tally(since(fx.contact, 30*24*time.Hour))
		got := eval[string](t, ctx, `["positive", "neutral", "negative"].map(l => document.querySelector('#sentiment [data-label="' + l + '"] strong').textContent).join("/")`)
		if want := fmt.Sprintf("%d/%d/%d", month.Positive, month.Neutral, month.Negative); got != want {
			t.Errorf("sentiment tiles %s, want %s: every mention of the last 30 days", got, want)
		}
		if p := eval[string](t, ctx, `document.querySelector("#sen-period").textContent`); p != "last 30 days" {
			t.Errorf("sentiment period = %q, want last 30 days", p)
		}
		if tot := eval[string](t, ctx, `document.querySelector("#sen-total").textContent`); !strings.Contains(tot, fmt.Sprint(month.Total)) || !strings.Contains(tot, "495 since the first") {
			t.Errorf("sentiment total = %q, want %d of the period and 495 since the first", tot, month.Total)
		}
		if tr := eval[string](t, ctx, `document.querySelector("#sen-trend").textContent`); !strings.Contains(tr, "in the 30 days before") {
			t.Errorf("sentiment trend = %q, want a comparison with the 30 days before", tr)
		}
		waitFor(t, ctx, "trend chart", `document.querySelectorAll("#contact-trend rect.bar").length > 0`)
		if bars := count(t, ctx, `#contact-trend rect.bar`); bars < 29 {
			t.Errorf("trend chart has %d bars, want one per label per day over 30 days", bars)
		}
	})

	t.Run("ContactCases", func(t *testing.T) {
		if got := eval[string](t, ctx, `document.querySelector('#contact-cases [data-case="case-bea"] [data-contact]').textContent`); got != "Bea Big" {
			t.Errorf("case row names %q, want the contact's name Bea Big", got)
		}
		do(t, ctx, "open cases", chromedp.Navigate(fx.url+"/cases"))
		waitFor(t, ctx, "case listed", `!!document.querySelector('[data-case="case-bea"] [data-contact]')`)
		if got := eval[string](t, ctx, `document.querySelector('[data-case="case-bea"] [data-contact]').textContent`); got != "Bea Big" {
			t.Errorf("cases page names %q, want Bea Big", got)
		}
	})

	t.Run("TieLabel", func(t *testing.T) {
		do(t, ctx, "open contact", chromedp.Navigate(fx.url+"/contacts/c-big"), chromedp.WaitVisible(chromedp.CSS(`#record[data-state="ready"]`)))
		waitFor(t, ctx, "ties", `document.querySelectorAll("#ties tbody tr").length >= 4`)
		rows := eval[[]string](t, ctx, `Array.from(document.querySelectorAll("#ties tbody tr")).map(tr => tr.cells[0].textContent + "|" + tr.querySelector('[data-role="direction"]').textContent + "|" + tr.cells[4].textContent)`)
		seen := false
		for _, r := range rows {
			parts := strings.Split(r, "|")
			who, dir, why := parts[0], parts[1], parts[2]
			if !strings.Contains(why, dir+":") {
				t.Errorf("tie with %s: column says %q, explanation %q", who, dir, why)
			}
			if strings.HasPrefix(who, "x:carl") {
				seen = true
				if dir != socialcrm.MostlyOneWay || !strings.Contains(why, "mostly one-way: 4 sent, 1 received") {
					t.Errorf("tie with carl: %q / %q, want mostly one-way, 4 sent and 1 received", dir, why)
				}
			}
		}
		if !seen {
			t.Errorf("ties %q lack x:carl", rows)
		}
	})

	t.Run("EgoColours", func(t *testing.T) {
		waitFor(t, ctx, "ego network", `document.querySelectorAll("#ego svg .node").length >= 5 && document.querySelectorAll("#ego-legend li").length > 0`)
		nodes := eval[map[string]string](t, ctx, `Object.fromEntries(Array.from(document.querySelectorAll("#ego svg .node")).map(g => [g.dataset.node, g.dataset.community + " " + g.querySelector("circle").getAttribute("fill")]))`)
		legend := eval[map[string]string](t, ctx, `Object.fromEntries(Array.from(document.querySelectorAll("#ego-legend li")).map(li => [li.dataset.community, getComputedStyle(li.querySelector(".swatch")).getPropertyValue("--c").trim()]))`)
		fills := map[string]bool{}
		for node, v := range nodes {
			comm, fill, _ := strings.Cut(v, " ")
			fills[fill] = true
			if legend[comm] != fill {
				t.Errorf("node %s of community %s is %s, the legend says %q", node, comm, fill, legend[comm])
			}
		}
		if len(fills) < 2 || len(legend) != len(fills) {
			t.Errorf("ego network in %d colours with %d legend entries, want one colour per community (at least two: bea's circle and fay's): %v", len(fills), len(legend), nodes)
		}
		if nodes["x:carl"] == nodes["x:fay"] {
			t.Errorf("carl (%s) and fay (%s) look alike, but their circles are apart", nodes["x:carl"], nodes["x:fay"])
		}
	})

	t.Run("Durations", func(t *testing.T) {
		for _, c := range spanCases {
			if got := eval[string](t, ctx, fmt.Sprintf("SC.duration(%d)", c.d.Milliseconds())); got != c.want {
				t.Errorf("SC.duration(%v) = %q, want %q", c.d, got, c.want)
			}
			if got := eval[string](t, ctx, fmt.Sprintf("SC.span(%q)", c.d.String())); got != c.want {
				t.Errorf("SC.span(%q) = %q, want %q", c.d.String(), got, c.want)
			}
		}
		do(t, ctx, "open alert", chromedp.Navigate(fx.url+"/alerts/al-0"), chromedp.WaitVisible(chromedp.CSS(`#alert-detail .facts`)))
		waitFor(t, ctx, "detector settings", `document.querySelectorAll("#alert-settings dt").length === 7`)
		waitFor(t, ctx, "alert list", `!!document.querySelector('#alerts [data-alert="al-0"]')`)
		goFormat := `/\d+h\d+m|\d+m\d+s/`
		for _, sel := range []string{"#alert-detail", "#alert-settings", "#alerts"} {
			if txt := eval[string](t, ctx, fmt.Sprintf(`document.querySelector(%q).textContent`, sel)); eval[bool](t, ctx, fmt.Sprintf(`%s.test(document.querySelector(%q).textContent)`, goFormat, sel)) {
				t.Errorf("%s shows a Go duration: %q", sel, txt)
			}
		}
		if got := eval[string](t, ctx, `Array.from(document.querySelectorAll("#alert-detail .fact")).find(f => f.querySelector("dt").textContent === "Window").querySelector("dd").textContent`); got != "5 min" {
			t.Errorf("alert window = %q, want 5 min", got)
		}
		if got := eval[string](t, ctx, `document.querySelector('#alerts [data-alert="al-0"]').textContent`); !strings.Contains(got, "per 5 min") {
			t.Errorf("alert list item %q, want counts per 5 min", got)
		}
	})

	t.Run("Accounts", func(t *testing.T) {
		do(t, ctx, "open accounts", chromedp.Navigate(fx.url+"/accounts"))
		waitFor(t, ctx, "accounts listed", `!!document.querySelector('#accounts [data-account="acc-us"]')`)
		cell := func(acc, role string) string {
			return eval[string](t, ctx, fmt.Sprintf(`document.querySelector('#accounts [data-account=%q] [data-role=%q]').textContent`, acc, role))
		}
		month := tally(since(fx.contact, 30*24*time.Hour))
		for _, c := range []struct{ acc, role, want string }{
			{"acc-north", "value", "€480,000"}, {"acc-us", "value", "$120,000"},
			{"acc-north", "contacts", "2"}, {"acc-us", "contacts", "1"},
			{"acc-north", "cases", "1"}, {"acc-us", "cases", "0"},
			{"acc-north", "sentiment", fmt.Sprint(month.Total)}, {"acc-us", "sentiment", "no mentions"},
		} {
			if got := cell(c.acc, c.role); !strings.Contains(strings.ReplaceAll(got, "\u00a0", " "), c.want) {
				t.Errorf("%s %s shows %q, want %q", c.acc, c.role, got, c.want)
			}
		}
		if h := eval[string](t, ctx, `document.querySelector("#acc-sentiment-h").textContent`); h != "Sentiment, last 30 days" {
			t.Errorf("sentiment column = %q, want it to state its period", h)
		}
	})

	t.Run("AlertActions", func(t *testing.T) {
		for id, want := range map[string]string{"al-0": "ack resolve mute", "al-3": "resolve mute", "al-4": ""} {
			do(t, ctx, "open "+id, chromedp.Navigate(fx.url+"/alerts/"+id), chromedp.WaitVisible(chromedp.CSS(`#alert-status`)))
			if got := eval[string](t, ctx, `Array.from(document.querySelectorAll("#alert-detail .actions button")).filter(b => b.offsetParent !== null).map(b => b.id).join(" ")`); got != want {
				status := eval[string](t, ctx, `document.querySelector("#alert-status").textContent`)
				t.Errorf("%s alert offers %q, want %q", status, got, want)
			}
		}
	})
}
