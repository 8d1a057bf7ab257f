package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/socialcrm/socialcrm/store/postgres/pgtest"
)

func TestMigrate(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.MustCreateSchema(t, pgtest.DSN(t))
	env := func(k string) string {
		if k == "DATABASE_URL" {
			return dsn
		}
		return ""
	}
	var out, errw bytes.Buffer
	if err := run(ctx, []string{"migrate"}, env, strings.NewReader(""), &out, &errw); err != nil {
		t.Fatalf("migrate: %v\n%s", err, errw.String())
	}
	if got := out.String(); !strings.Contains(got, "applied 0001_init, ") {
		t.Errorf("first migrate printed %q, want the migrations it applied", got)
	}
	out.Reset()
	if err := run(ctx, []string{"migrate", "--database-url", dsn}, func(string) string { return "" }, strings.NewReader(""), &out, &errw); err != nil {
		t.Fatalf("migrate again: %v", err)
	}
	if got := out.String(); !strings.Contains(got, "up to date") {
		t.Errorf("second migrate printed %q, want that the schema is up to date", got)
	}
}

func TestMigrate_NoDatabase(t *testing.T) {
	var out, errw bytes.Buffer
	err := run(context.Background(), []string{"migrate"}, func(string) string { return "" }, strings.NewReader(""), &out, &errw)
	if err == nil || !strings.Contains(err.Error(), "DATABASE_URL") {
		t.Errorf("migrate without a database: got %v, want an error naming DATABASE_URL", err)
	}
}
