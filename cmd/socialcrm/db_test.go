package main

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/socialcrm/socialcrm/store/postgres"
)

// testDatabase returns a fresh database for one test (see freshDatabase)
// on the test Postgres, or skips the test, saying why, when there is none
// (and fails it when SOCIALCRM_REQUIRE_POSTGRES is set).
func testDatabase(t *testing.T, why string) string {
	t.Helper()
	dsn := os.Getenv("SOCIALCRM_TEST_DATABASE_URL")
	if dsn == "" {
		if os.Getenv("SOCIALCRM_REQUIRE_POSTGRES") != "" {
			t.Fatal("SOCIALCRM_TEST_DATABASE_URL is not set")
		}
		t.Skip("set SOCIALCRM_TEST_DATABASE_URL " + why)
	}
	return freshDatabase(t, dsn)
}

// freshDatabase creates an empty database on the server of dsn for one
// test, drops it afterwards, and returns its URL.
func freshDatabase(t *testing.T, dsn string) string {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatalf("connect to test Postgres: %v", err)
	}
	defer conn.Close(ctx)
	name := fmt.Sprintf("socialcrm_cmd_%d", time.Now().UnixNano())
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() {
		c, err := pgx.Connect(ctx, dsn)
		if err != nil {
			return
		}
		defer c.Close(ctx)
		_, _ = c.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	})
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

// migratedStore runs "socialcrm migrate" on the database at db and opens
// it as a store, closed when the test ends.
func migratedStore(t *testing.T, db string) *postgres.Store {
	t.Helper()
	ctx := context.Background()
	var out, errb bytes.Buffer
	if err := run(ctx, []string{"migrate", "--database-url", db}, func(string) string { return "" }, nil, &out, &errb); err != nil {
		t.Fatalf("migrate: %v %s", err, errb.String())
	}
	st, err := postgres.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}
