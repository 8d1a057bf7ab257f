package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/store/memory"
	"github.com/socialcrm/socialcrm/web"
	"github.com/socialcrm/socialcrm/web/webtest"
)

// seedSegmentAPI stores Pia and Pat (platinum), Gus (gold) and Ola
// (platinum, consent withdrawn): Pia and Ola posted negatives this week,
// Gus positives, Pat nothing yet.
func seedSegmentAPI(t *testing.T) (string, *memory.Store) {
	t.Helper()
	st := memory.New()
	t.Cleanup(func() { st.Close() })
	ctx, now := context.Background(), time.Now().UTC()
	must(t, st.SaveAccounts(ctx, &socialcrm.Account{ID: "acc-p", Name: "Plat", Tier: socialcrm.TierPlatinum, Value: 120000},
		&socialcrm.Account{ID: "acc-g", Name: "Gold", Tier: socialcrm.TierGold, Value: 30000}))
	must(t, st.SaveContacts(ctx,
		&socialcrm.Contact{ID: "c-pia", Name: "Pia", AccountID: "acc-p"},
		&socialcrm.Contact{ID: "c-pat", Name: "Pat", AccountID: "acc-p"},
		&socialcrm.Contact{ID: "c-gus", Name: "Gus", AccountID: "acc-g", Tags: []string{"vip"}},
		&socialcrm.Contact{ID: "c-ola", Name: "Ola", AccountID: "acc-p"}))
	must(t, st.SetConsent(ctx, &socialcrm.Consent{ContactID: "c-ola", State: socialcrm.ConsentWithdrawn, At: now}))
	var ms []*socialcrm.Mention
	for i := range 3 {
		at := now.Add(-time.Duration(i+1) * time.Hour)
		ms = append(ms, mention(fmt.Sprintf("x:pia%d", i), "acme", "negative", at, "c-pia"),
			mention(fmt.Sprintf("x:ola%d", i), "acme", "negative", at, "c-ola"),
			mention(fmt.Sprintf("x:gus%d", i), "acme", "positive", at, "c-gus"))
	}
	must(t, st.SaveMentions(ctx, ms...))
	srv := serve(t, &web.Server{Store: st, Stream: web.NewHub()}, st)
	return srv.URL, st
}

const highValueNegative = `{"id":"hv-neg","name":"High-value customers turning negative","priority_boost":30,
	"rules":{"match":"all","conditions":[{"field":"account_value","op":"gte","number":50000},{"field":"sentiment_avg","op":"lte","number":-0.2,"days":7}]}}`

type segmentAnswer struct {
	socialcrm.Segment
	Members int `json:"members"`
}

type membersAnswer struct {
	Contacts []socialcrm.Contact `json:"contacts"`
	Total    int                 `json:"total"`
}

func memberIDs(m membersAnswer) string {
	var ids []string
	for _, c := range m.Contacts {
		ids = append(ids, c.ID)
	}
	return strings.Join(ids, ",")
}

// TestSegments_API saves, reads, changes and deletes a segment; its
// members are evaluated live (a platinum contact who posts negatives
// joins "high-value customers turning negative"), never include a
// contact who withdrew consent, and bad input is a 400 naming the field.
func TestSegments_API(t *testing.T) {
	base, st := seedSegmentAPI(t)
	var seg segmentAnswer
	sendJSON(t, "POST", base+"/api/v1/segments", highValueNegative, http.StatusCreated, &seg)
	if seg.ID != "hv-neg" || seg.Members != 1 || seg.Boost != 30 || seg.CreatedAt.IsZero() {
		t.Fatalf("created = %+v", seg)
	}
	var m membersAnswer
	sendJSON(t, "GET", base+"/api/v1/segments/hv-neg/members", "", http.StatusOK, &m)
	if memberIDs(m) != "c-pia" || m.Total != 1 {
		t.Errorf("members = %s (%d), want Pia alone (Ola withdrew)", memberIDs(m), m.Total)
	}

	// Pat, platinum, turns negative: a member at once.
	now := time.Now().UTC()
	must(t, st.SaveMentions(context.Background(), mention("x:pat1", "acme", "negative", now.Add(-time.Minute), "c-pat"),
		mention("x:pat2", "acme", "neutral", now.Add(-2*time.Minute), "c-pat")))
	sendJSON(t, "GET", base+"/api/v1/segments/hv-neg/members?limit=1", "", http.StatusOK, &m)
	if memberIDs(m) != "c-pat" || m.Total != 2 {
		t.Errorf("first member page = %s of %d, want Pat of 2", memberIDs(m), m.Total)
	}
	sendJSON(t, "GET", base+"/api/v1/segments/hv-neg/members?limit=1&offset=1", "", http.StatusOK, &m)
	if memberIDs(m) != "c-pia" {
		t.Errorf("second member page = %s, want Pia", memberIDs(m))
	}

	var list struct{ Segments []segmentAnswer }
	sendJSON(t, "GET", base+"/api/v1/segments", "", http.StatusOK, &list)
	if len(list.Segments) != 1 || list.Segments[0].Members != 2 {
		t.Errorf("list = %+v", list)
	}
	sendJSON(t, "PATCH", base+"/api/v1/segments/hv-neg", `{"name":"Unhappy VIPs","rules":{"match":"any","conditions":[{"field":"tag","op":"eq","text":"vip"}]}}`, http.StatusOK, &seg)
	if seg.Name != "Unhappy VIPs" || seg.Boost != 30 || seg.Members != 1 {
		t.Errorf("after PATCH = %+v, want the new name and rules, the boost kept, Gus alone", seg)
	}
	var preview membersAnswer
	rules := `{"match":"all","conditions":[{"field":"tier","op":"eq","text":"platinum"}]}`
	sendJSON(t, "GET", base+"/api/v1/segments/preview?rules="+url.QueryEscape(rules), "", http.StatusOK, &preview)
	if memberIDs(preview) != "c-pat,c-pia" {
		t.Errorf("preview = %s, want Pat and Pia", memberIDs(preview))
	}

	for _, tc := range []struct{ method, path, body, field string }{
		{"POST", "/api/v1/segments", highValueNegative, "exists"},
		{"POST", "/api/v1/segments", `{"id":"x","name":"x","rules":{"match":"all","conditions":[{"field":"shoe","op":"gte"}]}}`, "field"},
		{"POST", "/api/v1/segments", `{"id":"../x","name":"x","rules":{"match":"all"}}`, "id"},
		{"POST", "/api/v1/segments", `{"id":"x","name":"x","rules":{"match":"all","conditions":[{"field":"mention_count","op":"gte","number":1}]}}`, "days"},
		{"PATCH", "/api/v1/segments/hv-neg", `{"priority_boost":500}`, "priority_boost"},
		{"GET", "/api/v1/segments/preview?rules=nope", "", "rules"},
	} {
		code, msg := send(t, tc.method, base+tc.path, tc.body)
		if code != http.StatusBadRequest && code != http.StatusConflict || !strings.Contains(msg, tc.field) {
			t.Errorf("%s %s %s: %d %s, want 400/409 naming %s", tc.method, tc.path, tc.body, code, msg, tc.field)
		}
	}
	var of struct {
		Segments []socialcrm.Segment `json:"segments"`
		Boost    int                 `json:"priority_boost"`
	}
	sendJSON(t, "GET", base+"/api/v1/contacts/c-gus/segments", "", http.StatusOK, &of)
	if len(of.Segments) != 1 || of.Segments[0].ID != "hv-neg" || of.Boost != 30 {
		t.Errorf("Gus's segments = %+v", of)
	}
	sendJSON(t, "GET", base+"/api/v1/contacts/c-pia/segments", "", http.StatusOK, &of)
	if len(of.Segments) != 0 || of.Boost != 0 {
		t.Errorf("Pia's segments = %+v, want none", of)
	}
	sendJSON(t, "GET", base+"/api/v1/contacts/nobody/segments", "", http.StatusNotFound, nil)
	agent := webtest.Client(t, base, st, socialcrm.RoleAgent)
	res, err := webtest.Do(agent, "DELETE", base+"/api/v1/segments/hv-neg", nil)
	must(t, err)
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("an agent's DELETE: %s, want 403 (configure)", res.Status)
	}
	sendJSON(t, "DELETE", base+"/api/v1/segments/hv-neg", "", http.StatusNoContent, nil)
	sendJSON(t, "GET", base+"/api/v1/segments/hv-neg", "", http.StatusNotFound, nil)
	sendJSON(t, "GET", base+"/api/v1/segments/hv-neg/members", "", http.StatusNotFound, nil)
}

// TestDashboard_Segments builds "high-value customers turning negative"
// in the rule builder of a real browser: the live count follows the
// conditions, saving lists the segment with its count and shows its
// members, and deleting removes it.
func TestDashboard_Segments(t *testing.T) {
	base, st := seedSegmentAPI(t)
	ctx := browser(t)
	signIn(t, ctx, base, st, socialcrm.RoleAnalyst)
	do(t, ctx, "open the page", chromedp.Navigate(base+"/segments"), chromedp.WaitVisible(chromedp.CSS(`#seg-form`)))
	waitFor(t, ctx, "empty list", `document.querySelector("#segments tbody").textContent.includes("No segment")`)
	// The first condition: account value at least 0 matches the three
	// profiled contacts with an account.
	waitFor(t, ctx, "live count", `document.querySelector("#seg-count").dataset.total === "3"`)
	do(t, ctx, "value at least 50000", chromedp.SetValue(chromedp.CSS(`#seg-conds li [data-role="value"]`), "50000"))
	do(t, ctx, "nudge", chromedp.SendKeys(chromedp.CSS(`#seg-conds li [data-role="value"]`), "0"))
	waitFor(t, ctx, "count of 500000", `document.querySelector("#seg-count").dataset.total === "0"`)
	do(t, ctx, "value at least 50000", chromedp.SetValue(chromedp.CSS(`#seg-conds li [data-role="value"]`), "50000"),
		chromedp.SendKeys(chromedp.CSS(`#seg-name`), "x"))
	waitFor(t, ctx, "platinum ones", `document.querySelector("#seg-count").dataset.total === "2"`)

	do(t, ctx, "add a sentiment condition", chromedp.Click(chromedp.CSS(`#seg-add`)))
	waitFor(t, ctx, "two conditions", `document.querySelectorAll("#seg-conds li").length === 2`)
	chromedpSelect(t, ctx, `#seg-conds li:nth-child(2) [data-role="field"]`, "sentiment_avg")
	waitFor(t, ctx, "days field", `!!document.querySelector('#seg-conds li:nth-child(2) [data-role="days"]')`)
	chromedpSelect(t, ctx, `#seg-conds li:nth-child(2) [data-role="op"]`, "lte")
	do(t, ctx, "at most -0.2 over 7 days", chromedp.SetValue(chromedp.CSS(`#seg-conds li:nth-child(2) [data-role="value"]`), "-0.2"),
		chromedp.SetValue(chromedp.CSS(`#seg-conds li:nth-child(2) [data-role="days"]`), "7"),
		chromedp.SendKeys(chromedp.CSS(`#seg-id`), "hv-neg"))
	do(t, ctx, "name", chromedp.SetValue(chromedp.CSS(`#seg-name`), "High-value turning negative"), chromedp.SendKeys(chromedp.CSS(`#seg-name`), "!"))
	waitFor(t, ctx, "Pia alone", `document.querySelector("#seg-count").dataset.total === "1"`)
	do(t, ctx, "save", chromedp.Click(chromedp.CSS(`#seg-save`)))
	waitFor(t, ctx, "listed", `!!document.querySelector('#segments tr[data-segment="hv-neg"]')`)
	if got := eval[string](t, ctx, `document.querySelector('#segments tr[data-segment="hv-neg"] [data-role="members"]').textContent`); got != "1" {
		t.Errorf("listed member count = %q", got)
	}
	waitFor(t, ctx, "members shown", `!document.querySelector("#members-card").hidden && !!document.querySelector('#members li[data-contact="c-pia"]')`)
	eval[bool](t, ctx, `fetch(document.querySelector('#segments tr[data-segment="hv-neg"] [data-action="export"]').href)
		.then((r) => r.text()).then((t) => { window.segmentCSV = t; }), true`) // download the CSV export
	waitFor(t, ctx, "the CSV of Pia", `(window.segmentCSV || "").startsWith("Record ID,Name,Email") && window.segmentCSV.includes("\nc-pia,Pia,")`)
	g, err := st.FindSegmentByID(context.Background(), "hv-neg")
	must(t, err)
	if g.Name != "High-value turning negative!" || len(g.Rules.Conditions) != 2 || g.Rules.Conditions[1].Days != 7 || g.Rules.Conditions[1].Op != "lte" {
		t.Errorf("stored segment = %+v", g)
	}

	do(t, ctx, "delete", chromedp.Click(chromedp.CSS(`#segments tr[data-segment="hv-neg"] [data-action="delete"]`)))
	waitFor(t, ctx, "gone", `!document.querySelector('#segments tr[data-segment="hv-neg"]') && document.querySelector("#members-card").hidden`)
	if _, err := st.FindSegmentByID(context.Background(), "hv-neg"); err == nil {
		t.Error("the segment is still stored")
	}
}

// chromedpSelect picks value in a select and fires its change event.
func chromedpSelect(t *testing.T, ctx context.Context, sel, value string) {
	t.Helper()
	ok := eval[bool](t, ctx, fmt.Sprintf(`(() => { const s = document.querySelector(%q); if (!s) return false;
		s.value = %q; s.dispatchEvent(new Event("change", { bubbles: true })); return s.value === %q; })()`, sel, value, value))
	if !ok {
		t.Fatalf("select %s: no option %s", sel, value)
	}
}
