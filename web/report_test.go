package web_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/store/memory"
	"github.com/socialcrm/socialcrm/web"
	"github.com/socialcrm/socialcrm/web/webtest"
)

// saveReportCases stores three cases opened an hour before now: on x, one
// first response hit (answered after 20 min) and one missed (after 80
// min); on mastodon one hit (after 10 min) and resolved after 2 h.
func saveReportCases(t *testing.T, st *memory.Store, now time.Time) {
	t.Helper()
	opened := now.Add(-3 * time.Hour)
	for _, c := range []struct {
		id, channel, status string
		first               time.Duration
	}{{"r1", "x", socialcrm.TargetHit, 20 * time.Minute}, {"r2", "x", socialcrm.TargetMissed, 80 * time.Minute},
		{"r3", "mastodon", socialcrm.TargetHit, 10 * time.Minute}} {
		first := opened.Add(c.first)
		k := &socialcrm.Case{ID: c.id, Key: "acme|" + c.channel + "|" + c.id, Brand: "acme", Channel: c.channel, Author: c.channel + ":" + c.id,
			Kind: socialcrm.CaseQuestion, Status: socialcrm.CaseAnswered, Mentions: []string{c.id}, MentionCount: 1,
			OpenedAt: opened, LastMentionAt: opened, DueAt: opened.Add(time.Hour), FirstResponseAt: &first,
			Targets: []socialcrm.SLATarget{{Name: socialcrm.TargetFirstResponse, Seconds: 3600, StartAt: opened, MetAt: &first, Status: c.status}}}
		if c.id == "r3" {
			res := opened.Add(2 * time.Hour)
			k.Status, k.ResolvedAt = socialcrm.CaseResolved, &res
		}
		must(t, st.SaveCase(context.Background(), k))
	}
}

func TestSLAReport_API(t *testing.T) {
	st := memory.New()
	ts := serve(t, &web.Server{Store: st}, st)
	c := webtest.Client(t, ts.URL, st, socialcrm.RoleViewer)
	saveReportCases(t, st, time.Now())
	get := func(q string) (int, string, string) {
		t.Helper()
		res, err := c.Get(ts.URL + "/api/v1/reports/sla" + q)
		must(t, err)
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, res.Header.Get("Content-Type"), string(b)
	}
	code, _, body := get("?group_by=channel&since=24h")
	var rep socialcrm.SLAReport
	if err := json.Unmarshal([]byte(body), &rep); err != nil || code != http.StatusOK {
		t.Fatalf("GET report = %d %s", code, body)
	}
	if len(rep.Rows) != 2 || rep.Rows[0].Group != "mastodon" || rep.Rows[1].Group != "x" {
		t.Fatalf("rows = %+v, want mastodon and x", rep.Rows)
	}
	x := rep.Rows[1]
	if a := x.Attainment[socialcrm.TargetFirstResponse]; a.Hit != 1 || a.Missed != 1 || a.Rate == nil || *a.Rate != 0.5 ||
		*x.FirstResponse.Median != 1200 || *x.FirstResponse.P90 != 4800 || x.Backlog != 2 || x.Breaches != 1 {
		t.Errorf("x = %+v, want first response 1 of 2 in time, median 1200 s, p90 4800 s, backlog 2, 1 breach", x)
	}
	if m := rep.Rows[0]; *m.Resolution.Median != 7200 || m.Backlog != 0 {
		t.Errorf("mastodon = %+v, want resolved in 7200 s, no backlog", m)
	}

	code, ctype, body := get("?group_by=channel&since=24h&format=csv")
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if code != http.StatusOK || !strings.HasPrefix(ctype, "text/csv") || err != nil || len(rows) != 4 {
		t.Fatalf("CSV = %d %s %v:\n%s", code, ctype, err, body)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	if r := rows[2]; r[0] != "x" || r[col["first_response_attainment"]] != "0.5000" || r[col["first_response_p90_seconds"]] != "4800" || rows[3][0] != "total" {
		t.Errorf("CSV rows = %q", rows)
	}

	for q, field := range map[string]string{"?group_by=brand": "group_by", "?format=xml": "format", "?since=soon": "since",
		"?since=2026-11-20T00:00:00Z&until=2026-11-19T00:00:00Z": "until"} {
		if code, _, body := get(q); code != http.StatusBadRequest || !strings.Contains(body, field) {
			t.Errorf("GET %s = %d %s, want 400 naming %s", q, code, body, field)
		}
	}
}

// TestSLAReport_Page: the Reports page charts and lists attainment per
// channel.
func TestSLAReport_Page(t *testing.T) {
	st := memory.New()
	ts := serve(t, &web.Server{Store: st, Stream: web.NewHub()}, st)
	saveReportCases(t, st, time.Now())
	ctx := browser(t, "/api/v1/session", "/api/v1/alerts?status=firing", "/api/v1/cases?overdue=true")
	signIn(t, ctx, ts.URL, st, socialcrm.RoleViewer)
	do(t, ctx, "open reports", chromedp.Navigate(ts.URL+"/reports"), chromedp.WaitVisible(chromedp.CSS(`#attainment svg rect.bar`)))
	bars := eval[[]string](t, ctx, `Array.from(document.querySelectorAll("#attainment rect.bar")).map(b => b.dataset.group + " " + b.dataset.target + " " + b.dataset.rate)`)
	if strings.Join(bars, ", ") != "mastodon first_response 1, x first_response 0.5" {
		t.Errorf("bars = %q, want mastodon at 100 %% and x at 50 %%", bars)
	}
	if w := eval[float64](t, ctx, `document.querySelector('#attainment rect[data-group="x"]').width.baseVal.value / document.querySelector('#attainment rect[data-group="mastodon"]').width.baseVal.value`); w < 0.49 || w > 0.51 {
		t.Errorf("x's bar is %.2f of mastodon's, want half", w)
	}
	cells := eval[[]string](t, ctx, `Array.from(document.querySelectorAll("#report tbody tr")).map(tr => Array.from(tr.children).slice(0, 3).map(c => c.textContent).join(" | "))`)
	want := []string{"mastodon | 1 | 100 %", "x | 2 | 50 %", "total | 3 | 66.7 %"}
	if strings.Join(cells, "; ") != strings.Join(want, "; ") {
		t.Errorf("table = %q, want %q", cells, want)
	}
	if href := eval[string](t, ctx, `document.querySelector("#report-csv").getAttribute("href")`); !strings.Contains(href, "format=csv") || !strings.Contains(href, "group_by=channel") {
		t.Errorf("CSV link = %q", href)
	}
}
