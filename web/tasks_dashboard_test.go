package web_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/store/memory"
	"github.com/socialcrm/socialcrm/web"
)

// TestTasksPage_Browser: "My tasks" lists the open tasks assigned to the
// signed-in agent, overdue first, with their records' names; marking one
// done takes it off the list and stores it done. A task added on a
// contact's timeline is for the signed-in user unless another is picked.
func TestTasksPage_Browser(t *testing.T) {
	st := memory.New()
	ctx0 := t.Context()
	ts := serve(t, &web.Server{Store: st, Stream: web.NewHub()}, st)
	ctx := browser(t, "/ties", "/network", "/ego") // no graph runs beside this server
	me := signIn(t, ctx, ts.URL, st, socialcrm.RoleAgent)
	must(t, st.CreateUser(ctx0, &socialcrm.User{ID: "u-kim", Email: "kim@example.com", Name: "Kim Lee", Role: socialcrm.RoleAgent, Active: true}))
	must(t, st.SaveAccounts(ctx0, &socialcrm.Account{ID: "acc-north", Name: "Northwind Traders"}))
	must(t, st.SaveContacts(ctx0, &socialcrm.Contact{ID: "c-alice", Name: "Alice Martin", AccountID: "acc-north"}))
	now := time.Now()
	task := func(id, assignee, record string, due *time.Time) {
		kind, rid, _ := strings.Cut(record, "/")
		must(t, st.CreateActivity(ctx0, &socialcrm.Activity{ID: id, Kind: socialcrm.ActivityTask, Subject: "Task " + id, DueAt: due,
			Assignee: assignee, RecordKind: kind, RecordID: rid, Author: "u-kim"}))
	}
	at := func(d time.Duration) *time.Time { v := now.Add(d); return &v }
	task("t-soon", me.ID, "contact/c-alice", at(3*time.Hour))
	task("t-late", me.ID, "account/acc-north", at(-30*time.Minute))
	task("t-later", me.ID, "contact/c-alice", at(48*time.Hour))
	task("t-latest", me.ID, "contact/c-alice", at(-5*time.Hour))
	task("t-undated", me.ID, "contact/c-alice", nil)
	task("t-kims", "u-kim", "contact/c-alice", at(-time.Hour))
	task("t-done", me.ID, "contact/c-alice", at(-time.Hour))
	d, _ := st.FindActivityByID(ctx0, "t-done")
	d.Done = true
	must(t, st.UpdateActivity(ctx0, d))

	do(t, ctx, "open my tasks", chromedp.Navigate(ts.URL+"/tasks"), chromedp.WaitVisible(chromedp.CSS(`#tasks li.task-row`)))
	order := eval[[]string](t, ctx, `Array.from(document.querySelectorAll("#tasks li.task-row")).map(li => li.dataset.task + " " + li.dataset.overdue)`)
	want := []string{"t-latest true", "t-late true", "t-soon false", "t-later false", "t-undated false"}
	if strings.Join(order, ",") != strings.Join(want, ",") {
		t.Errorf("my tasks = %q, want %q", order, want)
	}
	waitFor(t, ctx, "record names", `document.querySelector('#tasks [data-task="t-late"] a[data-record]').textContent === "Northwind Traders" &&
		document.querySelector('#tasks [data-task="t-soon"] a[data-record]').textContent === "Alice Martin"`)
	if got := eval[string](t, ctx, `document.querySelector('#tasks [data-task="t-latest"] .case-due').textContent`); !strings.HasPrefix(got, "overdue by 5 h") {
		t.Errorf("t-latest due = %q, want overdue by 5 h", got)
	}
	if got := eval[string](t, ctx, `document.querySelector('nav a[href="/tasks"]').getAttribute("aria-current")`); got != "page" {
		t.Errorf("navigation: My tasks is not the current page (%q)", got)
	}

	do(t, ctx, "mark done", chromedp.Click(chromedp.CSS(`#tasks [data-task="t-latest"] button[data-action="done"]`)))
	waitFor(t, ctx, "done task leaves the list", `!document.querySelector('#tasks [data-task="t-latest"]') && document.querySelectorAll("#tasks li.task-row").length === 4`)
	a, err := st.FindActivityByID(ctx0, "t-latest")
	must(t, err)
	if !a.Done || a.DoneAt == nil {
		t.Errorf("stored task after marking it done on the page = %+v", a)
	}

	// A task added on the contact's timeline is the signed-in user's.
	do(t, ctx, "open the contact", chromedp.Navigate(ts.URL+"/contacts/c-alice"), chromedp.WaitVisible(chromedp.CSS(`#activity-form`)))
	waitFor(t, ctx, "assignee picker", `document.querySelector("#activity-assignee")?.options.length >= 3`)
	do(t, ctx, "pick a task", chromedp.SetValue(chromedp.CSS(`#activity-kind`), "task"))
	eval[bool](t, ctx, `document.querySelector("#activity-kind").dispatchEvent(new Event("change"))`)
	if got := eval[string](t, ctx, `document.querySelector("#activity-assignee").value`); got != me.ID {
		t.Errorf("the task form's assignee = %q, want the signed-in %s", got, me.ID)
	}
	do(t, ctx, "add a task", chromedp.SendKeys(chromedp.CSS(`#activity-subject`), "Send the offer"), chromedp.Click(chromedp.CSS(`#activity-add`)))
	waitFor(t, ctx, "task on the timeline", `Array.from(document.querySelectorAll("#timeline-items .tl-title")).some(x => x.textContent.includes("Send the offer"))`)
	task_ := socialcrm.ActivityTask
	as, err := st.FindActivities(ctx0, socialcrm.ActivityFilter{RecordKind: socialcrm.RecordContact, RecordID: "c-alice", Kind: &task_, Limit: 1})
	must(t, err)
	if len(as) != 1 || as[0].Subject != "Send the offer" || as[0].Assignee != me.ID {
		t.Fatalf("task added on the timeline = %+v, want it assigned to %s", as, me.ID)
	}
	do(t, ctx, "open my tasks again", chromedp.Navigate(ts.URL+"/tasks"), chromedp.WaitVisible(chromedp.CSS(`#tasks li.task-row`)))
	waitFor(t, ctx, "the new task is listed", `!!document.querySelector('#tasks [data-task="`+as[0].ID+`"]')`)
}
