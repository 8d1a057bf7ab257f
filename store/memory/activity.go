package memory

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/socialcrm/socialcrm"
)

var _ socialcrm.ActivityStore = (*Store)(nil)

func copyActivity(a *socialcrm.Activity) *socialcrm.Activity {
	c := *a
	c.CreatedAt, c.UpdatedAt = norm(a.CreatedAt), norm(a.UpdatedAt)
	c.DueAt, c.DoneAt = normPtr(a.DueAt), normPtr(a.DoneAt)
	if a.Reminder != nil {
		r := *a.Reminder
		r.DueAt, r.At, r.SentAt, r.ClaimedAt = norm(r.DueAt), norm(r.At), normPtr(r.SentAt), normPtr(r.ClaimedAt)
		c.Reminder = &r
	}
	return &c
}

// CreateActivity stores a new activity.
func (s *Store) CreateActivity(ctx context.Context, a *socialcrm.Activity) error {
	c := socialcrm.CleanActivity(a)
	if err := c.Validate(); err != nil {
		return fmt.Errorf("memory: create activity: %w", err)
	}
	if err := s.lock(); err != nil {
		return err
	}
	defer s.mu.Unlock()
	if s.activities[c.ID] != nil {
		return fmt.Errorf("memory: activity %q: id taken: %w", c.ID, socialcrm.ErrConflict)
	}
	now := norm(time.Now())
	c.UpdatedAt, c.Reminder = time.Time{}, nil
	stamp(&c.CreatedAt, &c.UpdatedAt, nil, now)
	s.activities[c.ID] = copyActivity(c)
	return nil
}

// FindActivityByID returns the activity, or ErrNotFound.
func (s *Store) FindActivityByID(ctx context.Context, id string) (*socialcrm.Activity, error) {
	return findByID(s, s.activities, "activity", id, copyActivity)
}

// UpdateActivity changes what a task or note says and whether it is done.
func (s *Store) UpdateActivity(ctx context.Context, a *socialcrm.Activity) error {
	if err := s.lock(); err != nil {
		return err
	}
	defer s.mu.Unlock()
	old := s.activities[socialcrm.CleanText(a.ID)]
	if old == nil {
		return fmt.Errorf("memory: activity %q: %w", a.ID, socialcrm.ErrNotFound)
	}
	c := socialcrm.CleanActivity(a)
	c.Kind, c.RecordKind, c.RecordID, c.Author, c.CreatedAt = old.Kind, old.RecordKind, old.RecordID, old.Author, old.CreatedAt
	if err := c.Validate(); err != nil {
		return fmt.Errorf("memory: update activity: %w", err)
	}
	c.UpdatedAt = norm(time.Now())
	c.DueAt = normPtr(c.DueAt)
	c.Reminder = socialcrm.KeptReminder(old, c)
	s.activities[c.ID] = copyActivity(c)
	return nil
}

// SetActivityReminder sets the reminder of a task whose reminder is in
// state prev.
func (s *Store) SetActivityReminder(ctx context.Context, id string, r *socialcrm.TaskReminder, prev string) error {
	if err := r.Validate(); err != nil {
		return fmt.Errorf("memory: activity %q: %w", id, err)
	}
	if err := s.lock(); err != nil {
		return err
	}
	defer s.mu.Unlock()
	a := s.activities[socialcrm.CleanText(id)]
	switch {
	case a == nil:
		return fmt.Errorf("memory: activity %q: %w", id, socialcrm.ErrNotFound)
	case a.Kind != socialcrm.ActivityTask:
		return socialcrm.Invalidf("memory: activity %q: a %s has no reminder", id, a.Kind)
	case a.ReminderState() != prev:
		return fmt.Errorf("memory: activity %q: reminder is %q, not %q: %w", id, a.ReminderState(), prev, socialcrm.ErrConflict)
	}
	c := *a
	c.Reminder = r
	s.activities[c.ID] = copyActivity(&c)
	return nil
}

// FindActivities returns the matching activities, newest first.
func (s *Store) FindActivities(ctx context.Context, f socialcrm.ActivityFilter) ([]*socialcrm.Activity, error) {
	limit, err := f.ActivityLimit()
	if err != nil {
		return nil, fmt.Errorf("memory: %w", err)
	}
	f.RecordID = socialcrm.CleanText(f.RecordID)
	if err := s.rlock(); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	var out []*socialcrm.Activity
	for _, a := range s.activities {
		if f.Matches(a) {
			out = append(out, a)
		}
	}
	slices.SortFunc(out, func(a, b *socialcrm.Activity) int {
		return cmp.Or(b.CreatedAt.Compare(a.CreatedAt), cmp.Compare(b.ID, a.ID))
	})
	out = out[:min(limit, len(out))]
	for i, a := range out {
		out[i] = copyActivity(a)
	}
	return out, nil
}

// MoveActivities moves the activities of one record to another.
func (s *Store) MoveActivities(ctx context.Context, fromKind, fromID, toKind, toID string) (int, error) {
	if err := s.lock(); err != nil {
		return 0, err
	}
	defer s.mu.Unlock()
	return s.moveActivities(fromKind, fromID, toKind, toID), nil
}

// moveActivities moves activities; the caller holds the write lock.
func (s *Store) moveActivities(fromKind, fromID, toKind, toID string) int {
	n := 0
	for _, a := range s.activities {
		if a.RecordKind == fromKind && a.RecordID == fromID {
			a.RecordKind, a.RecordID = toKind, toID
			n++
		}
	}
	return n
}
