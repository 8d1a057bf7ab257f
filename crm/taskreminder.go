package crm

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/socialcrm/socialcrm"
)

// reminderStore is what task reminders need of the store.
type reminderStore interface {
	FindActivities(ctx context.Context, f socialcrm.ActivityFilter) ([]*socialcrm.Activity, error)
	SetActivityReminder(ctx context.Context, id string, r *socialcrm.TaskReminder, prev string) error
}

// TaskReminders tells the assignee of each open task that falls due, once,
// through the alert notifiers. The reminder is recorded on the task
// (pending) before it is sent, and only the process whose record
// succeeded sends it first, so that a restart or a second process does
// not send it again; a failed send is retried at each sweep, ten times at
// most.
type TaskReminders struct {
	store     reminderStore
	notifiers []socialcrm.Notifier
	now       func() time.Time
	log       *slog.Logger
	sent      *prometheus.CounterVec
}

// NewTaskReminders returns the task reminders over store, sent through
// notifiers; now and reg may be nil.
func NewTaskReminders(store reminderStore, notifiers []socialcrm.Notifier, now func() time.Time, logger *slog.Logger,
	reg prometheus.Registerer) (*TaskReminders, error) {
	if now == nil {
		now = time.Now
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	r := &TaskReminders{store: store, notifiers: notifiers, now: now, log: logger.With("component", "task_reminders"),
		sent: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "socialcrm_tasks_reminders_total",
			Help: "Reminders of tasks that fell due, by result (delivered, failed, retry, nobody: no assignee)."}, []string{"result"})}
	if reg != nil {
		if err := reg.Register(r.sent); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// reminderPage is how many tasks a sweep reads at a time.
const reminderPage = 200

// Sweep records a reminder on every open task due by now that has none,
// then sends the pending ones (up to socialcrm.MaxActivityPage a sweep).
func (r *TaskReminders) Sweep(ctx context.Context) error {
	now := r.now().UTC()
	task, open, none := socialcrm.ActivityTask, false, ""
	for {
		due, err := r.store.FindActivities(ctx, socialcrm.ActivityFilter{Kind: &task, Done: &open, DueBefore: &now,
			Reminder: &none, Limit: reminderPage})
		if err != nil {
			return fmt.Errorf("crm: task reminders: %w", err)
		}
		for _, a := range due {
			rem := &socialcrm.TaskReminder{DueAt: *a.DueAt, Recipient: a.Assignee, At: now, State: socialcrm.NoticePending}
			if a.Assignee == "" {
				rem.State = socialcrm.ReminderNobody
				r.sent.WithLabelValues("nobody").Inc()
			}
			err := r.store.SetActivityReminder(ctx, a.ID, rem, "")
			if err != nil && !errors.Is(err, socialcrm.ErrConflict) && !errors.Is(err, socialcrm.ErrNotFound) {
				return fmt.Errorf("crm: task reminders: %w", err)
			}
		}
		if len(due) < reminderPage {
			break
		}
	}
	pending := socialcrm.NoticePending
	as, err := r.store.FindActivities(ctx, socialcrm.ActivityFilter{Kind: &task, Done: &open, Reminder: &pending,
		Limit: socialcrm.MaxActivityPage})
	if err != nil {
		return fmt.Errorf("crm: task reminders: %w", err)
	}
	var errs []error
	for _, a := range as {
		if err := r.deliver(ctx, a); err != nil && !errors.Is(err, socialcrm.ErrConflict) && !errors.Is(err, socialcrm.ErrNotFound) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// deliver sends the pending reminder of a and records the outcome.
func (r *TaskReminders) deliver(ctx context.Context, a *socialcrm.Activity) error {
	now := r.now().UTC()
	rem := *a.Reminder
	rem.Attempts++
	alert := reminderAlert(a, &rem, now)
	var errs []string
	retry := false
	for _, n := range r.notifiers {
		again, err := n.Notify(ctx, alert)
		if err != nil {
			errs = append(errs, n.Name()+": "+err.Error())
			retry = retry || again
		}
	}
	msg := strings.Join(errs, "; ")
	if len(msg) > socialcrm.MaxReminderErrorLen {
		msg = msg[:socialcrm.MaxReminderErrorLen]
	}
	switch {
	case len(errs) == 0:
		rem.State, rem.Error, rem.SentAt = socialcrm.NoticeDelivered, "", &now
		r.sent.WithLabelValues("delivered").Inc()
	case retry && rem.Attempts < maxNoticeAttempts:
		rem.Error = msg
		r.sent.WithLabelValues("retry").Inc()
	default:
		rem.State, rem.Error = socialcrm.NoticeFailed, msg
		r.sent.WithLabelValues("failed").Inc()
		r.log.Warn("task reminder not delivered", "activity_id", a.ID, "assignee", a.Assignee, "err", msg)
	}
	return r.store.SetActivityReminder(ctx, a.ID, &rem, socialcrm.NoticePending)
}

// reminderAlert is what the notifiers get of a reminder. Its ID is stable
// per task and due time, so that a receiver can drop a repeat.
func reminderAlert(a *socialcrm.Activity, rem *socialcrm.TaskReminder, now time.Time) *socialcrm.Alert {
	subject := a.Subject
	if subject == "" {
		subject, _, _ = strings.Cut(a.Body, "\n")
		if len(subject) > socialcrm.MaxSubjectLen {
			subject = subject[:socialcrm.MaxSubjectLen]
		}
	}
	return &socialcrm.Alert{V: 1, ID: fmt.Sprintf("task/%s/%d", a.ID, rem.DueAt.Unix()), Reason: socialcrm.ReasonTaskDue,
		Severity: socialcrm.SeverityInfo, Status: socialcrm.AlertFiring, Start: rem.DueAt, End: now,
		CreatedAt: rem.At, UpdatedAt: now, Task: &socialcrm.TaskNotice{TaskID: a.ID, Subject: subject,
			RecordKind: a.RecordKind, RecordID: a.RecordID, Assignee: rem.Recipient, DueAt: rem.DueAt}}
}
