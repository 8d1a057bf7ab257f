package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/socialcrm/socialcrm"
)

// oppDoc returns o cleaned, with its credit when it is not nil and its
// times to the microsecond, as JSON.
func oppDoc(o *socialcrm.Opportunity, credit *socialcrm.Credit) (*socialcrm.Opportunity, []byte, error) {
	o = socialcrm.CleanOpportunity(o)
	if credit != nil {
		c := *credit
		o.Credited = &c
	}
	d := *o
	d.ClosedAt = microPtr(o.ClosedAt)
	for i := range d.History {
		d.History[i].At = micro(d.History[i].At)
	}
	doc, err := json.Marshal(d)
	if err != nil {
		return nil, nil, fmt.Errorf("postgres: opportunity %q: encode: %w", o.ID, err)
	}
	return o, doc, nil
}

// nullDate returns nil (NULL) for no date.
func nullDate(d string) *string {
	if d == "" {
		return nil
	}
	return &d
}

// accountExists reports ErrInvalid when the account id does not exist.
func accountExists(ctx context.Context, db dbtx, what, id string) error {
	var ok bool
	if err := db.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM accounts WHERE id = $1)`, socialcrm.CleanText(id)).Scan(&ok); err != nil {
		return fmt.Errorf("postgres: %s: find account: %w", what, err)
	}
	if !ok {
		return socialcrm.Invalidf("postgres: %s: account %q does not exist", what, id)
	}
	return nil
}

// winCredit reports ErrInvalid when o's account does not exist and,
// when o becomes won (won), returns what it adds to the account's value,
// the account's row locked.
func winCredit(ctx context.Context, db dbtx, o *socialcrm.Opportunity, won bool) (*socialcrm.Credit, error) {
	q := `SELECT currency FROM accounts WHERE id = $1`
	if won {
		q += ` FOR UPDATE`
	}
	var currency string
	err := db.QueryRow(ctx, q, socialcrm.CleanText(o.AccountID)).Scan(&currency)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, socialcrm.Invalidf("postgres: opportunity %q: account %q does not exist", o.ID, o.AccountID)
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: opportunity %q: find account: %w", o.ID, err)
	}
	if !won {
		return nil, nil
	}
	c, err := o.CreditFor(&socialcrm.Account{ID: o.AccountID, Currency: currency})
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	return c, nil
}

// insertOpportunity inserts a new, valid opportunity of an existing
// account, adding its credit to the account's value when it is won.
func insertOpportunity(ctx context.Context, db dbtx, o *socialcrm.Opportunity) error {
	credit, err := winCredit(ctx, db, o, o.Outcome == socialcrm.OutcomeWon)
	if err != nil {
		return err
	}
	o, doc, err := oppDoc(o, credit)
	if err != nil {
		return err
	}
	tag, err := db.Exec(ctx, `INSERT INTO opportunities (id, account_id, stage, owner, contacts, expected_close,
		created_at, updated_at, doc) VALUES ($1, $2, $3, $4, $5, $6, COALESCE($7, now()), COALESCE($8, now()), $9)
		ON CONFLICT (id) DO NOTHING`,
		o.ID, o.AccountID, o.Stage, o.Owner, nonNil(o.Contacts), nullDate(o.ExpectedClose),
		nullTime(o.CreatedAt), nullTime(o.UpdatedAt), doc)
	if err != nil {
		return fmt.Errorf("postgres: create opportunity %q: %w", o.ID, rejected(err))
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("postgres: opportunity %q already exists: %w", o.ID, socialcrm.ErrConflict)
	}
	return addAccountValue(ctx, db, o, credit)
}

// addAccountValue adds the credit of the won opportunity to its
// account's value; nothing when credit is nil.
func addAccountValue(ctx context.Context, db dbtx, o *socialcrm.Opportunity, credit *socialcrm.Credit) error {
	if credit == nil {
		return nil
	}
	if _, err := db.Exec(ctx, `UPDATE accounts SET value = value + $2, updated_at = now() WHERE id = $1`, o.AccountID, credit.Value); err != nil {
		return fmt.Errorf("postgres: opportunity %q won: add to account %q: %w", o.ID, o.AccountID, rejected(err))
	}
	return nil
}

// CreateOpportunity stores a new opportunity of an existing account.
func (s *Store) CreateOpportunity(ctx context.Context, o *socialcrm.Opportunity) error {
	if err := o.Validate(); err != nil {
		return fmt.Errorf("postgres: create opportunity: %w", err)
	}
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error { return insertOpportunity(ctx, tx, o) })
}

// UpdateOpportunity changes the opportunity id in one transaction, its
// row locked; becoming won adds to its account's value in it.
func (s *Store) UpdateOpportunity(ctx context.Context, id string, change func(*socialcrm.Opportunity) error) (*socialcrm.Opportunity, error) {
	var out *socialcrm.Opportunity
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, selectOpportunities+` WHERE id = $1 FOR UPDATE`, socialcrm.CleanText(id))
		old, err := pgx.CollectExactlyOneRow(rows, scanOpportunity)
		if err != nil {
			return notFound(err, "opportunity", id)
		}
		o := *old
		o.Contacts, o.History = append([]string(nil), old.Contacts...), append([]socialcrm.StageChange(nil), old.History...)
		if err := change(&o); err != nil {
			return err
		}
		o.ID = old.ID
		if err := o.Validate(); err != nil {
			return fmt.Errorf("postgres: update opportunity: %w", err)
		}
		credit, err := winCredit(ctx, tx, &o, o.Outcome == socialcrm.OutcomeWon && old.Outcome != socialcrm.OutcomeWon)
		if err != nil {
			return err
		}
		c, doc, err := oppDoc(&o, credit)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE opportunities SET account_id = $2, stage = $3, owner = $4, contacts = $5,
			expected_close = $6, updated_at = now(), doc = $7 WHERE id = $1`,
			c.ID, c.AccountID, c.Stage, c.Owner, nonNil(c.Contacts), nullDate(c.ExpectedClose), doc)
		if err != nil {
			return fmt.Errorf("postgres: update opportunity %q: %w", c.ID, rejected(err))
		}
		if err := addAccountValue(ctx, tx, c, credit); err != nil {
			return err
		}
		rows, _ = tx.Query(ctx, selectOpportunities+` WHERE id = $1`, c.ID)
		out, err = pgx.CollectExactlyOneRow(rows, scanOpportunity)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

const selectOpportunities = `SELECT doc, created_at, updated_at FROM opportunities`

func scanOpportunity(row pgx.CollectableRow) (*socialcrm.Opportunity, error) {
	var o socialcrm.Opportunity
	var doc []byte
	var created, updated time.Time
	if err := row.Scan(&doc, &created, &updated); err != nil {
		return nil, err
	}
	if err := json.Unmarshal(doc, &o); err != nil {
		return nil, fmt.Errorf("decode opportunity: %w", err)
	}
	o.CreatedAt, o.UpdatedAt = created.UTC(), updated.UTC()
	return &o, nil
}

// FindOpportunityByID returns the opportunity with that ID, or ErrNotFound.
func (s *Store) FindOpportunityByID(ctx context.Context, id string) (*socialcrm.Opportunity, error) {
	rows, _ := s.pool.Query(ctx, selectOpportunities+` WHERE id = $1`, socialcrm.CleanText(id))
	o, err := pgx.CollectExactlyOneRow(rows, scanOpportunity)
	if err != nil {
		return nil, notFound(err, "opportunity", id)
	}
	return o, nil
}

// FindOpportunities returns the matching opportunities, soonest expected
// close first, and their total.
func (s *Store) FindOpportunities(ctx context.Context, f socialcrm.OpportunityFilter) ([]*socialcrm.Opportunity, int, error) {
	if err := socialcrm.CheckOpportunityFilter(f); err != nil {
		return nil, 0, fmt.Errorf("postgres: %w", err)
	}
	offset, limit, err := page(f.Offset, f.Limit, true)
	if err != nil {
		return nil, 0, err
	}
	var w where
	w.eq("account_id", f.AccountID)
	w.eq("stage", f.Stage)
	w.eq("owner", f.Owner)
	if f.ContactID != nil {
		w.add("contacts @> ARRAY[%s]::text[]", *f.ContactID)
	}
	if f.Open {
		w.add("NOT doc ? 'outcome'")
	}
	var os []*socialcrm.Opportunity
	total, err := s.findPage(ctx, "opportunities", w, "expected_close NULLS LAST, id", offset, limit, selectOpportunities, func(rows pgx.Rows) error {
		var err error
		os, err = pgx.CollectRows(rows, scanOpportunity)
		return err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("postgres: find opportunities: %w", err)
	}
	return os, total, nil
}
