package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/socialcrm/socialcrm"
)

// dbtx is what lead and opportunity writes need of a pool or a
// transaction.
type dbtx interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// leadRow is a cleaned lead with the columns its queries use.
type leadRow struct {
	l            *socialcrm.Lead
	doc          []byte
	search       string
	identityKeys []string
	handleKeys   []string
}

func newLeadRow(l *socialcrm.Lead) (*leadRow, error) {
	l = socialcrm.CleanLead(l)
	l.MarkQualified(time.Now())
	d := *l
	d.ConvertedAt, d.QualifiedAt = microPtr(l.ConvertedAt), microPtr(l.QualifiedAt)
	doc, err := json.Marshal(d)
	if err != nil {
		return nil, fmt.Errorf("postgres: lead %q: encode: %w", l.ID, err)
	}
	r := &leadRow{l: l, doc: doc, search: strings.ToLower(l.Name + "\x1f" + l.Email + "\x1f" + l.Company),
		identityKeys: []string{}, handleKeys: []string{}}
	for _, i := range l.Identities {
		for _, k := range i.UniqueKeys() {
			r.identityKeys = append(r.identityKeys, socialcrm.CleanText(k)) // as where.add cleans the filter's
		}
		if h := socialcrm.HandleKey(i.Handle); h != "" {
			r.handleKeys = append(r.handleKeys, h)
		}
	}
	return r, nil
}

// insertLead inserts a new lead; a taken ID is ErrConflict.
func insertLead(ctx context.Context, db dbtx, l *socialcrm.Lead) error {
	r, err := newLeadRow(l)
	if err != nil {
		return err
	}
	_, err = db.Exec(ctx, `INSERT INTO leads (id, status, source, owner, brand, search, identity_keys, handle_keys,
		created_at, updated_at, doc) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, COALESCE($9, now()), COALESCE($10, now()), $11)`,
		r.l.ID, r.l.Status, r.l.Source, r.l.Owner, r.l.Brand, r.search, r.identityKeys, r.handleKeys,
		nullTime(r.l.CreatedAt), nullTime(r.l.UpdatedAt), r.doc)
	if _, ok := uniqueViolation(err); ok {
		return fmt.Errorf("postgres: lead %q already exists: %w", r.l.ID, socialcrm.ErrConflict)
	}
	if err != nil {
		return fmt.Errorf("postgres: create lead %q: %w", r.l.ID, rejected(err))
	}
	return nil
}

// updateLead rewrites a stored lead, its created_at kept.
func updateLead(ctx context.Context, db dbtx, l *socialcrm.Lead) error {
	r, err := newLeadRow(l)
	if err != nil {
		return err
	}
	_, err = db.Exec(ctx, `UPDATE leads SET status = $2, source = $3, owner = $4, brand = $5, search = $6,
		identity_keys = $7, handle_keys = $8, updated_at = now(), doc = $9 WHERE id = $1`,
		r.l.ID, r.l.Status, r.l.Source, r.l.Owner, r.l.Brand, r.search, r.identityKeys, r.handleKeys, r.doc)
	if err != nil {
		return fmt.Errorf("postgres: update lead %q: %w", r.l.ID, rejected(err))
	}
	return nil
}

// CreateLead stores a new lead, or ErrConflict when its ID is taken.
func (s *Store) CreateLead(ctx context.Context, l *socialcrm.Lead) error {
	if err := l.Validate(); err != nil {
		return fmt.Errorf("postgres: create lead: %w", err)
	}
	return insertLead(ctx, s.pool, l)
}

// UpdateLead changes the lead id in one transaction, its row locked.
func (s *Store) UpdateLead(ctx context.Context, id string, change func(*socialcrm.Lead) error) (*socialcrm.Lead, error) {
	var out *socialcrm.Lead
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		l, err := lockLead(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := change(l); err != nil {
			return err
		}
		if err := l.Validate(); err != nil {
			return fmt.Errorf("postgres: update lead: %w", err)
		}
		l.ID = socialcrm.CleanText(id)
		if err := updateLead(ctx, tx, l); err != nil {
			return err
		}
		out, err = lockLead(ctx, tx, l.ID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// lockLead reads the lead id and locks its row until the transaction ends.
func lockLead(ctx context.Context, tx pgx.Tx, id string) (*socialcrm.Lead, error) {
	rows, _ := tx.Query(ctx, selectLeads+` WHERE id = $1 FOR UPDATE`, socialcrm.CleanText(id))
	l, err := pgx.CollectExactlyOneRow(rows, scanLead)
	if err != nil {
		return nil, notFound(err, "lead", id)
	}
	return l, nil
}

const selectLeads = `SELECT doc, created_at, updated_at FROM leads`

func scanLead(row pgx.CollectableRow) (*socialcrm.Lead, error) {
	var l socialcrm.Lead
	var doc []byte
	var created, updated time.Time
	if err := row.Scan(&doc, &created, &updated); err != nil {
		return nil, err
	}
	if err := json.Unmarshal(doc, &l); err != nil {
		return nil, fmt.Errorf("decode lead: %w", err)
	}
	l.CreatedAt, l.UpdatedAt = created.UTC(), updated.UTC()
	return &l, nil
}

// FindLeadByID returns the lead with that ID, or ErrNotFound.
func (s *Store) FindLeadByID(ctx context.Context, id string) (*socialcrm.Lead, error) {
	rows, _ := s.pool.Query(ctx, selectLeads+` WHERE id = $1`, socialcrm.CleanText(id))
	l, err := pgx.CollectExactlyOneRow(rows, scanLead)
	if err != nil {
		return nil, notFound(err, "lead", id)
	}
	return l, nil
}

// FindLeads returns the matching leads, most recently updated first, and
// their total.
func (s *Store) FindLeads(ctx context.Context, f socialcrm.LeadFilter) ([]*socialcrm.Lead, int, error) {
	if err := socialcrm.CheckLeadFilter(f); err != nil {
		return nil, 0, fmt.Errorf("postgres: %w", err)
	}
	offset, limit, err := page(f.Offset, f.Limit, true)
	if err != nil {
		return nil, 0, err
	}
	var w where
	w.eq("status", f.Status)
	w.eq("owner", f.Owner)
	w.eq("source", f.Source)
	w.eq("brand", f.Brand)
	w.eq("COALESCE(doc->>'contact_id', '')", f.ContactID)
	w.eq("COALESCE(doc->>'account_id', '')", f.AccountID)
	if f.Identity != nil {
		w.add("identity_keys @> ARRAY[%s]::text[]", *f.Identity)
	}
	if f.Query != nil {
		q := strings.ToLower(*f.Query)
		w.add("(strpos(search, %s) > 0 OR EXISTS (SELECT 1 FROM unnest(handle_keys) h WHERE strpos(h, %s) > 0))",
			q, strings.TrimPrefix(q, "@"))
	}
	var ls []*socialcrm.Lead
	total, err := s.findPage(ctx, "leads", w, "updated_at DESC, id", offset, limit, selectLeads, func(rows pgx.Rows) error {
		var err error
		ls, err = pgx.CollectRows(rows, scanLead)
		return err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("postgres: find leads: %w", err)
	}
	return ls, total, nil
}
