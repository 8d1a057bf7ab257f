// Package postgres is the socialcrm.Store on PostgreSQL, through a pgx/v5
// connection pool. Its schema lives in migrations/*.sql, embedded in the
// binary and applied by Open (or Migrate) once each, under an advisory lock
// so that processes starting together do not race.
//
// Mentions are saved in batches: copied into a temporary staging table, then
// upserted with one INSERT … ON CONFLICT, so that saving a batch again
// changes nothing.
package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/socialcrm/socialcrm"
)

var _ socialcrm.Store = (*Store)(nil)

// defaultLimit is the page size when a filter's Limit is 0.
const defaultLimit = 50

// Store is a socialcrm.Store on Postgres, safe for concurrent use.
type Store struct {
	pool *pgxpool.Pool
}

// Open connects to the database at dsn (a postgres:// URL or key=value
// string) and applies the migrations it lacks.
func Open(ctx context.Context, dsn string) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres: parse database URL: %w", err)
	}
	return OpenConfig(ctx, cfg)
}

// OpenConfig is Open with a parsed configuration, for callers that set pool
// sizes or run-time parameters such as search_path.
func OpenConfig(ctx context.Context, cfg *pgxpool.Config) (*Store, error) {
	s, err := DialConfig(ctx, cfg)
	if err != nil {
		return nil, err
	}
	if _, err := s.Migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// Dial connects to the database at dsn without applying migrations.
func Dial(ctx context.Context, dsn string) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres: parse database URL: %w", err)
	}
	return DialConfig(ctx, cfg)
}

// DialConfig is Dial with a parsed configuration.
func DialConfig(ctx context.Context, cfg *pgxpool.Config) (*Store, error) {
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: connect: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: connect to %s:%d: %w", cfg.ConnConfig.Host, cfg.ConnConfig.Port, err)
	}
	return &Store{pool: pool}, nil
}

// Pool returns the store's connection pool.
func (s *Store) Pool() *pgxpool.Pool { return s.pool }

// Ping returns an error when the database cannot be reached.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.pool.Ping(ctx); err != nil {
		return fmt.Errorf("postgres: ping: %w", err)
	}
	return nil
}

// Close closes the pool, waiting for connections in use to be returned.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}

// notFound turns pgx.ErrNoRows into ErrNotFound with what was looked for.
func notFound(err error, what, id string) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("postgres: %s %q: %w", what, id, socialcrm.ErrNotFound)
	}
	return fmt.Errorf("postgres: find %s %q: %w", what, id, err)
}

// uniqueViolation reports whether err is a unique-constraint violation,
// with the server's detail of it.
func uniqueViolation(err error) (string, bool) {
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "23505" {
		return pe.Detail, true
	}
	return "", false
}

// rejected marks the errors Postgres raises for the data itself, which a
// retry cannot fix, as ErrInvalid: SQLSTATE class 22 (data exception, e.g.
// a NUL byte in text), 23 (integrity constraint) and 54 (program limit
// exceeded, e.g. 54000 for an index row over the B-tree's size). Callers
// that expect a unique violation (ErrConflict) check uniqueViolation
// first. Other errors (connection, timeout, server shutting down) are
// returned as they are: retrying may help.
func rejected(err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) && len(pe.Code) == 5 {
		switch pe.Code[:2] {
		case "22", "23", "54":
			return fmt.Errorf("%w (SQLSTATE %s): %w", socialcrm.ErrInvalid, pe.Code, err)
		}
	}
	return err
}

// page returns the offset and limit of a filter, or ErrInvalid. A limit of
// 0 means defaultLimit; -1 means no limit (nil) when allowAll.
func page(offset, limit int, allowAll bool) (int, *int, error) {
	switch {
	case offset < 0:
		return 0, nil, socialcrm.Invalidf("postgres: negative offset %d", offset)
	case limit == 0:
		l := defaultLimit
		return offset, &l, nil
	case limit == -1 && allowAll:
		return offset, nil, nil
	case limit < 0:
		return 0, nil, socialcrm.Invalidf("postgres: negative limit %d", limit)
	}
	return offset, &limit, nil
}
