package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/socialcrm/socialcrm"

	"github.com/socialcrm/socialcrm/store/memory"
	"github.com/socialcrm/socialcrm/store/postgres"
)

// openBenchStore opens the store of the end-to-end run. A Postgres run
// works in a schema of its own, dropped at the end, so that the synthetic
// mentions never mix with real ones.
func openBenchStore(ctx context.Context, kind, dsn string) (socialcrm.Store, func(), error) {
	switch kind {
	case "memory":
		s := memory.New()
		return s, func() { s.Close() }, nil
	case "postgres":
		if dsn == "" {
			return nil, nil, fmt.Errorf("bench: --store postgres needs --database-url or DATABASE_URL")
		}
		return openBenchPostgres(ctx, dsn)
	}
	return nil, nil, fmt.Errorf("bench: unknown store %q (want memory or postgres)", kind)
}

func openBenchPostgres(ctx context.Context, dsn string) (socialcrm.Store, func(), error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, nil, fmt.Errorf("bench: parse database URL: %w", err)
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := "bench_" + hex.EncodeToString(b[:])
	if err := execOnce(ctx, cfg.ConnConfig, "CREATE SCHEMA "+schema); err != nil {
		return nil, nil, fmt.Errorf("bench: create schema: %w", err)
	}
	drop := func() {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
		defer cancel()
		_ = execOnce(ctx, cfg.ConnConfig, "DROP SCHEMA "+schema+" CASCADE")
	}
	cfg.ConnConfig.RuntimeParams["search_path"] = schema
	s, err := postgres.OpenConfig(ctx, cfg)
	if err != nil {
		drop()
		return nil, nil, fmt.Errorf("bench: %w", err)
	}
	return s, func() { s.Close(); drop() }, nil
}

func execOnce(ctx context.Context, cc *pgx.ConnConfig, sql string) error {
	conn, err := pgx.ConnectConfig(ctx, cc.Copy())
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, sql)
	return err
}
