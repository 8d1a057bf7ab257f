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

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/graph"
	"github.com/socialcrm/socialcrm/store/memory"
	"github.com/socialcrm/socialcrm/web"
)

// truthFixture is a dashboard over more mentions than any page of them:
// 1,200 of acme in the last 20 hours, and a contact with 495 mentions
// over 41 days; alerts in each status. Sentiment summaries answer slowly,
// as they do over a large store.
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
	must(t, fx.store.SaveContacts(ctx, &socialcrm.Contact{ID: "c-big", Name: "Bea Big",
		Identities: []socialcrm.Identity{{Network: "x", Handle: "bea"}}}))
	fx.overview = seedVolume(t, fx.store, "o", "", 1200, time.Minute)
	fx.contact = seedVolume(t, fx.store, "c", "c-big", 495, 2*time.Hour)
	now := time.Now()
	for i, status := range []string{socialcrm.AlertFiring, socialcrm.AlertFiring, socialcrm.AlertFiring, socialcrm.AlertAcknowledged, socialcrm.AlertResolved} {
		must(t, fx.store.SaveAlert(ctx, &socialcrm.Alert{V: 1, ID: fmt.Sprintf("al-%d", i), Fingerprint: fmt.Sprintf("acme/t%d", i),
			Brand: "acme", Topic: fmt.Sprintf("t%d", i), Reason: socialcrm.ReasonSpike, Start: now.Add(-time.Duration(i+1) * time.Hour),
			End: now, Window: "5m0s", Observed: 40, Expected: 5, Severity: socialcrm.SeverityWarning, Status: status,
			CreatedAt: now.Add(-time.Hour), UpdatedAt: now.Add(-time.Hour)}))
	}
	gconf := graph.DefaultConfig()
	gconf.AnalyzeEvery = 0
	g, err := graph.New(gconf, nil, nil)
	must(t, err)
	h := (&web.Server{Store: fx.store, Stream: web.NewHub(), Graph: g}).Handler()
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
}
