package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/socialcrm/socialcrm"
)

var _ socialcrm.ActivityStore = (*Store)(nil)

// CreateActivity stores a new activity.
func (s *Store) CreateActivity(ctx context.Context, a *socialcrm.Activity) error {
	c := socialcrm.CleanActivity(a)
	if err := c.Validate(); err != nil {
		return fmt.Errorf("postgres: create activity: %w", err)
	}
	now := time.Now()
	_, err := s.pool.Exec(ctx, `INSERT INTO activities (id, kind, subject, body, due_at, done, done_at, assignee,
		record_kind, record_id, author, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, COALESCE($12::timestamptz, $13), $13)`,
		c.ID, c.Kind, c.Subject, c.Body, microPtr(c.DueAt), c.Done, microPtr(c.DoneAt), c.Assignee,
		c.RecordKind, c.RecordID, c.Author, nullTime(micro(c.CreatedAt)), micro(now))
	if _, ok := uniqueViolation(err); ok {
		return fmt.Errorf("postgres: activity %q: id taken: %w", c.ID, socialcrm.ErrConflict)
	}
	if err != nil {
		return fmt.Errorf("postgres: create activity %q: %w", c.ID, rejected(err))
	}
	return nil
}

const selectActivities = `SELECT id, kind, subject, body, due_at, done, done_at, assignee, record_kind, record_id,
	author, created_at, updated_at, reminder FROM activities`

func scanActivity(row pgx.CollectableRow) (*socialcrm.Activity, error) {
	var a socialcrm.Activity
	err := row.Scan(&a.ID, &a.Kind, &a.Subject, &a.Body, &a.DueAt, &a.Done, &a.DoneAt, &a.Assignee,
		&a.RecordKind, &a.RecordID, &a.Author, &a.CreatedAt, &a.UpdatedAt, &a.Reminder)
	a.CreatedAt, a.UpdatedAt = a.CreatedAt.UTC(), a.UpdatedAt.UTC()
	a.DueAt, a.DoneAt = utcPtr(a.DueAt), utcPtr(a.DoneAt)
	if r := a.Reminder; r != nil {
		r.DueAt, r.At, r.SentAt, r.ClaimedAt = r.DueAt.UTC(), r.At.UTC(), utcPtr(r.SentAt), utcPtr(r.ClaimedAt)
	}
	return &a, err
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// FindActivityByID returns the activity, or ErrNotFound.
func (s *Store) FindActivityByID(ctx context.Context, id string) (*socialcrm.Activity, error) {
	id = socialcrm.CleanText(id)
	rows, _ := s.pool.Query(ctx, selectActivities+` WHERE id = $1`, id)
	a, err := pgx.CollectExactlyOneRow(rows, scanActivity)
	if err != nil {
		return nil, notFound(err, "activity", id)
	}
	return a, nil
}

// UpdateActivity changes what a task or note says and whether it is done,
// checking the result against the stored kind and record in one
// transaction.
func (s *Store) UpdateActivity(ctx context.Context, a *socialcrm.Activity) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, selectActivities+` WHERE id = $1 FOR UPDATE`, socialcrm.CleanText(a.ID))
		old, err := pgx.CollectExactlyOneRow(rows, scanActivity)
		if err != nil {
			return notFound(err, "activity", a.ID)
		}
		c := socialcrm.CleanActivity(a)
		c.Kind, c.RecordKind, c.RecordID, c.Author, c.CreatedAt = old.Kind, old.RecordKind, old.RecordID, old.Author, old.CreatedAt
		if err := c.Validate(); err != nil {
			return fmt.Errorf("postgres: update activity: %w", err)
		}
		c.DueAt = microPtr(c.DueAt)
		_, err = tx.Exec(ctx, `UPDATE activities SET subject = $2, body = $3, due_at = $4, done = $5, done_at = $6,
			assignee = $7, updated_at = $8, reminder = $9 WHERE id = $1`,
			c.ID, c.Subject, c.Body, c.DueAt, c.Done, microPtr(c.DoneAt), c.Assignee, micro(time.Now()),
			socialcrm.KeptReminder(old, c))
		if err != nil {
			return fmt.Errorf("postgres: update activity %q: %w", c.ID, rejected(err))
		}
		return nil
	})
}

// FindActivities returns the matching activities, newest first.
func (s *Store) FindActivities(ctx context.Context, f socialcrm.ActivityFilter) ([]*socialcrm.Activity, error) {
	limit, err := f.ActivityLimit()
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	var w where
	if f.RecordKind != "" {
		w.add("record_kind = %s", f.RecordKind)
	}
	if f.RecordID != "" {
		w.add("record_id = %s", f.RecordID)
	}
	w.eq("kind", f.Kind)
	w.eq("assignee", f.Assignee)
	if f.Done != nil {
		w.add("done = %s", *f.Done)
	}
	if f.DueBefore != nil {
		w.add("due_at < %s", *f.DueBefore)
	}
	if !f.Until.IsZero() {
		w.add("created_at < %s", micro(f.Until))
	}
	switch { // in the form the reminder sweep's partial index is used for
	case f.Reminder == nil:
	case *f.Reminder == "":
		w.add("reminder IS NULL")
	default:
		w.add("reminder->>'state' = %s", *f.Reminder)
	}
	rows, _ := s.pool.Query(ctx, selectActivities+w.String()+fmt.Sprintf(` ORDER BY created_at DESC, id DESC LIMIT %d`, limit), w.args...)
	as, err := pgx.CollectRows(rows, scanActivity)
	if err != nil {
		return nil, fmt.Errorf("postgres: find activities: %w", rejected(err))
	}
	return as, nil
}

// MoveActivities moves the activities of one record to another.
func (s *Store) MoveActivities(ctx context.Context, fromKind, fromID, toKind, toID string) (int, error) {
	n, err := moveActivities(ctx, s.pool, fromKind, fromID, toKind, toID)
	if err != nil {
		return 0, fmt.Errorf("postgres: move activities: %w", rejected(err))
	}
	return n, nil
}

// execer runs a statement: the pool, or a transaction.
type execer interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
}

func moveActivities(ctx context.Context, db execer, fromKind, fromID, toKind, toID string) (int, error) {
	tag, err := db.Exec(ctx, `UPDATE activities SET record_kind = $3, record_id = $4 WHERE record_kind = $1 AND record_id = $2`,
		fromKind, socialcrm.CleanText(fromID), toKind, socialcrm.CleanText(toID))
	return int(tag.RowsAffected()), err
}

// SetActivityReminder sets the reminder of a task whose reminder is in
// state prev, in one statement.
func (s *Store) SetActivityReminder(ctx context.Context, id string, r *socialcrm.TaskReminder, prev string) error {
	if err := r.Validate(); err != nil {
		return fmt.Errorf("postgres: activity %q: %w", id, err)
	}
	id = socialcrm.CleanText(id)
	c := *r
	c.DueAt, c.At, c.SentAt, c.ClaimedAt = micro(c.DueAt), micro(c.At), microPtr(c.SentAt), microPtr(c.ClaimedAt)
	tag, err := s.pool.Exec(ctx, `UPDATE activities SET reminder = $2
		WHERE id = $1 AND kind = 'task' AND COALESCE(reminder->>'state', '') = $3`, id, &c, prev)
	if err != nil {
		return fmt.Errorf("postgres: set reminder of activity %q: %w", id, rejected(err))
	}
	if tag.RowsAffected() == 1 {
		return nil
	}
	a, err := s.FindActivityByID(ctx, id)
	switch {
	case err != nil:
		return err
	case a.Kind != socialcrm.ActivityTask:
		return socialcrm.Invalidf("postgres: activity %q: a %s has no reminder", id, a.Kind)
	}
	return fmt.Errorf("postgres: activity %q: reminder is %q, not %q: %w", id, a.ReminderState(), prev, socialcrm.ErrConflict)
}
