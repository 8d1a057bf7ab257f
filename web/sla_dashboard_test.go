package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/socialcrm/socialcrm"
)

// TestSLA_CaseCountdowns: the Cases page shows each case's targets with
// their status and a countdown while they run, and a paused resolution
// while the case waits for the customer.
func TestSLA_CaseCountdowns(t *testing.T) {
	fx := newDashboardFixture(t)
	ctx := context.Background()
	now := fx.now
	tm := func(d time.Duration) *time.Time { v := now.Add(d); return &v }
	// Answered in time, then the customer wrote again 5 minutes ago: a
	// next response is due in 25 minutes; the resolution clock ran again.
	must(t, fx.store.SaveCase(ctx, &socialcrm.Case{ID: "case-x:7", Key: "acme|x|author:x:erin", Brand: "acme", Channel: "x",
		Author: "x:erin", Kind: socialcrm.CaseComplaint, OpenedKind: socialcrm.CaseQuestion, Status: socialcrm.CaseOpen,
		Subject: "when do refunds arrive?", LastSubject: "still waiting for my refund",
		Mentions: []string{"x:7", "x:8"}, MentionCount: 2, OpenedAt: now.Add(-2 * time.Hour), LastMentionAt: now.Add(-5 * time.Minute),
		DueAt: *tm(25 * time.Minute), Priority: socialcrm.PriorityHigh, Policy: "vip", Targets: []socialcrm.SLATarget{
			{Name: socialcrm.TargetFirstResponse, Seconds: 3600, StartAt: now.Add(-2 * time.Hour), DueAt: tm(-time.Hour), MetAt: tm(-90 * time.Minute), Status: socialcrm.TargetHit},
			{Name: socialcrm.TargetNextResponse, Seconds: 1800, StartAt: now.Add(-5 * time.Minute), DueAt: tm(25 * time.Minute), Status: socialcrm.TargetActive},
			{Name: socialcrm.TargetResolution, Seconds: 8 * 3600, StartAt: now.Add(-2 * time.Hour), DueAt: tm(7*time.Hour + 25*time.Minute), Status: socialcrm.TargetActive,
				Pauses: []socialcrm.Pause{{From: now.Add(-90 * time.Minute), To: tm(-5 * time.Minute)}}},
		}}))
	must(t, fx.store.SaveCase(ctx, &socialcrm.Case{ID: "case-x:9", Key: "acme|x|author:x:finn", Brand: "acme", Channel: "x",
		Author: "x:finn", Kind: socialcrm.CaseQuestion, Status: socialcrm.CaseAnswered, Subject: "which gate?",
		Mentions: []string{"x:9"}, MentionCount: 1, OpenedAt: now.Add(-time.Hour), LastMentionAt: now.Add(-time.Hour),
		DueAt: now, FirstResponseAt: tm(-10 * time.Minute), LastResponseAt: tm(-10 * time.Minute), Policy: "vip", Targets: []socialcrm.SLATarget{
			{Name: socialcrm.TargetFirstResponse, Seconds: 1800, StartAt: now.Add(-time.Hour), DueAt: tm(-30 * time.Minute), MetAt: tm(-10 * time.Minute), Status: socialcrm.TargetMissed},
			{Name: socialcrm.TargetResolution, Seconds: 8 * 3600, StartAt: now.Add(-time.Hour), Status: socialcrm.TargetActive,
				Pauses: []socialcrm.Pause{{From: now.Add(-10 * time.Minute)}}},
		}}))

	bctx := browser(t, "/api/v1/session", "/api/v1/alerts?status=firing", "/api/v1/cases?overdue=true")
	signIn(t, bctx, fx.url, fx.store, socialcrm.RoleAgent)
	do(t, bctx, "open cases", chromedp.Navigate(fx.url+"/cases"), chromedp.WaitVisible(chromedp.CSS(`#cases [data-case="case-x:7"] .sla-targets`)))
	targets := func(id string) []string {
		return eval[[]string](t, bctx, `Array.from(document.querySelectorAll('#cases [data-case="`+id+`"] .sla-target')).map(e => e.dataset.target + " " + e.dataset.targetStatus + " " + e.querySelector(".sla-due").textContent)`)
	}
	got := targets("case-x:7")
	want := []string{"first_response hit met ", "next_response active due in 2", "resolution active due in 7 h 2"}
	if len(got) != 3 || !strings.HasPrefix(got[0], want[0]) || !strings.HasPrefix(got[1], want[1]) || !strings.HasPrefix(got[2], want[2]) {
		t.Errorf("targets of case-x:7 = %q, want %q…", got, want)
	}
	// Issue 16: the newest message first, the first one below it, and
	// the strongest kind with the one it opened as.
	row := `#cases [data-case="case-x:7"] `
	if got := eval[[]string](t, bctx, `["latest", "first", "opened-kind"].map(r => document.querySelector('`+row+`[data-role="' + r + '"]')?.textContent)`); len(got) != 3 ||
		got[0] != "still waiting for my refund" || got[1] != "First message: when do refunds arrive?" || got[2] != "(opened as question)" {
		t.Errorf("case-x:7 shows %q, want its latest message, its first and that it opened as a question", got)
	}
	if k := eval[string](t, bctx, `document.querySelector('`+row+`.badge.complaint')?.textContent || ""`); k != "complaint" {
		t.Errorf("case-x:7 kind badge %q, want complaint", k)
	}
	// The priority shows, and an agent sets it from the page.
	if p := eval[string](t, bctx, `document.querySelector('`+row+`[data-role="priority"]')?.textContent || ""`); p != "high" {
		t.Errorf("case-x:7 priority badge %q, want high", p)
	}
	do(t, bctx, "set the priority", chromedp.SetValue(chromedp.CSS(row+`select[data-action="priority"]`), "urgent"))
	eval[bool](t, bctx, `document.querySelector('`+row+`select[data-action="priority"]').dispatchEvent(new Event("change"))`)
	waitFor(t, bctx, "urgent badge", `document.querySelector('`+row+`[data-role="priority"]')?.textContent === "urgent"`)
	if k, err := fx.store.FindCaseByID(ctx, "case-x:7"); err != nil || k.Priority != socialcrm.PriorityUrgent || k.PrioritySetBy == "" {
		t.Errorf("stored case-x:7 after setting its priority = %+v, %v; want urgent, set by the agent", k, err)
	}
	// The default policy's case opened 6 h 20 min ago on mastodon (4 h).
	if got := targets("case-acme:3"); len(got) != 1 || !strings.HasPrefix(got[0], "first_response missed overdue by 2 h 2") {
		t.Errorf("targets of case-acme:3 = %q, want its first response missed, overdue by 2 h 20 min", got)
	}
	do(t, bctx, "answered tab", chromedp.Click(chromedp.CSS(`#case-filter [data-status="answered"]`)))
	waitFor(t, bctx, "answered case", `!!document.querySelector('#cases [data-case="case-x:9"] .sla-target')`)
	if got := targets("case-x:9"); len(got) != 2 || got[0] != "first_response missed met late, 10 min ago" && !strings.HasPrefix(got[0], "first_response missed met late") ||
		got[1] != "resolution active paused, waiting for the customer" {
		t.Errorf("targets of the answered case-x:9 = %q, want first response missed, resolution paused", got)
	}
}
