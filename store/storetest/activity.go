package storetest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
)

func newActivity(id, kind, recordKind, recordID string, created time.Time) *socialcrm.Activity {
	return &socialcrm.Activity{ID: id, Kind: kind, Subject: "Subject " + id, Body: "Body of " + id,
		RecordKind: recordKind, RecordID: recordID, Author: "u-ana", CreatedAt: created}
}

func activityIDs(as []*socialcrm.Activity) []string {
	ids := []string{}
	for _, a := range as {
		ids = append(ids, a.ID)
	}
	return ids
}

func testActivityStore(t *testing.T, open Open) {
	t.Run("OK", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), context.Background()
		task := newActivity("act-3", socialcrm.ActivityTask, socialcrm.RecordContact, "c-dora", at(3*time.Minute))
		task.DueAt, task.Assignee = ptr(at(time.Hour).Add(1234*time.Nanosecond)), "u-bo"
		before := time.Now()
		for _, a := range []*socialcrm.Activity{
			newActivity("act-1", socialcrm.ActivityNote, socialcrm.RecordContact, "c-dora", at(time.Minute)),
			newActivity("act-2", socialcrm.ActivityCall, socialcrm.RecordAccount, "acc-1", at(2*time.Minute)),
			task,
			newActivity("act-4", socialcrm.ActivityMeeting, socialcrm.RecordContact, "c-dora", at(3*time.Minute)),
			newActivity("act-5", socialcrm.ActivityNote, socialcrm.RecordLead, "lead-1", at(4*time.Minute)),
		} {
			must(t, "create "+a.ID, s.CreateActivity(ctx, a))
		}
		got, err := s.FindActivityByID(ctx, "act-3")
		must(t, "find by id", err)
		recent(t, "updated_at", got.UpdatedAt, before)
		want := *task
		want.DueAt, want.UpdatedAt = ptr(at(time.Hour).Add(time.Microsecond)), got.UpdatedAt
		diff(t, "task", &want, got)
		got.Subject = "changed"
		again, _ := s.FindActivityByID(ctx, "act-3")
		if again.Subject != "Subject act-3" {
			t.Errorf("changing a returned activity changed the store: %q", again.Subject)
		}

		for name, tc := range map[string]struct {
			f    socialcrm.ActivityFilter
			want []string
		}{
			"record":     {socialcrm.ActivityFilter{RecordKind: socialcrm.RecordContact, RecordID: "c-dora"}, []string{"act-4", "act-3", "act-1"}},
			"other kind": {socialcrm.ActivityFilter{RecordKind: socialcrm.RecordAccount, RecordID: "c-dora"}, []string{}},
			"all":        {socialcrm.ActivityFilter{}, []string{"act-5", "act-4", "act-3", "act-2", "act-1"}},
			"until":      {socialcrm.ActivityFilter{Until: at(3 * time.Minute)}, []string{"act-2", "act-1"}},
			"limit":      {socialcrm.ActivityFilter{Limit: 2}, []string{"act-5", "act-4"}},
			"kind":       {socialcrm.ActivityFilter{Kind: ptr(socialcrm.ActivityNote)}, []string{"act-5", "act-1"}},
			"open tasks": {socialcrm.ActivityFilter{Kind: ptr(socialcrm.ActivityTask), Done: ptr(false)}, []string{"act-3"}},
			"assignee":   {socialcrm.ActivityFilter{Assignee: ptr("u-bo")}, []string{"act-3"}},
			"due before": {socialcrm.ActivityFilter{DueBefore: ptr(at(2 * time.Hour))}, []string{"act-3"}},
			"not due":    {socialcrm.ActivityFilter{DueBefore: ptr(at(time.Hour))}, []string{}},
		} {
			got, err := s.FindActivities(ctx, tc.f)
			must(t, name, err)
			diff(t, name, tc.want, activityIDs(got))
		}

		done := *task
		done.Done, done.DoneAt, done.Subject = true, ptr(at(2*time.Hour)), "Call Dora back"
		done.Kind, done.RecordID, done.Author = socialcrm.ActivityNote, "c-other", "u-eve" // kept as stored
		must(t, "update", s.UpdateActivity(ctx, &done))
		got, err = s.FindActivityByID(ctx, "act-3")
		must(t, "find updated", err)
		if !got.Done || !got.DoneAt.Equal(at(2*time.Hour)) || got.Subject != "Call Dora back" || got.Kind != socialcrm.ActivityTask ||
			got.RecordID != "c-dora" || got.Author != "u-ana" || !got.CreatedAt.Equal(at(3*time.Minute)) {
			t.Errorf("updated task = %+v", got)
		}
		open, err := s.FindActivities(ctx, socialcrm.ActivityFilter{Kind: ptr(socialcrm.ActivityTask), Done: ptr(false)})
		must(t, "open tasks after done", err)
		diff(t, "open tasks after done", []string{}, activityIDs(open))

		n, err := s.MoveActivities(ctx, socialcrm.RecordContact, "c-dora", socialcrm.RecordContact, "c-eve")
		must(t, "move", err)
		if n != 3 {
			t.Errorf("moved %d activities, want 3", n)
		}
		moved, err := s.FindActivities(ctx, socialcrm.ActivityFilter{RecordKind: socialcrm.RecordContact, RecordID: "c-eve"})
		must(t, "find moved", err)
		diff(t, "moved", []string{"act-4", "act-3", "act-1"}, activityIDs(moved))
	})
	t.Run("Stamps", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), context.Background()
		before := time.Now()
		must(t, "create", s.CreateActivity(ctx, newActivity("act-1", socialcrm.ActivityNote, socialcrm.RecordContact, "c-1", time.Time{})))
		got, err := s.FindActivityByID(ctx, "act-1")
		must(t, "find", err)
		recent(t, "created_at", got.CreatedAt, before)
		if got.CreatedAt.Location() != time.UTC {
			t.Errorf("created_at %v is not UTC", got.CreatedAt)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), context.Background()
		_, err := s.FindActivityByID(ctx, "act-x")
		wantErr(t, "find", err, socialcrm.ErrNotFound)
		wantErr(t, "update", s.UpdateActivity(ctx, newActivity("act-x", socialcrm.ActivityNote, socialcrm.RecordContact, "c-1", at(0))), socialcrm.ErrNotFound)
	})
	t.Run("ErrConflict", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), context.Background()
		must(t, "create", s.CreateActivity(ctx, newActivity("act-1", socialcrm.ActivityNote, socialcrm.RecordContact, "c-1", at(0))))
		wantErr(t, "same id", s.CreateActivity(ctx, newActivity("act-1", socialcrm.ActivityCall, socialcrm.RecordAccount, "a-1", at(0))), socialcrm.ErrConflict)
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), context.Background()
		for name, change := range map[string]func(a *socialcrm.Activity){
			"no id":           func(a *socialcrm.Activity) { a.ID = "" },
			"unknown kind":    func(a *socialcrm.Activity) { a.Kind = "fax" },
			"unknown record":  func(a *socialcrm.Activity) { a.RecordKind = "planet" },
			"bad record id":   func(a *socialcrm.Activity) { a.RecordID = "../x" },
			"no author":       func(a *socialcrm.Activity) { a.Author = "" },
			"empty":           func(a *socialcrm.Activity) { a.Subject, a.Body = " ", "" },
			"long subject":    func(a *socialcrm.Activity) { a.Subject = strings.Repeat("s", socialcrm.MaxSubjectLen+1) },
			"long body":       func(a *socialcrm.Activity) { a.Body = strings.Repeat("b", socialcrm.MaxBodyLen+1) },
			"due on a note":   func(a *socialcrm.Activity) { a.DueAt = ptr(at(0)) },
			"done note":       func(a *socialcrm.Activity) { a.Done = true },
			"bad assignee id": func(a *socialcrm.Activity) { a.Kind, a.Assignee = socialcrm.ActivityTask, "a b" },
		} {
			a := newActivity("act-1", socialcrm.ActivityNote, socialcrm.RecordContact, "c-1", at(0))
			change(a)
			wantErr(t, name, s.CreateActivity(ctx, a), socialcrm.ErrInvalid)
		}
		at := newActivity("act-1", socialcrm.ActivityNote, socialcrm.RecordContact, "c-1", at(0))
		at.Subject, at.Body = strings.Repeat("s", socialcrm.MaxSubjectLen), strings.Repeat("é", socialcrm.MaxBodyLen)
		must(t, "at the limits", s.CreateActivity(ctx, at))
		if _, err := s.FindActivityByID(ctx, "act-1"); err != nil {
			t.Errorf("the activity at the limits is not stored: %v", err)
		}
		note := *at
		note.Done = true
		wantErr(t, "update a note to done", s.UpdateActivity(ctx, &note), socialcrm.ErrInvalid)
		_, err := s.FindActivities(ctx, socialcrm.ActivityFilter{Limit: -1})
		wantErr(t, "negative limit", err, socialcrm.ErrInvalid)
		_, err = s.FindActivities(ctx, socialcrm.ActivityFilter{Limit: socialcrm.MaxActivityPage + 1})
		wantErr(t, "limit over the page", err, socialcrm.ErrInvalid)
	})
}
