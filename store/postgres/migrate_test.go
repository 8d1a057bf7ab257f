package postgres_test

import (
	"context"
	"slices"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/socialcrm/socialcrm/store/postgres"
	"github.com/socialcrm/socialcrm/store/postgres/pgtest"
)

func TestStore_Migrate(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.MustCreateSchema(t, pgtest.DSN(t))
	all, err := postgres.Migrations()
	if err != nil {
		t.Fatal(err)
	}
	if len(all) == 0 || all[0] != "0001_init" {
		t.Fatalf("Migrations() = %v, want 0001_init first", all)
	}

	// Four processes start at once on an empty schema: each migration is
	// applied by exactly one of them.
	const n = 4
	stores := make([]*postgres.Store, n)
	for i := range stores {
		s, err := postgres.Dial(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		stores[i] = s
	}
	applied := make([][]string, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i, s := range stores {
		wg.Go(func() { applied[i], errs[i] = s.Migrate(ctx) })
	}
	wg.Wait()
	var got []string
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("Migrate #%d: %v", i, errs[i])
		}
		got = append(got, applied[i]...)
	}
	slices.Sort(got)
	if d := cmp.Diff(all, got); d != "" {
		t.Errorf("migrations applied across processes (-want +got):\n%s", d)
	}

	again, err := stores[0].Migrate(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(again) != 0 {
		t.Errorf("second Migrate applied %v, want nothing", again)
	}
	var recorded int
	if err := stores[0].Pool().QueryRow(ctx, `SELECT count(*) FROM schema_migrations`).Scan(&recorded); err != nil {
		t.Fatal(err)
	}
	if recorded != len(all) {
		t.Errorf("schema_migrations has %d rows, want %d", recorded, len(all))
	}
}

func TestOpen_Error(t *testing.T) {
	ctx := context.Background()
	for name, dsn := range map[string]string{
		"BadURL":    "postgres://%zz",
		"NoServer":  "postgres://postgres@127.0.0.1:1/socialcrm?sslmode=disable&connect_timeout=2",
		"BadOption": "postgres://postgres@127.0.0.1/x?pool_max_conns=lots",
	} {
		t.Run(name, func(t *testing.T) {
			s, err := postgres.Open(ctx, dsn)
			if err == nil {
				s.Close()
				t.Fatal("Open: got nil error")
			}
		})
	}
}
