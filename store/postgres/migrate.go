package postgres

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Migrations returns the names of the embedded migrations in the order
// they apply, such as "0001_init".
func Migrations() ([]string, error) {
	files, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return nil, fmt.Errorf("postgres: list migrations: %w", err)
	}
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = strings.TrimSuffix(strings.TrimPrefix(f, "migrations/"), ".sql")
	}
	slices.Sort(names)
	return names, nil
}

// Migrate applies the embedded migrations the database lacks, in one
// transaction, and returns their names. Applied migrations are recorded in
// schema_migrations. A transaction-scoped advisory lock, keyed by the
// current schema, makes processes that migrate at the same time wait for
// each other, so each migration runs once.
func (s *Store) Migrate(ctx context.Context) ([]string, error) {
	names, err := Migrations()
	if err != nil {
		return nil, err
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("postgres: migrate: %w", err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('socialcrm.migrate'), hashtext(current_schema()))`); err != nil {
		return nil, fmt.Errorf("postgres: migrate: lock: %w", err)
	}
	if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    text PRIMARY KEY,
		applied_at timestamptz NOT NULL DEFAULT now())`); err != nil {
		return nil, fmt.Errorf("postgres: migrate: create schema_migrations: %w", err)
	}
	rows, _ := tx.Query(ctx, `SELECT version FROM schema_migrations`)
	done, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("postgres: migrate: read schema_migrations: %w", err)
	}
	var applied []string
	for _, name := range names {
		if slices.Contains(done, name) {
			continue
		}
		sql, err := migrations.ReadFile("migrations/" + name + ".sql")
		if err != nil {
			return nil, fmt.Errorf("postgres: migrate: %w", err)
		}
		if _, err := tx.Exec(ctx, string(sql)); err != nil {
			return nil, fmt.Errorf("postgres: migrate: apply %s: %w", name, err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version) VALUES ($1)`, name); err != nil {
			return nil, fmt.Errorf("postgres: migrate: record %s: %w", name, err)
		}
		applied = append(applied, name)
	}
	if err := tx.Commit(ctx); err != nil {
		return nil, fmt.Errorf("postgres: migrate: commit: %w", err)
	}
	return applied, nil
}
