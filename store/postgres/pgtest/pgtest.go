// Package pgtest opens Postgres stores for tests: each in a fresh schema of
// the test database, dropped when the test ends, so that tests (and test
// packages) can share one database and run in parallel.
//
//	func TestSomething(t *testing.T) {
//		s := pgtest.MustOpenTestDB(t, pgtest.DSN(t))
//		…
//	}
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/socialcrm/socialcrm/store/postgres"
)

// Environment variables read by DSN.
const (
	// EnvDSN names the database the tests may create schemas in.
	EnvDSN = "SOCIALCRM_TEST_DATABASE_URL"
	// EnvRequire, when set, turns a missing EnvDSN into a failure.
	EnvRequire = "SOCIALCRM_REQUIRE_POSTGRES"
)

// DSN returns the test database URL from SOCIALCRM_TEST_DATABASE_URL. When
// it is unset, the test fails if SOCIALCRM_REQUIRE_POSTGRES is set, and is
// skipped otherwise.
func DSN(tb testing.TB) string {
	tb.Helper()
	dsn := os.Getenv(EnvDSN)
	if dsn == "" {
		if os.Getenv(EnvRequire) != "" {
			tb.Fatalf("%s is not set but %s is: Postgres tests must run", EnvDSN, EnvRequire)
		}
		tb.Skipf("set %s to run Postgres tests (scripts/pg.sh start DIR prints one)", EnvDSN)
	}
	return dsn
}

// MustOpenTestDB creates a schema with a unique name in the database at
// dsn, opens a store whose connections use it (migrations applied) and
// drops the schema when the test ends.
func MustOpenTestDB(tb testing.TB, dsn string) *postgres.Store {
	tb.Helper()
	scoped := MustCreateSchema(tb, dsn)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	s, err := postgres.Open(ctx, scoped)
	if err != nil {
		tb.Fatalf("pgtest: open store: %v", err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// MustCreateSchema creates a schema with a unique name in the database at
// dsn and returns a DSN whose connections use it, for code under test that
// opens the database itself. The schema is dropped when the test ends,
// after the test's other cleanups (which should close its connections).
func MustCreateSchema(tb testing.TB, dsn string) string {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := "test_" + hex.EncodeToString(b[:])
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		tb.Fatalf("pgtest: connect to test database: %v", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		tb.Fatalf("pgtest: create schema: %v", err)
	}
	tb.Cleanup(func() { dropSchema(tb, dsn, schema) })
	scoped, err := withSearchPath(dsn, schema)
	if err != nil {
		tb.Fatalf("pgtest: %v", err)
	}
	return scoped
}

func dropSchema(tb testing.TB, dsn, schema string) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		tb.Errorf("pgtest: drop schema %s: %v", schema, err)
		return
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
		tb.Errorf("pgtest: drop schema %s: %v", schema, err)
	}
}

// withSearchPath returns dsn with search_path set to schema, for both URL
// and key=value forms.
func withSearchPath(dsn, schema string) (string, error) {
	if _, err := pgxpool.ParseConfig(dsn); err != nil {
		return "", fmt.Errorf("parse test database URL: %w", err)
	}
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		u, err := url.Parse(dsn)
		if err != nil {
			return "", fmt.Errorf("parse test database URL: %w", err)
		}
		q := u.Query()
		q.Set("search_path", schema)
		u.RawQuery = q.Encode()
		return u.String(), nil
	}
	return dsn + " search_path=" + schema, nil
}
