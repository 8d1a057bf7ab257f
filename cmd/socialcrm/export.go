package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/socialcrm/socialcrm/crm"
	"github.com/socialcrm/socialcrm/store/postgres"
)

func cmdExport(ctx context.Context, args []string, sio stdio) error {
	return runSubcommand(ctx, "export", []command{
		{"contacts", "contacts as CSV, in the columns import contacts reads", cmdExportContacts},
		{"accounts", "accounts as CSV", cmdExportAccounts},
	}, args, sio)
}

func cmdExportContacts(ctx context.Context, args []string, sio stdio) error {
	return exportCSV(ctx, "contacts", args, sio, func(ctx context.Context, st *postgres.Store, w io.Writer, e stdio) (crm.ExportStats, error) {
		return crm.ExportContacts(ctx, st, w, func(done, total int) {
			fmt.Fprintf(e.err, "export contacts: %d of %d\n", done, total)
		})
	})
}

func cmdExportAccounts(ctx context.Context, args []string, sio stdio) error {
	return exportCSV(ctx, "accounts", args, sio, func(ctx context.Context, st *postgres.Store, w io.Writer, _ stdio) (crm.ExportStats, error) {
		return crm.ExportAccounts(ctx, st, w)
	})
}

// exportCSV runs one export command: flags, the store, the output file
// (written whole or not at all) and the summary on stderr.
func exportCSV(ctx context.Context, what string, args []string, sio stdio,
	write func(context.Context, *postgres.Store, io.Writer, stdio) (crm.ExportStats, error)) error {
	fs := newFlagSet("export "+what, "export "+what+" [flags]\n\n"+
		"Writes every "+what[:len(what)-1]+" as CSV (HubSpot-style headers that import contacts reads) to\n"+
		"stdout or --out, with progress on stderr.", sio)
	dsn := fs.String("database-url", "DATABASE_URL", "", "Postgres to export from")
	out := fs.String("out", "", "", "file to write (default: stdout)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		fs.Usage()
		return fmt.Errorf("export %s: unexpected argument %q", what, fs.Arg(0))
	}
	if *dsn == "" {
		return fmt.Errorf("export %s: DATABASE_URL (or --database-url) is required", what)
	}
	st, err := postgres.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer st.Close()
	w, dest := sio.out, "stdout"
	var tmp *os.File
	if *out != "" {
		if tmp, err = os.CreateTemp(filepath.Dir(*out), ".export-*.csv"); err != nil {
			return fmt.Errorf("export %s: %w", what, err)
		}
		defer os.Remove(tmp.Name())
		w, dest = tmp, *out
	}
	stats, err := write(ctx, st, w, sio)
	if err == nil && tmp != nil {
		err = errors.Join(tmp.Close(), os.Rename(tmp.Name(), *out))
	}
	if err != nil {
		if tmp != nil {
			tmp.Close()
		}
		return fmt.Errorf("export %s: %w", what, err)
	}
	fmt.Fprintf(sio.err, "export %s: wrote %d %s to %s", what, stats.Rows, what, dest)
	if stats.Skipped > 0 {
		fmt.Fprintf(sio.err, "; %d identities without a handle or on a network without a column left out", stats.Skipped)
	}
	if stats.Unprofiled > 0 {
		fmt.Fprintf(sio.err, "; %d contacts who withdrew consent or are suppressed left out", stats.Unprofiled)
	}
	fmt.Fprintln(sio.err)
	return nil
}
