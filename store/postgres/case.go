package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/socialcrm/socialcrm"
)

// SaveCase upserts a case by ID. The unique index on the key of active
// cases turns a second active case of a key into ErrConflict.
func (s *Store) SaveCase(ctx context.Context, c *socialcrm.Case) error {
	if err := c.Validate(); err != nil {
		return fmt.Errorf("postgres: save case: %w", err)
	}
	c = socialcrm.CleanCase(c)
	d := *c
	d.OpenedAt, d.LastMentionAt, d.DueAt = micro(c.OpenedAt), micro(c.LastMentionAt), micro(c.DueAt)
	d.FirstResponseAt, d.LastResponseAt = microPtr(c.FirstResponseAt), microPtr(c.LastResponseAt)
	d.ResolvedAt = microPtr(c.ResolvedAt)
	d.Targets = socialcrm.MapTargetTimes(c.Targets, micro)
	d.Notices = socialcrm.MapNoticeTimes(c.Notices, micro)
	doc, err := json.Marshal(d)
	if err != nil {
		return fmt.Errorf("postgres: save case %q: encode: %w", c.ID, err)
	}
	mentions := c.Mentions
	if mentions == nil {
		mentions = []string{}
	}
	_, err = s.pool.Exec(ctx, `INSERT INTO cases (id, key, brand, channel, contact_id, account_id, status, due_at,
		breached, mentions, created_at, updated_at, doc)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, COALESCE($11, now()), COALESCE($12, now()), $13)
		ON CONFLICT (id) DO UPDATE SET key = EXCLUDED.key, brand = EXCLUDED.brand, channel = EXCLUDED.channel,
		contact_id = EXCLUDED.contact_id, account_id = EXCLUDED.account_id, status = EXCLUDED.status,
		due_at = EXCLUDED.due_at, breached = EXCLUDED.breached, mentions = EXCLUDED.mentions,
		updated_at = EXCLUDED.updated_at, doc = EXCLUDED.doc,
		created_at = CASE WHEN $11::timestamptz IS NULL THEN cases.created_at ELSE EXCLUDED.created_at END`,
		c.ID, c.Key, c.Brand, c.Channel, c.ContactID, c.AccountID, c.Status, d.DueAt,
		c.Breached, mentions, nullTime(c.CreatedAt), nullTime(c.UpdatedAt), doc)
	if detail, ok := uniqueViolation(err); ok {
		return fmt.Errorf("postgres: save case %q: another case of key %q is active (%s): %w", c.ID, c.Key, detail, socialcrm.ErrConflict)
	}
	if err != nil {
		return fmt.Errorf("postgres: save case %q: %w", c.ID, rejected(err))
	}
	return nil
}

func microPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	m := micro(*t)
	return &m
}

const selectCases = `SELECT doc, created_at, updated_at FROM cases`

func scanCase(row pgx.CollectableRow) (*socialcrm.Case, error) {
	var c socialcrm.Case
	var doc []byte
	var created, updated time.Time
	if err := row.Scan(&doc, &created, &updated); err != nil {
		return nil, err
	}
	if err := json.Unmarshal(doc, &c); err != nil {
		return nil, fmt.Errorf("decode case: %w", err)
	}
	c.CreatedAt, c.UpdatedAt = created.UTC(), updated.UTC()
	return &c, nil
}

// FindCaseByID returns the case with that ID, or ErrNotFound.
func (s *Store) FindCaseByID(ctx context.Context, id string) (*socialcrm.Case, error) {
	rows, _ := s.pool.Query(ctx, selectCases+` WHERE id = $1`, socialcrm.CleanText(id))
	c, err := pgx.CollectExactlyOneRow(rows, scanCase)
	if err != nil {
		return nil, notFound(err, "case", id)
	}
	return c, nil
}

// FindCases returns the matching cases, soonest due first, and their
// total.
func (s *Store) FindCases(ctx context.Context, f socialcrm.CaseFilter) ([]*socialcrm.Case, int, error) {
	if f.Status != nil && !slices.Contains(socialcrm.CaseStatuses, *f.Status) {
		return nil, 0, socialcrm.Invalidf("postgres: unknown case status %q", *f.Status)
	}
	offset, limit, err := page(f.Offset, f.Limit, true)
	if err != nil {
		return nil, 0, err
	}
	var w where
	w.eq("status", f.Status)
	w.eq("key", f.Key)
	w.eq("contact_id", f.ContactID)
	w.eq("account_id", f.AccountID)
	w.eq("brand", f.Brand)
	w.eq("channel", f.Channel)
	if f.Active {
		w.add("status IN ('open', 'answered')")
	}
	if f.MentionID != nil {
		w.add("mentions @> ARRAY[%s]::text[]", *f.MentionID)
	}
	if f.DueBefore != nil {
		w.add("status = 'open' AND due_at < %s", *f.DueBefore)
	}
	if f.Breached != nil {
		w.add("breached = %s", *f.Breached)
	}
	if f.OpenedSince != nil {
		w.add("(doc->>'opened_at')::timestamptz >= %s", micro(*f.OpenedSince))
	}
	if f.OpenedBefore != nil {
		w.add("(doc->>'opened_at')::timestamptz < %s", micro(*f.OpenedBefore))
	}
	if f.Assignee != nil {
		w.add("COALESCE(doc->>'assignee', '') = %s", *f.Assignee)
	}
	var cs []*socialcrm.Case
	total, err := s.findPage(ctx, "cases", w, "due_at, id", offset, limit, selectCases, func(rows pgx.Rows) error {
		var err error
		cs, err = pgx.CollectRows(rows, scanCase)
		return err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("postgres: find cases: %w", err)
	}
	return cs, total, nil
}
