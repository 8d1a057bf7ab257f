package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm/store/postgres"
	"github.com/socialcrm/socialcrm/store/postgres/pgtest"
)

// Two processes on one database: one leads the role, the other waits and
// takes over when the first gives it up or its connection dies.
func TestStore_Lead(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.MustCreateSchema(t, pgtest.DSN(t))
	open := func() *postgres.Store {
		s, err := postgres.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	a, b := open(), open()
	held, release, err := a.Lead(ctx, "graph")
	if err != nil {
		t.Fatal(err)
	}
	wctx, cancel := context.WithTimeout(ctx, 2500*time.Millisecond)
	_, _, err = b.Lead(wctx, "graph")
	cancel()
	if err == nil {
		t.Fatal("a second process took the role while the first held it")
	}
	type lead struct {
		held    context.Context
		release func()
		err     error
	}
	got := make(chan lead, 1)
	go func() {
		h, r, err := b.Lead(ctx, "graph")
		got <- lead{h, r, err}
	}()
	start := time.Now()
	release()
	if held.Err() == nil {
		t.Error("released role's context still live")
	}
	l := <-got
	if l.err != nil {
		t.Fatal(l.err)
	}
	t.Logf("standby took over %s after the release", time.Since(start).Round(time.Millisecond))
	// The holder's connection dies: its lock goes with it, and so does its context.
	var pid int
	if err := a.Pool().QueryRow(ctx, `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 2
		AND classid::bigint = hashtext('socialcrm.lead.graph')::bigint & 4294967295
		AND objid::bigint = hashtext(current_schema())::bigint & 4294967295`).Scan(&pid); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Pool().Exec(ctx, `SELECT pg_terminate_backend($1)`, pid); err != nil {
		t.Fatal(err)
	}
	select {
	case <-l.held.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("the role's context outlived its connection")
	}
	l.release()
	h, r, err := a.Lead(ctx, "graph")
	if err != nil || h.Err() != nil {
		t.Fatalf("role not free after its holder's connection died: %v", err)
	}
	r()
}
