package pgtest_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/socialcrm/socialcrm/store/postgres/pgtest"
)

// keyValue returns dsn in key=value form.
func keyValue(t *testing.T, dsn string) string {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		t.Fatal(err)
	}
	c := cfg.ConnConfig
	return fmt.Sprintf("host=%s port=%d user=%s dbname=%s sslmode=disable", c.Host, c.Port, c.User, c.Database)
}

func TestMustOpenTestDB(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.DSN(t)
	for name, dsn := range map[string]string{"URL": dsn, "KeyValue": keyValue(t, dsn)} {
		t.Run(name, func(t *testing.T) {
			var schema string
			t.Run("Open", func(t *testing.T) {
				s := pgtest.MustOpenTestDB(t, dsn)
				if err := s.Pool().QueryRow(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
					t.Fatal(err)
				}
				if !strings.HasPrefix(schema, "test_") {
					t.Errorf("current_schema() = %q, want a test_ schema", schema)
				}
				var tables int
				if err := s.Pool().QueryRow(ctx, `SELECT count(*) FROM information_schema.tables
					WHERE table_schema = $1 AND table_name IN ('mentions', 'schema_migrations')`, schema).Scan(&tables); err != nil {
					t.Fatal(err)
				}
				if tables != 2 {
					t.Errorf("found %d of the tables mentions and schema_migrations in %s, want both", tables, schema)
				}
			})
			// The subtest's cleanup dropped the schema.
			conn, err := pgx.Connect(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close(ctx)
			var left bool
			if err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)`, schema).Scan(&left); err != nil {
				t.Fatal(err)
			}
			if left {
				t.Errorf("schema %s still exists after the test", schema)
			}
		})
	}
}
