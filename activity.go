package socialcrm

import (
	"context"
	"slices"
	"strings"
	"time"
)

// Activity kinds: what a CRM user did or plans to do about a record.
const (
	ActivityNote    = "note"
	ActivityTask    = "task"
	ActivityCall    = "call"
	ActivityMeeting = "meeting"
	ActivityEmail   = "email"
	ActivityMessage = "message"
)

// ActivityKinds lists every activity kind.
var ActivityKinds = []string{ActivityNote, ActivityTask, ActivityCall, ActivityMeeting, ActivityEmail, ActivityMessage}

// Record kinds: what an activity, a timeline or an audit target is about.
// A record is named by its kind and its ID, so that every kind of record
// shares activities and the timeline.
const (
	RecordContact     = "contact"
	RecordAccount     = "account"
	RecordLead        = "lead"
	RecordOpportunity = "opportunity"
	RecordCase        = "case"
)

// RecordKinds lists every record kind an activity may be about.
var RecordKinds = []string{RecordContact, RecordAccount, RecordLead, RecordOpportunity, RecordCase}

// Limits on the fields of an activity, in characters.
const (
	MaxSubjectLen = 200
	MaxBodyLen    = 10_000
)

// Activity is a note, a task, a logged call, meeting, email or message on
// a record (RecordKind and RecordID). Only tasks have a due time and are
// done; Author and Assignee are user IDs (Author may be "token:" and a
// token ID).
type Activity struct {
	ID         string     `json:"id"`
	Kind       string     `json:"kind"`
	Subject    string     `json:"subject,omitempty"`
	Body       string     `json:"body,omitempty"`
	DueAt      *time.Time `json:"due_at,omitempty"`
	Done       bool       `json:"done"`
	DoneAt     *time.Time `json:"done_at,omitempty"`
	Assignee   string     `json:"assignee,omitempty"`
	RecordKind string     `json:"record_kind"`
	RecordID   string     `json:"record_id"`
	Author     string     `json:"author"`
	CreatedAt  time.Time  `json:"created_at"`
	UpdatedAt  time.Time  `json:"updated_at"`
	// Reminder is the notice the assignee of a task gets when it falls
	// due, recorded before it is sent; stores set it only through
	// SetActivityReminder, and clear it when the due time or the
	// assignee changes.
	Reminder *TaskReminder `json:"reminder,omitempty"`
}

// ReasonTaskDue is the alert reason of task reminders sent through the
// notifiers.
const ReasonTaskDue = "task_due"

// ReminderNobody is the state of the reminder of a task that fell due with
// nobody assigned: none is sent (assigning it clears the mark, and the new
// assignee is reminded).
const ReminderNobody = "nobody"

// ReminderSending is the state of a reminder one process claimed to send
// it (ClaimedAt), so that no other sends it too.
const ReminderSending = "sending"

// TaskReminder is the one notice the assignee of a task gets when it
// falls due. Its State is NoticePending until a process claims it
// (ReminderSending), then NoticeDelivered once every notifier took it,
// NoticePending again for a retry, or NoticeFailed for good; or
// ReminderNobody.
type TaskReminder struct {
	DueAt     time.Time  `json:"due_at"` // the due time it reminds of
	Recipient string     `json:"recipient,omitempty"`
	At        time.Time  `json:"at"` // when it was recorded
	State     string     `json:"state"`
	Attempts  int        `json:"attempts"`
	Error     string     `json:"error,omitempty"`
	SentAt    *time.Time `json:"sent_at,omitempty"`
	ClaimedAt *time.Time `json:"claimed_at,omitempty"` // while sending
}

// MaxReminderErrorLen bounds TaskReminder.Error, in bytes.
const MaxReminderErrorLen = 1000

// TaskNotice is what the notifiers get of a task that fell due
// (Alert.Task).
type TaskNotice struct {
	TaskID     string    `json:"task_id"`
	Subject    string    `json:"subject"`
	RecordKind string    `json:"record_kind"`
	RecordID   string    `json:"record_id"`
	Assignee   string    `json:"assignee"`
	DueAt      time.Time `json:"due_at"`
}

// Validate reports the first reason a cannot be stored: an ID, kind or
// record that is missing or unknown, no subject and no body, a field over
// its limit, or a due time, a done mark or an assignee on anything but a
// task.
func (a *Activity) Validate() error {
	if err := ValidID("activity", a.ID); err != nil {
		return err
	}
	if !slices.Contains(ActivityKinds, a.Kind) {
		return Invalidf("activity %q: kind %q is not one of %s", a.ID, a.Kind, strings.Join(ActivityKinds, ", "))
	}
	if !slices.Contains(RecordKinds, a.RecordKind) {
		return Invalidf("activity %q: record_kind %q is not one of %s", a.ID, a.RecordKind, strings.Join(RecordKinds, ", "))
	}
	if err := ValidID(a.RecordKind, a.RecordID); err != nil {
		return Invalidf("activity %q: record_id: %v", a.ID, err)
	}
	if a.Author == "" || len(a.Author) > MaxHandleBytes {
		return Invalidf("activity %q: author is required, at most %d bytes", a.ID, MaxHandleBytes)
	}
	if strings.TrimSpace(a.Subject) == "" && strings.TrimSpace(a.Body) == "" {
		return Invalidf("activity %q: subject or body is required", a.ID)
	}
	if err := maxLen("subject", a.Subject, MaxSubjectLen); err != nil {
		return Invalidf("activity %q: %v", a.ID, err)
	}
	if err := maxLen("body", a.Body, MaxBodyLen); err != nil {
		return Invalidf("activity %q: %v", a.ID, err)
	}
	if a.Assignee != "" {
		if err := ValidID("assignee", a.Assignee); err != nil {
			return Invalidf("activity %q: %v", a.ID, err)
		}
	}
	if a.Kind != ActivityTask && (a.DueAt != nil || a.Done || a.DoneAt != nil || a.Assignee != "") {
		return Invalidf("activity %q: due_at, done and assignee are for tasks, not a %s", a.ID, a.Kind)
	}
	return nil
}

// Overdue reports whether a is a task not done and due before now.
func (a *Activity) Overdue(now time.Time) bool {
	return a.Kind == ActivityTask && !a.Done && a.DueAt != nil && a.DueAt.Before(now)
}

// ActivityFilter selects activities; nil and empty fields do not filter.
// Until selects CreatedAt < Until; DueBefore selects tasks due before it.
type ActivityFilter struct {
	RecordKind string
	RecordID   string
	Kind       *string
	Done       *bool
	Assignee   *string
	DueBefore  *time.Time
	// Reminder selects tasks by the state of their reminder, "" for
	// those without one.
	Reminder *string
	Until    time.Time
	Limit    int // 0 means 50; at most 1000
}

// MaxActivityPage bounds ActivityFilter.Limit.
const MaxActivityPage = 1000

// ActivityStore keeps activities.
type ActivityStore interface {
	// CreateActivity stores a new activity, setting CreatedAt (when zero)
	// and UpdatedAt. Returns ErrInvalid (see Activity.Validate) and
	// ErrConflict when the ID is taken.
	CreateActivity(ctx context.Context, a *Activity) error
	// FindActivityByID returns ErrNotFound if no activity has that ID.
	FindActivityByID(ctx context.Context, id string) (*Activity, error)
	// UpdateActivity replaces the subject, body, due time, done mark,
	// done time and assignee of the stored activity with a's, and sets
	// its UpdatedAt; its kind, record, author and CreatedAt stay. Returns
	// ErrNotFound, or ErrInvalid when the result is invalid.
	UpdateActivity(ctx context.Context, a *Activity) error
	// FindActivities returns the matching activities, newest first
	// (CreatedAt, then ID, descending). A negative Limit, or one over
	// MaxActivityPage, is ErrInvalid.
	FindActivities(ctx context.Context, f ActivityFilter) ([]*Activity, error)
	// MoveActivities moves every activity of one record to another and
	// returns how many moved.
	MoveActivities(ctx context.Context, fromKind, fromID, toKind, toID string) (int, error)
	// SetActivityReminder sets the reminder of task id to r when its
	// stored reminder's state is prev ("" for none), in one step, so
	// that of several processes only one records or settles it. Returns
	// ErrNotFound, ErrConflict when the state is not prev, and ErrInvalid
	// when id is no task or r is nil or invalid.
	SetActivityReminder(ctx context.Context, id string, r *TaskReminder, prev string) error
}

// ReminderState returns the state of the reminder of a, "" for none.
func (a *Activity) ReminderState() string {
	if a.Reminder == nil {
		return ""
	}
	return a.Reminder.State
}

// Validate reports whether r can be stored.
func (r *TaskReminder) Validate() error {
	switch {
	case r == nil:
		return Invalidf("task reminder: missing")
	case !slices.Contains([]string{NoticePending, ReminderSending, NoticeDelivered, NoticeFailed, ReminderNobody}, r.State):
		return Invalidf("task reminder: state %q is not one of pending, sending, delivered, failed, nobody", r.State)
	case len(r.Error) > MaxReminderErrorLen:
		return Invalidf("task reminder: error over %d bytes", MaxReminderErrorLen)
	case len(r.Recipient) > MaxHandleBytes:
		return Invalidf("task reminder: recipient over %d bytes", MaxHandleBytes)
	}
	return nil
}

// Matches reports whether a passes f (Limit aside).
func (f ActivityFilter) Matches(a *Activity) bool {
	return (f.RecordKind == "" || a.RecordKind == f.RecordKind) && (f.RecordID == "" || a.RecordID == f.RecordID) &&
		(f.Kind == nil || a.Kind == *f.Kind) && (f.Done == nil || a.Done == *f.Done) &&
		(f.Assignee == nil || a.Assignee == *f.Assignee) &&
		(f.DueBefore == nil || (a.DueAt != nil && a.DueAt.Before(*f.DueBefore))) &&
		(f.Reminder == nil || a.ReminderState() == *f.Reminder) &&
		(f.Until.IsZero() || a.CreatedAt.Before(f.Until))
}

// ActivityLimit returns the page size of f, or ErrInvalid.
func (f ActivityFilter) ActivityLimit() (int, error) {
	switch {
	case f.Limit < 0 || f.Limit > MaxActivityPage:
		return 0, Invalidf("activity limit %d is not within 0…%d", f.Limit, MaxActivityPage)
	case f.Limit == 0:
		return 50, nil
	}
	return f.Limit, nil
}

// CleanActivity returns a copy of a with its text cleaned (see CleanText).
func CleanActivity(a *Activity) *Activity {
	c := *a
	for _, p := range []*string{&c.ID, &c.Kind, &c.Subject, &c.Body, &c.Assignee, &c.RecordKind, &c.RecordID, &c.Author} {
		*p = CleanText(*p)
	}
	return &c
}

// KeptReminder returns the reminder an update of old to a keeps: old's,
// unless the due time or the assignee changed (then a new one is due).
func KeptReminder(old, a *Activity) *TaskReminder {
	sameDue := (old.DueAt == nil) == (a.DueAt == nil) && (old.DueAt == nil || old.DueAt.Equal(*a.DueAt))
	if !sameDue || old.Assignee != a.Assignee {
		return nil
	}
	return old.Reminder
}
