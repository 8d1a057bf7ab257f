package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/socialcrm/socialcrm"
)

// testCasesPage drives the Cases page of the dashboard fixture: open cases
// soonest due first with the overdue one marked, then assigning and
// recording an answer from the page.
func testCasesPage(t *testing.T, ctx context.Context, fx *dashboardFixture) {
	do(t, ctx, "open cases", chromedp.EmulateViewport(1280, 900), chromedp.Navigate(fx.url+"/cases"),
		chromedp.WaitVisible(chromedp.CSS(`#cases li.case`)))
	got := eval[[]string](t, ctx, `Array.from(document.querySelectorAll("#cases li.case")).map(li => li.dataset.case + " " + li.dataset.overdue + " " + li.querySelector(".case-due").textContent)`)
	if len(got) != 2 || !strings.HasPrefix(got[0], "case-acme:3 true overdue by 2 h") || !strings.HasPrefix(got[1], "case-bluesky:q1 false due in 2 h 59 min") &&
		!strings.HasPrefix(got[1], "case-bluesky:q1 false due in 3 h") {
		t.Errorf("open cases = %q, want case-acme:3 overdue by 2 h 20 min, then case-bluesky:q1 due in about 3 h", got)
	}
	if c := eval[string](t, ctx, `getComputedStyle(document.querySelector('#cases [data-case="case-acme:3"]')).borderLeftStyle`); c != "solid" {
		t.Errorf("overdue case border = %q, want it marked", c)
	}
	waitFor(t, ctx, "alice's name", `document.querySelector('#cases [data-case="case-acme:3"] a[data-contact]').textContent === "Alice Martin"`)
	if n := eval[string](t, ctx, `document.querySelector("#nav-cases").textContent`); n != "1" {
		t.Errorf("overdue count in the navigation = %q, want 1", n)
	}

	row := `#cases [data-case="case-acme:3"] `
	pick := row + `select[data-role="assignee-pick"]`
	waitFor(t, ctx, "the assignee picker lists the users by name", `Array.from(document.querySelectorAll('`+pick+` option')).map(o => o.value + "=" + o.textContent).includes("sam=Sam Taylor")`)
	do(t, ctx, "assign", chromedp.SetValue(chromedp.CSS(pick), "sam"), chromedp.Click(chromedp.CSS(row+`button[data-action="assign"]`)))
	waitFor(t, ctx, "assigned", `/assigned to Sam Taylor/.test(document.querySelector('#cases [data-case="case-acme:3"] [data-role="assignee"]')?.textContent || "")`)
	do(t, ctx, "unassigned queue", chromedp.Click(chromedp.CSS(`#case-filter [data-queue="none"]`)))
	waitFor(t, ctx, "only the unassigned case", `!document.querySelector('#cases [data-case="case-acme:3"]') && !!document.querySelector('#cases [data-case="case-bluesky:q1"]')`)
	do(t, ctx, "my queue", chromedp.Click(chromedp.CSS(`#case-filter [data-queue="me"]`)))
	waitFor(t, ctx, "none of the signed-in admin's", `document.querySelectorAll("#cases li.case").length === 0`)
	do(t, ctx, "everyone's queue", chromedp.Click(chromedp.CSS(`#case-filter [data-queue=""]`)))
	waitFor(t, ctx, "both cases again", `document.querySelectorAll("#cases li.case").length === 2`)
	do(t, ctx, "record the answer", chromedp.Click(chromedp.CSS(row+`button[data-action="respond"]`)))
	waitFor(t, ctx, "answered case leaves the open list", `!document.querySelector('#cases [data-case="case-acme:3"]') && document.querySelectorAll("#cases li.case").length === 1`)
	c, err := fx.store.FindCaseByID(context.Background(), "case-acme:3")
	must(t, err)
	if c.Status != socialcrm.CaseAnswered || c.Assignee != "sam" || !c.Breached || c.FirstResponseAt == nil {
		t.Errorf("stored case after answering from the page = %+v, want answered late by sam", c)
	}
	do(t, ctx, "answered tab", chromedp.Click(chromedp.CSS(`#case-filter [data-status="answered"]`)))
	waitFor(t, ctx, "answered list", `!!document.querySelector('#cases [data-case="case-acme:3"][data-status="answered"] .badge.breached')`)
}
