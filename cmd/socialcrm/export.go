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
		{"leads", "leads as CSV, Salesforce-style columns, handles per network", cmdExportLeads},
		{"opportunities", "opportunities as CSV: amount, stage, expected close, contacts", cmdExportOpportunities},
	}, args, sio)
}

func cmdExportContacts(ctx context.Context, args []string, sio stdio) error {
	return exportCSV(ctx, "contacts", "contact", "HubSpot-style headers that import contacts reads", args, sio, func(ctx context.Context, st *postgres.Store, w io.Writer, e stdio) (crm.ExportStats, error) {
		return crm.ExportContacts(ctx, st, w, func(done, total int) {
			fmt.Fprintf(e.err, "export contacts: %d of %d\n", done, total)
		})
	})
}

func cmdExportAccounts(ctx context.Context, args []string, sio stdio) error {
	return exportCSV(ctx, "accounts", "account", "the account columns of a contacts export, with its stage, owner and tags", args, sio,
		func(ctx context.Context, st *postgres.Store, w io.Writer, _ stdio) (crm.ExportStats, error) {
			return crm.ExportAccounts(ctx, st, w)
		})
}

func cmdExportLeads(ctx context.Context, args []string, sio stdio) error {
	return exportCSV(ctx, "leads", "lead", "Lead ID, Name, Company, Email, Status, Disqualified Reason, Source,\n"+
		"Owner, Score and a handle column per network. Leads whose consent is withdrawn or who are\nsuppressed are left out", args, sio,
		func(ctx context.Context, st *postgres.Store, w io.Writer, e stdio) (crm.ExportStats, error) {
			return crm.ExportLeads(ctx, st, w, func(done, total int) {
				fmt.Fprintf(e.err, "export leads: %d of %d\n", done, total)
			})
		})
}

func cmdExportOpportunities(ctx context.Context, args []string, sio stdio) error {
	return exportCSV(ctx, "opportunities", "opportunity", "Opportunity ID, Name, Account ID, Amount (in major units of Currency),\n"+
		"Currency, Stage, Probability, Expected Close Date, Owner, Lost Reason, Contact IDs (separated by ;)", args, sio,
		func(ctx context.Context, st *postgres.Store, w io.Writer, e stdio) (crm.ExportStats, error) {
			return crm.ExportOpportunities(ctx, st, w, func(done, total int) {
				fmt.Fprintf(e.err, "export opportunities: %d of %d\n", done, total)
			})
		})
}

// exportCSV runs one export command: flags, the store, the output file
// (written whole or not at all) and the summary on stderr. what is the
// plural, one the singular, columns says what the CSV holds.
func exportCSV(ctx context.Context, what, one, columns string, args []string, sio stdio,
	write func(context.Context, *postgres.Store, io.Writer, stdio) (crm.ExportStats, error)) error {
	return writeCSV(ctx, csvCommand{name: "export " + what, what: what, usage: "export " + what + " [flags]\n\n" +
		"Writes every " + one + " as CSV to stdout or --out (written whole or not at all),\n" +
		"with progress on stderr.\n\nColumns: " + columns + "."}, args, sio,
		func(ctx context.Context, st *postgres.Store, w io.Writer, e stdio, _ []string) (crm.ExportStats, error) {
			return write(ctx, st, w, e)
		})
}

// csvCommand names a command that writes a CSV: name for messages, what
// it writes (plural), its usage, and how many arguments it takes.
type csvCommand struct {
	name, what, usage string
	args              int
}

// writeCSV runs a command that writes a CSV from the store: flags, its
// arguments, the output file (written whole or not at all) and the
// summary on stderr.
func writeCSV(ctx context.Context, c csvCommand, args []string, sio stdio,
	write func(context.Context, *postgres.Store, io.Writer, stdio, []string) (crm.ExportStats, error)) error {
	what := c.what
	fs := newFlagSet(c.name, c.usage, sio)
	dsn := fs.String("database-url", "DATABASE_URL", "", "Postgres to export from")
	out := fs.String("out", "", "", "file to write (default: stdout)")
	var pos []string // arguments, with flags before or after them
	for rest := args; ; rest = fs.Args()[1:] {
		if err := fs.Parse(rest); err != nil {
			return err
		}
		if fs.NArg() == 0 {
			break
		}
		pos = append(pos, fs.Arg(0))
	}
	if len(pos) > c.args {
		fs.Usage()
		return fmt.Errorf("%s: unexpected argument %q", c.name, pos[c.args])
	}
	if len(pos) < c.args {
		fs.Usage()
		return fmt.Errorf("%s: want %d argument(s), got %d", c.name, c.args, len(pos))
	}
	if *dsn == "" {
		return fmt.Errorf("%s: DATABASE_URL (or --database-url) is required", c.name)
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
			return fmt.Errorf("%s: %w", c.name, err)
		}
		defer os.Remove(tmp.Name())
		w, dest = tmp, *out
	}
	stats, err := write(ctx, st, w, sio, pos)
	if err == nil && tmp != nil {
		err = errors.Join(tmp.Close(), os.Rename(tmp.Name(), *out))
	}
	if err != nil {
		if tmp != nil {
			tmp.Close()
		}
		return fmt.Errorf("%s: %w", c.name, err)
	}
	fmt.Fprintf(sio.err, "%s: wrote %d %s to %s", c.name, stats.Rows, what, dest)
	if stats.Skipped > 0 {
		if what == "contacts" {
			fmt.Fprintf(sio.err, "; %d identities with ; or = in their network, id or handle left out", stats.Skipped)
		} else {
			fmt.Fprintf(sio.err, "; %d identities without a handle or on a network without a column left out", stats.Skipped)
		}
	}
	if stats.Unprofiled > 0 {
		fmt.Fprintf(sio.err, "; %d %s who withdrew consent or are suppressed left out", stats.Unprofiled, what)
	}
	fmt.Fprintln(sio.err)
	return nil
}
