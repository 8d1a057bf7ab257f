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
	if err != nil || !strings.Contains(out.String(), "would import 1 rows: 1 created") || !strings.Contains(out.String(), "line 2: create contact") ||
		!strings.Contains(errb.String(), "line 3") {
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

// importCSV writes csv to a file and runs import contacts with args on it.
func importCSV(t *testing.T, csv string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "contacts.csv")
	if err := os.WriteFile(path, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	args = append(append([]string{"import", "contacts"}, args...), path)
	err = run(context.Background(), args, func(string) string { return "" }, nil, &out, &errb)
	return out.String(), errb.String(), err
}

func TestImportContactsReportsMergesAndKeepsIdentities(t *testing.T) {
	db := testDatabase(t, "to import into Postgres")
	ctx := context.Background()
	st, err := postgres.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	bob := &socialcrm.Contact{ID: "c-bob", Name: "Bob", Title: "Buyer", Identities: []socialcrm.Identity{{Network: "x", Handle: "bob"}}}
	if err := st.SaveContacts(ctx, bob); err != nil {
		t.Fatal(err)
	}
	// Two identical rows, one differing only in email case, one reusing
	// the handle of an earlier row, one reusing the handle of a stored
	// contact, and a sparse row of the stored contact by email.
	csv := "First Name,Last Name,Email,Title,Twitter Username\n" +
		"Alice,Archer,alice@globex.example,CTO,alice\n" +
		"Alice,Archer,alice@globex.example,CTO,alice\n" +
		"Alice,Archer,ALICE@Globex.example,,alice\n" +
		"Carol,Cole,carol@initech.example,,alice\n" +
		"Dave,Dunn,dave@initech.example,,@Bob\n"
	out, errs, err := importCSV(t, csv, "--database-url", db)
	if err != nil {
		t.Fatalf("import: %v\n%s", err, errs)
	}
	for _, want := range []string{
		`line 3: merged into line 2`, `line 4: merged into line 2`,
		`line 5: identity x:alice is already on line 2`, `line 6: identity x:bob belongs to contact "c-bob"; not moved`,
	} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr does not report %q:\n%s", want, errs)
		}
	}
	if !strings.Contains(out, "imported 3 rows: 3 created") {
		t.Errorf("stdout: %s", out)
	}
	all, n, err := st.FindContacts(ctx, socialcrm.ContactFilter{Limit: -1})
	if err != nil || n != 4 {
		t.Fatalf("stored %d contacts (%v), want Alice, Bob, Carol and Dave: %+v", n, err, all)
	}
	for _, c := range all {
		switch c.Name {
		case "Bob":
			if len(c.Identities) != 1 || c.Identities[0].Handle != "bob" || c.Title != "Buyer" {
				t.Errorf("bob lost his handle: %+v", c)
			}
		case "Alice Archer":
			if len(c.Identities) != 1 || c.Title != "CTO" {
				t.Errorf("alice: %+v", c)
			}
		default:
			if len(c.Identities) != 0 {
				t.Errorf("%s took a handle: %+v", c.Name, c)
			}
		}
	}

	// A dry run lists the changes, by line, and writes nothing.
	out, errs, err = importCSV(t, "Name,Email,Title\nAlice Archer,Alice@globex.example,CEO\nErin,erin@x.example,\n", "--dry-run", "--database-url", db)
	if err != nil || !strings.Contains(out, `line 2: update contact`) || !strings.Contains(out, `title "CTO" → "CEO"`) ||
		!strings.Contains(out, `line 3: create contact`) || !strings.Contains(out, "would import 2 rows: 1 created, 1 updated") {
		t.Fatalf("dry run: %v\nout %s\nerr %s", err, out, errs)
	}
	if _, n, _ := st.FindContacts(ctx, socialcrm.ContactFilter{Limit: -1}); n != 4 {
		t.Fatalf("dry run wrote: %d contacts", n)
	}
}

func TestImportContactsStrictCSV(t *testing.T) {
	csv := "Name,Email\nAlice,\"alice@example.com\nBob,bob@example.com\nCarol,carol@example.com\nDan,dan@example.com\n"
	_, _, err := importCSV(t, csv, "--dry-run")
	if err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Fatalf("unterminated quote: %v, want an error naming line 2", err)
	}
	_, errs, err := importCSV(t, "Name,Email\nAlice,not-an-email\n,\n", "--dry-run")
	if err == nil || !strings.Contains(errs, "line 2: not imported") || !strings.Contains(errs, "line 3: not imported") {
		t.Fatalf("no valid row: %v, stderr %s", err, errs)
	}
}

// TestImportContactsOwners checks owners against the users: an email
// becomes the user's id, an unknown owner (of the contact or of its
// account) leaves the row out with its line, and a file without the
// account columns keeps the account's stored stage, owner and tags.
func TestImportContactsOwners(t *testing.T) {
	ctx := context.Background()
	db := testDatabase(t, "to import into Postgres")
	st, err := postgres.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.CreateUser(ctx, &socialcrm.User{ID: "u-ana", Email: "ana@example.com", Role: socialcrm.RoleAgent, Active: true}); err != nil {
		t.Fatal(err)
	}
	csv := "Name,Email,Contact Owner,Company,Account ID,Account Lifecycle Stage,Account Owner,Account Tags,Native IDs\n" +
		"Alice,alice@example.com,ANA@example.com,Globex,acc-g,Customer,u-ana,vip;emea,x:111\n" +
		"Bob,bob@example.com,nobody@example.com,Globex,acc-g,,,,\n" +
		"Carol,carol@example.com,,Initech,acc-i,,u-ghost,,\n" +
		"Dan,dan@example.com,,,,,,,bad-native-id\n"
	out, errs, err := importCSV(t, csv, "--database-url", db)
	if err != nil {
		t.Fatalf("import: %v %s", err, errs)
	}
	for _, want := range []string{`line 3: not imported: contact "c-`, `owner "nobody@example.com" is not a user`,
		`line 4: not imported: contact "c-`, `account "acc-i": owner "u-ghost" is not a user`,
		`line 5: not imported: native id "bad-native-id": want network:id or network:id=handle`} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errs)
		}
	}
	if !strings.Contains(out, "imported 1 rows: 1 created") {
		t.Errorf("stdout = %q", out)
	}
	q := "alice"
	cs, _, err := st.FindContacts(ctx, socialcrm.ContactFilter{Query: &q})
	if err != nil || len(cs) != 1 || cs[0].Owner != "u-ana" || len(cs[0].Identities) != 1 || cs[0].Identities[0].NativeID != "111" {
		t.Fatalf("alice: %v %+v", err, cs)
	}
	acc, err := st.FindAccountByID(ctx, "acc-g")
	if err != nil || acc.Lifecycle != socialcrm.LifecycleCustomer || acc.Owner != "u-ana" || strings.Join(acc.Tags, ";") != "vip;emea" {
		t.Fatalf("account: %v %+v", err, acc)
	}
	if _, err := st.FindAccountByID(ctx, "acc-i"); err == nil {
		t.Error("account of an unknown owner imported")
	}
	// A file without the account's stage, owner and tags keeps them.
	if _, errs, err := importCSV(t, "Name,Email,Company,Account ID\nAlice,alice@example.com,Globex,acc-g\n", "--database-url", db); err != nil {
		t.Fatalf("second import: %v %s", err, errs)
	}
	acc, err = st.FindAccountByID(ctx, "acc-g")
	if err != nil || acc.Lifecycle != socialcrm.LifecycleCustomer || acc.Owner != "u-ana" || len(acc.Tags) != 2 {
		t.Fatalf("account after a sparse import: %v %+v", err, acc)
	}
}
