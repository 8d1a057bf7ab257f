package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/socialcrm/socialcrm/store/postgres"
)

// cmdMigrate applies the embedded SQL migrations the database lacks and
// prints which ones it applied.
func cmdMigrate(ctx context.Context, args []string, io stdio) error {
	fs := newFlagSet("migrate", "migrate [--database-url URL]", io)
	dsn := fs.String("database-url", "DATABASE_URL", "", "Postgres URL to migrate")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := fs.noArgs(); err != nil {
		return err
	}
	if *dsn == "" {
		return errors.New("migrate: no database: set --database-url or DATABASE_URL")
	}
	s, err := postgres.Dial(ctx, *dsn)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer s.Close()
	applied, err := s.Migrate(ctx)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	all, err := postgres.Migrations()
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if len(applied) == 0 {
		fmt.Fprintf(io.out, "migrate: schema is up to date (%d migrations, last %s)\n", len(all), all[len(all)-1])
		return nil
	}
	fmt.Fprintf(io.out, "migrate: applied %s\n", strings.Join(applied, ", "))
	return nil
}
