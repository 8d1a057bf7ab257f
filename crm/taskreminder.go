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
// (pending) before it is sent, and claimed (sending) by the one process
// that sends it, so that a restart or a second process does not send it
// again; a failed send is retried at each sweep, ten times at most; one
// whose process stopped while sending is marked failed, not sent again.
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
			Help: "Reminders of tasks that fell due, by result (delivered, failed, retry, nobody: no assignee, abandoned: its sender stopped)."}, []string{"result"})}
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
	if err := r.abandon(ctx, now); err != nil {
		return err
	}
	pending := socialcrm.NoticePending
	as, err := r.store.FindActivities(ctx, socialcrm.ActivityFilter{Kind: &task, Done: &open, Reminder: &pending,
		Limit: socialcrm.MaxActivityPage})
	if err != nil {
		return fmt.Errorf("crm: task reminders: %w", err)
	}
	var errs []error
	for _, a := range as {
		// Claim it first: of several processes, one sends it.
		claimed := *a.Reminder
		claimed.State, claimed.ClaimedAt = socialcrm.ReminderSending, &now
		if err := r.store.SetActivityReminder(ctx, a.ID, &claimed, socialcrm.NoticePending); err != nil {
			if !errors.Is(err, socialcrm.ErrConflict) && !errors.Is(err, socialcrm.ErrNotFound) {
				errs = append(errs, err)
			}
			continue
		}
		a.Reminder = &claimed
		if err := r.deliver(ctx, a); err != nil && !errors.Is(err, socialcrm.ErrConflict) && !errors.Is(err, socialcrm.ErrNotFound) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// claimTimeout is how long a reminder may stay claimed: past it, the
// process that claimed it stopped while sending.
const claimTimeout = 5 * time.Minute

// abandon marks failed the reminders claimed longer than claimTimeout
// ago: their process stopped while sending, and the reminder may have gone
// out, so it is not sent again.
func (r *TaskReminders) abandon(ctx context.Context, now time.Time) error {
	task, open, sending := socialcrm.ActivityTask, false, socialcrm.ReminderSending
	as, err := r.store.FindActivities(ctx, socialcrm.ActivityFilter{Kind: &task, Done: &open, Reminder: &sending,
		Limit: socialcrm.MaxActivityPage})
	if err != nil {
		return fmt.Errorf("crm: task reminders: %w", err)
	}
	for _, a := range as {
		rem := *a.Reminder
		if rem.ClaimedAt != nil && now.Sub(*rem.ClaimedAt) < claimTimeout {
			continue
		}
		rem.State, rem.ClaimedAt = socialcrm.NoticeFailed, nil
		rem.Error = "the process sending it stopped before recording the outcome; not sent again, since it may have gone out"
		err := r.store.SetActivityReminder(ctx, a.ID, &rem, socialcrm.ReminderSending)
		if err != nil && !errors.Is(err, socialcrm.ErrConflict) && !errors.Is(err, socialcrm.ErrNotFound) {
			return fmt.Errorf("crm: task reminders: %w", err)
		}
		r.sent.WithLabelValues("abandoned").Inc()
		r.log.Warn("task reminder abandoned", "activity_id", a.ID)
	}
	return nil
}

// deliver sends the claimed reminder of a and records the outcome, even
// when ctx ends meanwhile (a shutdown): a send it cut short goes back to
// pending.
func (r *TaskReminders) deliver(ctx context.Context, a *socialcrm.Activity) error {
	now := r.now().UTC()
	rem := *a.Reminder
	rem.Attempts++
	rem.ClaimedAt = nil
	alert := reminderAlert(a, &rem, now)
	var errs []string
	retry := false
	for _, n := range r.notifiers {
		again, err := n.Notify(ctx, alert)
		if err != nil {
			errs = append(errs, n.Name()+": "+err.Error())
			retry = retry || again || ctx.Err() != nil
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
		rem.State, rem.Error = socialcrm.NoticePending, msg
		r.sent.WithLabelValues("retry").Inc()
	default:
		rem.State, rem.Error = socialcrm.NoticeFailed, msg
		r.sent.WithLabelValues("failed").Inc()
		r.log.Warn("task reminder not delivered", "activity_id", a.ID, "assignee", a.Assignee, "err", msg)
	}
	settle, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	return r.store.SetActivityReminder(settle, a.ID, &rem, socialcrm.ReminderSending)
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
