package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/socialcrm/socialcrm/crm"
	"github.com/socialcrm/socialcrm/store/postgres"
)

func cmdImport(ctx context.Context, args []string, io stdio) error {
	return runSubcommand(ctx, "import", []command{
		{"contacts", "upsert a HubSpot- or Salesforce-style contacts export", cmdImportContacts},
	}, args, io)
}

func cmdImportContacts(ctx context.Context, args []string, io stdio) error {
	fs := newFlagSet("import contacts", "import contacts [flags] FILE.csv\n\n"+
		"Reads a HubSpot- or Salesforce-style contacts export (First Name, Last Name, Email, Company,\n"+
		"Tier, Annual Revenue, and social columns such as Twitter Username, Mastodon, Bluesky, Reddit)\n"+
		"and upserts the contacts, their social identities and accounts.", io)
	dsn := fs.String("database-url", "DATABASE_URL", "", "Postgres to import into")
	dry := fs.Bool("dry-run", "", false, "read and check the file, print what would be imported, write nothing")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errors.New("import contacts: want exactly one CSV file")
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return fmt.Errorf("import contacts: %w", err)
	}
	defer f.Close()
	imp, err := crm.ReadContactsCSV(f, time.Now().UTC())
	if err != nil {
		return fmt.Errorf("import contacts: %s: %w", fs.Arg(0), err)
	}
	for _, e := range imp.Errors {
		fmt.Fprintf(io.err, "import contacts: %s: skipped %v\n", fs.Arg(0), e)
	}
	if len(imp.Ignored) > 0 {
		fmt.Fprintf(io.err, "import contacts: ignored columns: %q\n", imp.Ignored)
	}
	fmt.Fprintf(io.out, "%d contacts, %d accounts, %d rows skipped\n", len(imp.Contacts), len(imp.Accounts), len(imp.Errors))
	if *dry {
		return nil
	}
	if *dsn == "" {
		return errors.New("import contacts: DATABASE_URL (or --database-url) is required, or use --dry-run")
	}
	st, err := postgres.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.SaveAccounts(ctx, imp.Accounts...); err != nil {
		return fmt.Errorf("import contacts: save accounts: %w", err)
	}
	const batch = 500
	for i := 0; i < len(imp.Contacts); i += batch {
		if err := st.SaveContacts(ctx, imp.Contacts[i:min(i+batch, len(imp.Contacts))]...); err != nil {
			return fmt.Errorf("import contacts: rows of contacts %d to %d: %w", i+1, min(i+batch, len(imp.Contacts)), err)
		}
		fmt.Fprintf(io.err, "\rimported %d/%d contacts", min(i+batch, len(imp.Contacts)), len(imp.Contacts))
	}
	fmt.Fprintln(io.err)
	return nil
}
