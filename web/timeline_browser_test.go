package web_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/crm"
	"github.com/socialcrm/socialcrm/store/memory"
	"github.com/socialcrm/socialcrm/web"
)

// TestDashboard_Timeline adds a note and a task on a contact's record page
// in a real browser, sees them on the timeline above the contact's
// mention, completes the task, and logs a call on the account's page.
// SOCIALCRM_TIMELINE_SCREENSHOT names a PNG file to write of the record.
func TestDashboard_Timeline(t *testing.T) {
	st := memory.New()
	t.Cleanup(func() { st.Close() })
	bg := context.Background()
	must(t, st.SaveAccounts(bg, &socialcrm.Account{ID: "acc-1", Name: "Globex", Tier: socialcrm.TierGold, Value: 12000}))
	must(t, st.SaveContacts(bg, &socialcrm.Contact{ID: "c-1", Name: "Alice Martin", AccountID: "acc-1",
		Identities: []socialcrm.Identity{{Network: "x", Handle: "alice"}}}))
	must(t, st.SaveMentions(bg, mention("x:1", "acme", socialcrm.Negative, time.Now().Add(-2*time.Hour), "c-1")))
	srv := serve(t, &web.Server{Store: st, Stream: web.NewHub(), Timeline: &crm.Timeline{Store: st}}, st)
	ctx := browser(t, "/graph/", "/ties") // no graph here
	signIn(t, ctx, srv.URL, st, socialcrm.RoleAgent)

	do(t, ctx, "open the record", chromedp.Navigate(srv.URL+"/contacts/c-1"), chromedp.WaitVisible(chromedp.CSS(`#activity-form`)))
	waitFor(t, ctx, "the mention on the timeline", `!!document.querySelector('#timeline-items [data-kind="mention"][data-id="x:1"]')`)
	if got := eval[string](t, ctx, `document.querySelector("#activity-add").textContent`); got != "Add note" {
		t.Errorf("button = %q, want Add note", got)
	}
	do(t, ctx, "add a note", chromedp.SendKeys(chromedp.CSS(`#activity-body`), "Prefers email, not calls."),
		chromedp.Click(chromedp.CSS(`#activity-add`)))
	waitFor(t, ctx, "the note on the timeline", `!!document.querySelector('#timeline-items [data-kind="note"]')`)
	if first := eval[string](t, ctx, `document.querySelector('#timeline-items li').dataset.kind`); first != "note" {
		t.Errorf("newest item is a %q, want the note", first)
	}
	if text := eval[string](t, ctx, `document.querySelector('#timeline-items [data-kind="note"]').textContent`); !strings.Contains(text, "Prefers email, not calls.") {
		t.Errorf("note item = %q", text)
	}
	notes, err := st.FindActivities(bg, socialcrm.ActivityFilter{RecordKind: socialcrm.RecordContact, RecordID: "c-1"})
	must(t, err)
	if len(notes) != 1 || notes[0].Body != "Prefers email, not calls." || notes[0].Kind != socialcrm.ActivityNote {
		t.Fatalf("stored activities = %+v", notes)
	}

	do(t, ctx, "choose task", chromedp.SetValue(chromedp.CSS(`#activity-kind`), "task"))
	eval[bool](t, ctx, `document.querySelector("#activity-kind").dispatchEvent(new Event("change"))`)
	waitFor(t, ctx, "task form", `document.querySelector("#activity-add").textContent === "Add task" && !document.querySelector("#activity-due").closest("label").hidden`)
	do(t, ctx, "add a task", chromedp.SendKeys(chromedp.CSS(`#activity-subject`), "Send the renewal offer"),
		chromedp.Click(chromedp.CSS(`#activity-add`)))
	waitFor(t, ctx, "the task on the timeline", `!!document.querySelector('#timeline-items [data-kind="task"] .task-done')`)
	do(t, ctx, "complete the task", chromedp.Click(chromedp.CSS(`#timeline-items [data-kind="task"] .task-done`)))
	waitFor(t, ctx, "the task done", `document.querySelector('#timeline-items [data-kind="task"] .task').dataset.done === "true"`)
	kind := socialcrm.ActivityTask
	tasks, err := st.FindActivities(bg, socialcrm.ActivityFilter{Kind: &kind})
	must(t, err)
	if len(tasks) != 1 || !tasks[0].Done || tasks[0].Subject != "Send the renewal offer" {
		t.Fatalf("stored tasks = %+v", tasks)
	}
	if n := count(t, ctx, `#timeline-items li`); n != 3 {
		t.Errorf("%d timeline items, want the task, the note and the mention", n)
	}
	if path := os.Getenv("SOCIALCRM_TIMELINE_SCREENSHOT"); path != "" {
		eval[bool](t, ctx, `document.querySelector("#timeline").scrollIntoView(), true`)
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		must(t, err)
		must(t, os.WriteFile(path, png, 0o644))
	}

	do(t, ctx, "open the account", chromedp.Navigate(srv.URL+"/accounts/acc-1"), chromedp.WaitVisible(chromedp.CSS(`#activity-form`)))
	waitFor(t, ctx, "the account's timeline lists its contact's mention", `!!document.querySelector('#timeline-items [data-kind="mention"]')`)
	do(t, ctx, "choose call", chromedp.SetValue(chromedp.CSS(`#activity-kind`), "call"))
	eval[bool](t, ctx, `document.querySelector("#activity-kind").dispatchEvent(new Event("change"))`)
	do(t, ctx, "log a call", chromedp.SendKeys(chromedp.CSS(`#activity-subject`), "Quarterly review"),
		chromedp.Click(chromedp.CSS(`#activity-add`)))
	waitFor(t, ctx, "the call on the timeline", `!!document.querySelector('#timeline-items [data-kind="call"]') && !!document.querySelector('#timeline-items [data-kind="mention"]')`)
	calls, err := st.FindActivities(bg, socialcrm.ActivityFilter{RecordKind: socialcrm.RecordAccount, RecordID: "acc-1"})
	must(t, err)
	if len(calls) != 1 || calls[0].Kind != socialcrm.ActivityCall {
		t.Fatalf("account activities = %+v", calls)
	}
}
