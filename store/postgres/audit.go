package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/socialcrm/socialcrm"
)

var _ socialcrm.AuditStore = (*Store)(nil)

// AppendAudit adds an entry to the append-only audit table.
func (s *Store) AppendAudit(ctx context.Context, e *socialcrm.AuditEntry) error {
	if err := e.Validate(); err != nil {
		return fmt.Errorf("postgres: %w", err)
	}
	_, err := s.pool.Exec(ctx, `INSERT INTO audit (id, at, actor, action, target, before, after, status, request_id, remote_addr)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		e.ID, micro(e.At), e.Actor, e.Action, e.Target, nullJSON(e.Before), nullJSON(e.After), e.Status, e.RequestID, e.RemoteAddr)
	if _, ok := uniqueViolation(err); ok {
		return fmt.Errorf("postgres: audit entry %q: id taken: %w", e.ID, socialcrm.ErrConflict)
	}
	if err != nil {
		return fmt.Errorf("postgres: append audit entry: %w", err)
	}
	return nil
}

func nullJSON(raw []byte) any {
	if len(raw) == 0 {
		return nil
	}
	return string(raw)
}

// FindAudit returns the matching entries, newest first.
func (s *Store) FindAudit(ctx context.Context, f socialcrm.AuditFilter) ([]*socialcrm.AuditEntry, error) {
	if f.Limit < 0 {
		return nil, socialcrm.Invalidf("postgres: negative limit %d", f.Limit)
	}
	if f.Limit == 0 {
		f.Limit = 100
	}
	var w where
	for col, v := range map[string]string{"actor": f.Actor, "action": f.Action, "target": f.Target} {
		if v != "" {
			w.add(col+" = %s", v)
		}
	}
	if !f.Since.IsZero() {
		w.add("at >= %s", f.Since)
	}
	if !f.Until.IsZero() {
		w.add("at < %s", f.Until)
	}
	rows, _ := s.pool.Query(ctx, `SELECT id, at, actor, action, target, before, after, status, request_id, remote_addr
		FROM audit`+w.String()+fmt.Sprintf(` ORDER BY at DESC, id DESC LIMIT %d`, f.Limit), w.args...)
	es, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (*socialcrm.AuditEntry, error) {
		var e socialcrm.AuditEntry
		var before, after []byte
		err := row.Scan(&e.ID, &e.At, &e.Actor, &e.Action, &e.Target, &before, &after, &e.Status, &e.RequestID, &e.RemoteAddr)
		e.At, e.Before, e.After = e.At.UTC(), before, after
		return &e, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: find audit entries: %w", err)
	}
	return es, nil
}
