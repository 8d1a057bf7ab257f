package main

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
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
