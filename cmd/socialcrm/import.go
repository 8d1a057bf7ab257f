package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/socialcrm/socialcrm"
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
		"and upserts the contacts, their social identities and accounts. The columns export contacts\n"+
		"writes are read back: Account Lifecycle Stage, Account Owner, Account Tags, Account Currency and\n"+
		"Native IDs (network:id[=handle];…). An owner must be a user, by id or email; a row whose owner (or whose\n"+
		"account's owner) is none is reported by line and not imported.", io)
	dsn := fs.String("database-url", "DATABASE_URL", "", "Postgres to import into")
	dry := fs.Bool("dry-run", "", false, "read the file, compare with the store and list what would change, write nothing")
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
	name := fs.Arg(0)
	var st *postgres.Store
	if *dsn != "" {
		if st, err = postgres.Open(ctx, *dsn); err != nil {
			return err
		}
		defer st.Close()
		users, err := st.FindUsers(ctx)
		if err != nil {
			return fmt.Errorf("import contacts: read users: %w", err)
		}
		crm.CheckOwners(imp, users)
	} else if *dry {
		fmt.Fprintln(io.err, "import contacts: no DATABASE_URL: owners are not checked against the users")
	}
	for _, e := range imp.Errors {
		fmt.Fprintf(io.err, "import contacts: %s: line %d: not imported: %v\n", name, e.Line, e.Err)
	}
	for _, n := range imp.Notes {
		fmt.Fprintf(io.err, "import contacts: %s: %v\n", name, n)
	}
	if len(imp.Ignored) > 0 {
		fmt.Fprintf(io.err, "import contacts: ignored columns: %q\n", imp.Ignored)
	}
	if len(imp.Contacts) == 0 {
		return fmt.Errorf("import contacts: %s: no valid row (%d not imported)", name, len(imp.Errors))
	}
	var existing []*socialcrm.Contact
	switch {
	case st != nil:
		if existing, _, err = st.FindContacts(ctx, socialcrm.ContactFilter{Limit: -1}); err != nil {
			return fmt.Errorf("import contacts: read existing contacts: %w", err)
		}
	case *dry:
		fmt.Fprintln(io.err, "import contacts: no DATABASE_URL: comparing with an empty store")
	default:
		return errors.New("import contacts: DATABASE_URL (or --database-url) is required, or use --dry-run")
	}
	plan := crm.PlanImport(imp, existing)
	for _, n := range plan.Notes {
		fmt.Fprintf(io.err, "import contacts: %s: %v\n", name, n)
	}
	created := 0
	for _, c := range plan.Changes {
		if c.Create {
			created++
		}
		if *dry {
			fmt.Fprintf(io.out, "%v\n", c)
		}
	}
	verb := "imported"
	if *dry {
		verb = "would import"
	}
	summary := fmt.Sprintf("%s %d rows: %d created, %d updated, %d unchanged; %d merged or identities kept, %d not imported, %d accounts\n",
		verb, len(imp.Contacts), created, len(plan.Changes)-created, plan.Unchanged, len(imp.Notes)+len(plan.Notes), len(imp.Errors), len(imp.Accounts))
	if *dry {
		fmt.Fprint(io.out, summary)
		return nil
	}
	if err := keepAccountFields(ctx, st, imp.Accounts); err != nil {
		return fmt.Errorf("import contacts: read accounts: %w", err)
	}
	if err := st.SaveAccounts(ctx, imp.Accounts...); err != nil {
		return fmt.Errorf("import contacts: save accounts: %w", err)
	}
	cs := plan.Contacts()
	const batch = 500
	for i := 0; i < len(cs); i += batch {
		if err := st.SaveContacts(ctx, cs[i:min(i+batch, len(cs))]...); err != nil {
			return fmt.Errorf("import contacts: contacts of lines %d to %d: %w", plan.Changes[i].Line, plan.Changes[min(i+batch, len(cs))-1].Line, err)
		}
	}
	// Running processes reload their contacts at once, not at their next
	// period; a lost notice only delays that.
	if err := st.NotifyChange(ctx, socialcrm.ChangeContacts); err != nil {
		fmt.Fprintf(io.err, "import contacts: running processes were not told (they reload contacts every minute): %v\n", err)
	}
	fmt.Fprint(io.out, summary)
	return nil
}

// keepAccountFields gives each imported account the stored values of the
// fields its rows left empty, so that a file without a column (stage,
// owner, tags, currency…) never wipes it.
func keepAccountFields(ctx context.Context, st *postgres.Store, as []*socialcrm.Account) error {
	for _, a := range as {
		old, err := st.FindAccountByID(ctx, a.ID)
		if errors.Is(err, socialcrm.ErrNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		for _, f := range [][2]*string{{&a.Domain, &old.Domain}, {&a.Tier, &old.Tier}, {&a.Currency, &old.Currency},
			{&a.Lifecycle, &old.Lifecycle}, {&a.Owner, &old.Owner}} {
			if *f[0] == "" {
				*f[0] = *f[1]
			}
		}
		if a.Value == 0 {
			a.Value = old.Value
		}
		if len(a.Tags) == 0 {
			a.Tags = old.Tags
		}
		a.CreatedAt = old.CreatedAt
	}
	return nil
}
