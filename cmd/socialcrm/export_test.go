package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/store/postgres"
)

// TestExportContacts_RoundTrip exports the contacts of one Postgres to a
// CSV file and imports that file into a fresh one: the contacts and their
// accounts come back the same.
func TestExportContacts_RoundTrip(t *testing.T) {
	ctx := context.Background()
	src, dst := testDatabase(t, "to export from Postgres"), testDatabase(t, "to import into Postgres")
	getenv := func(string) string { return "" }
	var out, errb bytes.Buffer
	if err := run(ctx, []string{"migrate", "--database-url", src}, getenv, nil, &out, &errb); err != nil {
		t.Fatalf("migrate: %v %s", err, errb.String())
	}
	st, err := postgres.Open(ctx, src)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	accounts := []*socialcrm.Account{{ID: "acc-1", Name: "Globex, Inc.", Domain: "globex.example", Tier: socialcrm.TierGold, Value: 12000.5},
		{ID: "acc-2", Name: "Initech", Tier: socialcrm.TierBronze}}
	contacts := []*socialcrm.Contact{
		{ID: "c-1", Name: `Dora "D" O'Brien, Jr`, Email: "dora@globex.example", Phone: "+33 1 23", Title: "CTO", AccountID: "acc-1",
			Lifecycle: socialcrm.LifecycleCustomer, Owner: "u-ana", Tags: []string{"vip", "churn risk"},
			Identities: []socialcrm.Identity{{Network: "x", Handle: "dora"}, {Network: "mastodon", Handle: "dora@example.social"},
				{Network: "bluesky", Handle: "dora.bsky.social"}, {Network: "bluesky", Handle: "dora-work.bsky.social"}}},
		{ID: "c-2", Name: "Eve", AccountID: "acc-2", Lifecycle: socialcrm.LifecycleProspect,
			Identities: []socialcrm.Identity{{Network: "reddit", Handle: "eve_r"}, {Network: "hackernews", Handle: "eveh"}}},
	}
	for i := range 520 { // more than one page of the export
		contacts = append(contacts, &socialcrm.Contact{ID: fmt.Sprintf("c-bulk-%03d", i), Name: fmt.Sprintf("Bulk %03d", i),
			Email: fmt.Sprintf("bulk%03d@example.com", i)})
	}
	if err := st.SaveAccounts(ctx, accounts...); err != nil {
		t.Fatal(err)
	}
	if err := st.SaveContacts(ctx, contacts...); err != nil {
		t.Fatal(err)
	}

	path := filepath.Join(t.TempDir(), "out", "contacts.csv")
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	errb.Reset()
	if err := run(ctx, []string{"export", "contacts", "--database-url", src, "--out", path}, getenv, nil, &out, &errb); err != nil {
		t.Fatalf("export: %v %s", err, errb.String())
	}
	if got := errb.String(); !strings.Contains(got, "export contacts: 500 of 522\n") || !strings.Contains(got, "export contacts: 522 of 522\n") ||
		!strings.Contains(got, "wrote 522 contacts to "+path) {
		t.Errorf("export stderr = %q", got)
	}
	if out.Len() != 0 {
		t.Errorf("export with --out wrote to stdout: %.200q", out.String())
	}
	csv, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if first, _, _ := strings.Cut(string(csv), "\n"); !strings.HasPrefix(first, "Record ID,Name,Email,") {
		t.Errorf("header = %q", first)
	}

	errb.Reset()
	if err := run(ctx, []string{"import", "contacts", "--database-url", dst, path}, getenv, nil, &out, &errb); err != nil {
		t.Fatalf("import: %v %s", err, errb.String())
	}
	back, err := postgres.Open(ctx, dst)
	if err != nil {
		t.Fatal(err)
	}
	defer back.Close()
	want, _, err := st.FindContacts(ctx, socialcrm.ContactFilter{Limit: -1})
	if err != nil {
		t.Fatal(err)
	}
	got, _, err := back.FindContacts(ctx, socialcrm.ContactFilter{Limit: -1})
	if err != nil {
		t.Fatal(err)
	}
	noTimes := cmp.Options{cmpopts.EquateEmpty(), cmpopts.IgnoreFields(socialcrm.Contact{}, "CreatedAt", "UpdatedAt"),
		cmpopts.IgnoreFields(socialcrm.Account{}, "CreatedAt", "UpdatedAt")}
	if d := cmp.Diff(want, got, noTimes); d != "" {
		t.Errorf("contacts after export and import (-exported +imported):\n%s", d)
	}
	wantA, _ := st.FindAccounts(ctx)
	gotA, _ := back.FindAccounts(ctx)
	if d := cmp.Diff(wantA, gotA, noTimes); d != "" {
		t.Errorf("accounts after export and import (-exported +imported):\n%s", d)
	}

	// Accounts go to stdout without --out.
	out.Reset()
	errb.Reset()
	if err := run(ctx, []string{"export", "accounts", "--database-url", src}, getenv, nil, &out, &errb); err != nil {
		t.Fatalf("export accounts: %v", err)
	}
	wantCSV := "Account ID,Company,Company Domain,Tier,Annual Revenue,Lifecycle Stage,Owner,Tags\n" +
		"acc-1,\"Globex, Inc.\",globex.example,gold,12000.5,,,\nacc-2,Initech,,bronze,,,,\n"
	if out.String() != wantCSV || !strings.Contains(errb.String(), "wrote 2 accounts to stdout") {
		t.Errorf("export accounts = %q, stderr %q", out.String(), errb.String())
	}
	if err := run(ctx, []string{"export", "contacts"}, getenv, nil, &out, &errb); err == nil || !strings.Contains(err.Error(), "DATABASE_URL") {
		t.Errorf("export without a database: %v", err)
	}
}
