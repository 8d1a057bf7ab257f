package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/socialcrm/socialcrm"
)

// micro returns t in UTC to the microsecond, as Postgres keeps times.
func micro(t time.Time) time.Time { return t.Truncate(time.Microsecond).UTC() }

// SaveAlert upserts an alert by ID. The alert is kept whole as JSONB, with
// the columns its queries filter and sort on beside it.
func (s *Store) SaveAlert(ctx context.Context, a *socialcrm.Alert) error {
	switch {
	case a == nil:
		return socialcrm.Invalidf("postgres: nil alert")
	case a.ID == "":
		return socialcrm.Invalidf("postgres: alert without id")
	}
	a = socialcrm.CleanAlert(a)
	c := *a
	c.Start, c.End = micro(a.Start), micro(a.End)
	c.Deliveries = append([]socialcrm.Delivery(nil), a.Deliveries...)
	for i := range c.Deliveries {
		c.Deliveries[i].At = micro(c.Deliveries[i].At)
	}
	doc, err := json.Marshal(c)
	if err != nil {
		return fmt.Errorf("postgres: save alert %q: encode: %w", a.ID, err)
	}
	_, err = s.pool.Exec(ctx, `INSERT INTO alerts (id, fingerprint, brand, status, start_at, created_at, updated_at, doc)
		VALUES ($1, $2, $3, $4, $5, COALESCE($6, now()), COALESCE($7, now()), $8)
		ON CONFLICT (id) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, brand = EXCLUDED.brand,
		status = CASE WHEN `+keepStatus+` THEN alerts.status ELSE EXCLUDED.status END,
		start_at = EXCLUDED.start_at, updated_at = EXCLUDED.updated_at,
		doc = CASE WHEN `+keepStatus+`
			THEN jsonb_set(jsonb_set(EXCLUDED.doc, '{status}', alerts.doc->'status'), '{acked_by}', COALESCE(alerts.doc->'acked_by', '""'))
			ELSE EXCLUDED.doc END,
		created_at = CASE WHEN $6::timestamptz IS NULL THEN alerts.created_at ELSE EXCLUDED.created_at END`,
		a.ID, a.Fingerprint, a.Brand, a.Status, c.Start, nullTime(a.CreatedAt), nullTime(a.UpdatedAt), doc)
	if detail, ok := uniqueViolation(err); ok {
		return fmt.Errorf("postgres: save alert %q: another alert of fingerprint %q is open (%s): %w", a.ID, a.Fingerprint, detail, socialcrm.ErrConflict)
	}
	if err != nil {
		return fmt.Errorf("postgres: save alert %q: %w", a.ID, rejected(err))
	}
	return nil
}

// keepStatus is socialcrm.KeepAlertStatus in SQL: the stored status is
// further along than the saved one.
const keepStatus = `(alerts.status = 'resolved' AND EXCLUDED.status <> 'resolved'
	OR alerts.status = 'acknowledged' AND EXCLUDED.status = 'firing')`

const selectAlerts = `SELECT doc, created_at, updated_at FROM alerts`

func scanAlert(row pgx.CollectableRow) (*socialcrm.Alert, error) {
	var a socialcrm.Alert
	var doc []byte
	var created, updated time.Time
	if err := row.Scan(&doc, &created, &updated); err != nil {
		return nil, err
	}
	if err := json.Unmarshal(doc, &a); err != nil {
		return nil, fmt.Errorf("decode alert: %w", err)
	}
	a.CreatedAt, a.UpdatedAt = created.UTC(), updated.UTC()
	return &a, nil
}

// FindAlertByID returns the alert with that ID, or ErrNotFound.
func (s *Store) FindAlertByID(ctx context.Context, id string) (*socialcrm.Alert, error) {
	rows, _ := s.pool.Query(ctx, selectAlerts+` WHERE id = $1`, socialcrm.CleanText(id))
	a, err := pgx.CollectExactlyOneRow(rows, scanAlert)
	if err != nil {
		return nil, notFound(err, "alert", id)
	}
	return a, nil
}

// FindAlerts returns the matching alerts, latest Start first, and their
// total.
func (s *Store) FindAlerts(ctx context.Context, f socialcrm.AlertFilter) ([]*socialcrm.Alert, int, error) {
	offset, limit, err := page(f.Offset, f.Limit, true)
	if err != nil {
		return nil, 0, err
	}
	var w where
	w.eq("brand", f.Brand)
	w.eq("status", f.Status)
	w.eq("fingerprint", f.Fingerprint)
	if f.Open {
		w.add("status IN ('firing', 'acknowledged')")
	}
	if f.Since != nil {
		w.add("start_at >= %s", *f.Since)
	}
	var as []*socialcrm.Alert
	total, err := s.findPage(ctx, "alerts", w, "start_at DESC, id DESC", offset, limit, selectAlerts, func(rows pgx.Rows) error {
		var err error
		as, err = pgx.CollectRows(rows, scanAlert)
		return err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("postgres: find alerts: %w", err)
	}
	return as, total, nil
}
