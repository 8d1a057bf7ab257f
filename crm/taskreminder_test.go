package crm_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/alerts/webhook"
	"github.com/socialcrm/socialcrm/crm"
	"github.com/socialcrm/socialcrm/store/memory"
)

// TestTaskReminders: a task that falls due reminds its assignee once, over
// a real webhook; a receiver that fails is retried at the next sweep;
// another process (or a restart) over the same store sends nothing again;
// a task moved later is reminded again when it falls due; an unassigned
// task reminds nobody until it is assigned.
func TestTaskReminders(t *testing.T) {
	ctx := context.Background()
	var mu sync.Mutex
	var got []socialcrm.Alert
	fail := false
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		if fail {
			http.Error(w, "down", http.StatusServiceUnavailable)
			return
		}
		var a socialcrm.Alert
		b, _ := io.ReadAll(req.Body)
		if err := json.Unmarshal(b, &a); err != nil || a.Task == nil || a.Reason != socialcrm.ReasonTaskDue {
			t.Errorf("webhook body %s: %v, want a task reminder", b, err)
		}
		got = append(got, a)
	}))
	defer srv.Close()
	received := func() []string {
		mu.Lock()
		defer mu.Unlock()
		var out []string
		for _, a := range got {
			out = append(out, a.Task.TaskID+" "+a.Task.Assignee+" "+a.Task.Subject)
		}
		return out
	}
	st := memory.New()
	now := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	newReminders := func() *crm.TaskReminders {
		r, err := crm.NewTaskReminders(st, []socialcrm.Notifier{webhook.New(srv.URL, "secret", nil)}, clock, nil, prometheus.NewRegistry())
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	task := func(id, assignee string, due time.Time) {
		must(st.CreateActivity(ctx, &socialcrm.Activity{ID: id, Kind: socialcrm.ActivityTask, Subject: "Call " + id, DueAt: &due,
			Assignee: assignee, RecordKind: socialcrm.RecordContact, RecordID: "c-1", Author: "u-ana"}))
	}
	task("t-due", "u-sam", now.Add(-time.Minute))
	task("t-later", "u-sam", now.Add(time.Hour))
	task("t-nobody", "", now.Add(-time.Hour))
	must(st.CreateActivity(ctx, &socialcrm.Activity{ID: "t-note", Kind: socialcrm.ActivityNote, Body: "note", RecordKind: socialcrm.RecordContact,
		RecordID: "c-1", Author: "u-ana"}))

	fail = true
	r := newReminders()
	must(r.Sweep(ctx))
	a, _ := st.FindActivityByID(ctx, "t-due")
	if a.Reminder == nil || a.Reminder.State != socialcrm.NoticePending || a.Reminder.Attempts != 1 || a.Reminder.Error == "" {
		t.Fatalf("reminder after a failed send: %+v, want pending with the error", a.Reminder)
	}
	if n, _ := st.FindActivityByID(ctx, "t-nobody"); n.Reminder == nil || n.Reminder.State != socialcrm.ReminderNobody {
		t.Errorf("unassigned task's reminder: %+v, want nobody", n.Reminder)
	}
	mu.Lock()
	fail = false
	mu.Unlock()
	must(r.Sweep(ctx))
	if g := received(); len(g) != 1 || g[0] != "t-due u-sam Call t-due" {
		t.Fatalf("received %q, want one reminder of t-due for u-sam", g)
	}
	a, _ = st.FindActivityByID(ctx, "t-due")
	if a.Reminder.State != socialcrm.NoticeDelivered || a.Reminder.Attempts != 2 || a.Reminder.SentAt == nil {
		t.Errorf("reminder after delivery: %+v", a.Reminder)
	}
	// A restart, or a second process: nothing again.
	must(newReminders().Sweep(ctx))
	must(r.Sweep(ctx))
	if g := received(); len(g) != 1 {
		t.Fatalf("received %q after more sweeps, want still one", g)
	}
	// The later task falls due; the unassigned one gets an assignee.
	now = now.Add(2 * time.Hour)
	n, _ := st.FindActivityByID(ctx, "t-nobody")
	n.Assignee = "u-kim"
	must(st.UpdateActivity(ctx, n))
	must(newReminders().Sweep(ctx))
	if g := received(); len(g) != 3 || g[1] == g[2] {
		t.Fatalf("received %q, want t-later and t-nobody reminded too", g)
	}
	// Moved later and due again: one more reminder; done tasks none.
	a, _ = st.FindActivityByID(ctx, "t-due")
	a.DueAt = ptrTime(now.Add(time.Minute))
	must(st.UpdateActivity(ctx, a))
	l, _ := st.FindActivityByID(ctx, "t-later")
	l.DueAt, l.Done = ptrTime(now.Add(time.Minute)), true
	must(st.UpdateActivity(ctx, l))
	now = now.Add(time.Hour)
	must(r.Sweep(ctx))
	if g := received(); len(g) != 4 || g[3] != "t-due u-sam Call t-due" {
		t.Fatalf("received %q, want t-due reminded again for its new due time, and nothing of the done task", g)
	}
}

// TestTaskReminders_Claimed: a reminder another process claimed is not
// sent while its claim is fresh; once the claim is stale (that process
// stopped while sending), it is marked failed and never sent again.
func TestTaskReminders_Claimed(t *testing.T) {
	ctx := context.Background()
	var mu sync.Mutex
	sent := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		mu.Lock()
		sent++
		mu.Unlock()
	}))
	defer srv.Close()
	st := memory.New()
	now := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	due := now.Add(-time.Hour)
	if err := st.CreateActivity(ctx, &socialcrm.Activity{ID: "t-1", Kind: socialcrm.ActivityTask, Subject: "Call", DueAt: &due,
		Assignee: "u-sam", RecordKind: socialcrm.RecordContact, RecordID: "c-1", Author: "u-ana"}); err != nil {
		t.Fatal(err)
	}
	claimed := now.Add(-time.Minute)
	if err := st.SetActivityReminder(ctx, "t-1", &socialcrm.TaskReminder{DueAt: due, Recipient: "u-sam", At: claimed,
		State: socialcrm.ReminderSending, ClaimedAt: &claimed}, ""); err != nil {
		t.Fatal(err)
	}
	r, err := crm.NewTaskReminders(st, []socialcrm.Notifier{webhook.New(srv.URL, "secret", nil)}, func() time.Time { return now }, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Sweep(ctx); err != nil {
		t.Fatal(err)
	}
	a, _ := st.FindActivityByID(ctx, "t-1")
	if a.Reminder.State != socialcrm.ReminderSending || sent != 0 {
		t.Fatalf("fresh claim: reminder %+v, %d sent; want it left to its sender", a.Reminder, sent)
	}
	now = now.Add(10 * time.Minute)
	for range 2 {
		if err := r.Sweep(ctx); err != nil {
			t.Fatal(err)
		}
	}
	a, _ = st.FindActivityByID(ctx, "t-1")
	if a.Reminder.State != socialcrm.NoticeFailed || a.Reminder.Error == "" || sent != 0 {
		t.Fatalf("stale claim: reminder %+v, %d sent; want failed and not sent", a.Reminder, sent)
	}
}

func ptrTime(t time.Time) *time.Time { return &t }
