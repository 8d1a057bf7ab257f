package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
)

// testActivityReminder: a task's reminder is recorded once from "none",
// settled from pending, selected by state, kept by an update that leaves
// the due time and assignee alone and cleared by one that changes either.
func testActivityReminder(t *testing.T, open Open) {
	t.Parallel()
	s, ctx := open(t), context.Background()
	task := newActivity("act-r1", socialcrm.ActivityTask, socialcrm.RecordContact, "c-dora", at(time.Minute))
	task.DueAt, task.Assignee = ptr(at(time.Hour)), "u-bo"
	other := newActivity("act-r2", socialcrm.ActivityTask, socialcrm.RecordContact, "c-dora", at(2*time.Minute))
	other.DueAt = ptr(at(2 * time.Hour))
	note := newActivity("act-r3", socialcrm.ActivityNote, socialcrm.RecordContact, "c-dora", at(3*time.Minute))
	for _, a := range []*socialcrm.Activity{task, other, note} {
		must(t, "create "+a.ID, s.CreateActivity(ctx, a))
	}
	pending := &socialcrm.TaskReminder{DueAt: at(time.Hour), Recipient: "u-bo", At: at(61 * time.Minute), State: socialcrm.NoticePending}
	must(t, "record", s.SetActivityReminder(ctx, "act-r1", pending, ""))
	if err := s.SetActivityReminder(ctx, "act-r1", pending, ""); !errors.Is(err, socialcrm.ErrConflict) {
		t.Errorf("recording twice: %v, want ErrConflict", err)
	}
	for name, err := range map[string]error{
		"unknown": s.SetActivityReminder(ctx, "act-nope", pending, ""),
		"note":    s.SetActivityReminder(ctx, "act-r3", pending, ""),
		"nil":     s.SetActivityReminder(ctx, "act-r2", nil, ""),
		"state":   s.SetActivityReminder(ctx, "act-r2", &socialcrm.TaskReminder{State: "sent?"}, ""),
	} {
		want := socialcrm.ErrInvalid
		if name == "unknown" {
			want = socialcrm.ErrNotFound
		}
		if !errors.Is(err, want) {
			t.Errorf("%s: %v, want %v", name, err, want)
		}
	}
	got, err := s.FindActivityByID(ctx, "act-r1")
	must(t, "find", err)
	diff(t, "recorded reminder", pending, got.Reminder)

	byState := func(state string) []string {
		t.Helper()
		task := socialcrm.ActivityTask
		as, err := s.FindActivities(ctx, socialcrm.ActivityFilter{Kind: &task, Reminder: &state})
		must(t, "find by reminder "+state, err)
		return activityIDs(as)
	}
	diff(t, "pending", []string{"act-r1"}, byState(socialcrm.NoticePending))
	diff(t, "none", []string{"act-r2"}, byState(""))

	// An update of the subject keeps it; the reminder given with it is
	// ignored.
	got.Subject, got.Reminder = "call back", nil
	must(t, "update subject", s.UpdateActivity(ctx, got))
	got, _ = s.FindActivityByID(ctx, "act-r1")
	diff(t, "reminder after a subject change", pending, got.Reminder)

	sent := *pending
	sent.State, sent.Attempts, sent.SentAt = socialcrm.NoticeDelivered, 1, ptr(at(62*time.Minute))
	if err := s.SetActivityReminder(ctx, "act-r1", &sent, ""); !errors.Is(err, socialcrm.ErrConflict) {
		t.Errorf("settling from the wrong state: %v, want ErrConflict", err)
	}
	must(t, "settle", s.SetActivityReminder(ctx, "act-r1", &sent, socialcrm.NoticePending))
	got, _ = s.FindActivityByID(ctx, "act-r1")
	diff(t, "settled reminder", &sent, got.Reminder)
	diff(t, "pending after settling", []string{}, byState(socialcrm.NoticePending))

	// Moving the due time clears it, and so does a new assignee.
	got.DueAt = ptr(at(3 * time.Hour))
	must(t, "move due", s.UpdateActivity(ctx, got))
	got, _ = s.FindActivityByID(ctx, "act-r1")
	if got.Reminder != nil {
		t.Errorf("reminder after the due time moved: %+v, want none", got.Reminder)
	}
	must(t, "record again", s.SetActivityReminder(ctx, "act-r2", &socialcrm.TaskReminder{DueAt: at(2 * time.Hour),
		At: at(3 * time.Hour), State: socialcrm.ReminderNobody}, ""))
	got, _ = s.FindActivityByID(ctx, "act-r2")
	got.Assignee = "u-bo"
	must(t, "assign", s.UpdateActivity(ctx, got))
	got, _ = s.FindActivityByID(ctx, "act-r2")
	if got.Reminder != nil {
		t.Errorf("reminder after assigning: %+v, want none", got.Reminder)
	}
}
