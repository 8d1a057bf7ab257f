package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/socialcrm/socialcrm"
)

// checkAccount reports why a cannot be stored, if it cannot.
func checkAccount(a *socialcrm.Account) error {
	switch {
	case a == nil:
		return socialcrm.Invalidf("postgres: nil account")
	case a.ID == "":
		return socialcrm.Invalidf("postgres: account without id")
	}
	if err := a.CheckFields(); err != nil {
		return fmt.Errorf("postgres: %w", err)
	}
	if err := a.CheckCurrency(); err != nil {
		return fmt.Errorf("postgres: %w", err)
	}
	return nil
}

// SaveAccounts upserts accounts by ID in one transaction.
func (s *Store) SaveAccounts(ctx context.Context, as ...*socialcrm.Account) error {
	as = socialcrm.CleanAccounts(as)
	for _, a := range as {
		if err := checkAccount(a); err != nil {
			return err
		}
	}
	if len(as) == 0 {
		return nil
	}
	b := &pgx.Batch{}
	for _, a := range as {
		b.Queue(`INSERT INTO accounts (id, name, domain, tier, value, created_at, updated_at, lifecycle, owner, tags, currency)
			VALUES ($1, $2, $3, $4, $5, COALESCE($6, now()), COALESCE($7, now()), $8, $9, $10, $11)
			ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, domain = EXCLUDED.domain,
			tier = EXCLUDED.tier, value = EXCLUDED.value, updated_at = EXCLUDED.updated_at,
			lifecycle = EXCLUDED.lifecycle, owner = EXCLUDED.owner, tags = EXCLUDED.tags, currency = EXCLUDED.currency,
			created_at = CASE WHEN $6::timestamptz IS NULL THEN accounts.created_at ELSE EXCLUDED.created_at END`,
			a.ID, a.Name, a.Domain, a.Tier, a.Value, nullTime(a.CreatedAt), nullTime(a.UpdatedAt), a.Lifecycle, a.Owner, nonNil(a.Tags), a.Currency)
	}
	if err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error { return tx.SendBatch(ctx, b).Close() }); err != nil {
		return fmt.Errorf("postgres: save %d accounts: %w", len(as), rejected(err))
	}
	return nil
}

const selectAccounts = `SELECT id, name, domain, tier, value, created_at, updated_at, lifecycle, owner, tags, currency FROM accounts`

func scanAccount(row pgx.CollectableRow) (*socialcrm.Account, error) {
	var a socialcrm.Account
	err := row.Scan(&a.ID, &a.Name, &a.Domain, &a.Tier, &a.Value, &a.CreatedAt, &a.UpdatedAt, &a.Lifecycle, &a.Owner, &a.Tags, &a.Currency)
	a.CreatedAt, a.UpdatedAt = a.CreatedAt.UTC(), a.UpdatedAt.UTC()
	if len(a.Tags) == 0 {
		a.Tags = nil
	}
	return &a, err
}

// FindAccountByID returns the account with that ID, or ErrNotFound.
func (s *Store) FindAccountByID(ctx context.Context, id string) (*socialcrm.Account, error) {
	rows, _ := s.pool.Query(ctx, selectAccounts+` WHERE id = $1`, socialcrm.CleanText(id))
	a, err := pgx.CollectExactlyOneRow(rows, scanAccount)
	if err != nil {
		return nil, notFound(err, "account", id)
	}
	return a, nil
}

// FindAccounts returns all accounts, highest value first, then by ID.
func (s *Store) FindAccounts(ctx context.Context) ([]*socialcrm.Account, error) {
	rows, _ := s.pool.Query(ctx, selectAccounts+` ORDER BY value DESC, id`)
	as, err := pgx.CollectRows(rows, scanAccount)
	if err != nil {
		return nil, fmt.Errorf("postgres: find accounts: %w", err)
	}
	return as, nil
}
