package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/store/postgres"
)

func TestImportContacts(t *testing.T) {
	path := filepath.Join(t.TempDir(), "contacts.csv")
	csv := "First Name,Last Name,Email,Company Name,Tier,Twitter Username\n" +
		"Alice,Archer,alice@globex.example,Globex,Platinum,alice\n" +
		",,,,,\n"
	if err := os.WriteFile(path, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	getenv := func(string) string { return "" }
	err := run(context.Background(), []string{"import", "contacts", "--dry-run", path}, getenv, nil, &out, &errb)
	if err != nil || !strings.Contains(out.String(), "1 contacts, 1 accounts, 1 rows skipped") || !strings.Contains(errb.String(), "line 3") {
		t.Fatalf("dry run: %v, out %q, err %q", err, out.String(), errb.String())
	}
	if err := run(context.Background(), []string{"import", "contacts", "/no/such.csv"}, getenv, nil, &out, &errb); err == nil {
		t.Fatal("missing file accepted")
	}
	db := testDatabase(t, "to import into Postgres")
	if err := run(context.Background(), []string{"import", "contacts", "--database-url", db, path}, getenv, nil, &out, &errb); err != nil {
		t.Fatal(err)
	}
	st, err := postgres.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	q := "alice"
	cs, n, err := st.FindContacts(context.Background(), socialcrm.ContactFilter{Query: &q})
	if err != nil || n != 1 || cs[0].Identities[0].Handle != "alice" {
		t.Fatalf("stored: %v %d %+v", err, n, cs)
	}
}

func socialcrmContactFilter(q *string) socialcrm.ContactFilter {
	return socialcrm.ContactFilter{Query: q}
}
