package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

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
	st := migratedStore(t, src)
	accounts := []*socialcrm.Account{{ID: "acc-1", Name: "Globex, Inc.", Domain: "globex.example", Tier: socialcrm.TierGold, Value: 12000.5,
		Currency: "USD", Lifecycle: socialcrm.LifecycleCustomer, Owner: "u-ana", Tags: []string{"enterprise", "renewal q1"}},
		{ID: "acc-2", Name: "Initech", Tier: socialcrm.TierBronze}}
	contacts := []*socialcrm.Contact{
		{ID: "c-1", Name: `Dora "D" O'Brien, Jr`, Email: "dora@globex.example", Phone: "+33 1 23", Title: "CTO", AccountID: "acc-1",
			Lifecycle: socialcrm.LifecycleCustomer, Owner: "u-ana", Tags: []string{"vip", "churn risk"},
			Identities: []socialcrm.Identity{{Network: "x", Handle: "dora"}, {Network: "mastodon", Handle: "dora@example.social"},
				{Network: "bluesky", Handle: "dora.bsky.social"}, {Network: "bluesky", Handle: "dora-work.bsky.social"},
				{Network: "x", NativeID: "1234567890"}, {Network: "webhook", NativeID: "crm-77"}, {Network: "threads", Handle: "dora.t"}}},
		{ID: "c-2", Name: "Eve", AccountID: "acc-2", Lifecycle: socialcrm.LifecycleProspect,
			Identities: []socialcrm.Identity{{Network: "reddit", Handle: "eve_r", NativeID: "t2_abc"}, {Network: "hackernews", Handle: "eveh"}}},
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

	// The owner must be a user of the store imported into: not yet.
	errb.Reset()
	if err := run(ctx, []string{"migrate", "--database-url", dst}, getenv, nil, &out, &errb); err != nil {
		t.Fatalf("migrate: %v %s", err, errb.String())
	}
	errb.Reset()
	if err := run(ctx, []string{"import", "contacts", "--database-url", dst, path}, getenv, nil, &out, &errb); err != nil {
		t.Fatalf("import without the owner: %v %s", err, errb.String())
	}
	doraLine := 1 + strings.Count(string(csv)[:strings.Index(string(csv), "\nc-1,")+1], "\n")
	if got := errb.String(); !strings.Contains(got, fmt.Sprintf(`line %d: not imported: contact "c-1": owner "u-ana" is not a user`, doraLine)) {
		t.Errorf("import without the owner: stderr %q", got)
	}
	back, err := postgres.Open(ctx, dst)
	if err != nil {
		t.Fatal(err)
	}
	defer back.Close()
	if _, err := back.FindContactByID(ctx, "c-1"); !errors.Is(err, socialcrm.ErrNotFound) {
		t.Errorf("contact of an unknown owner imported: %v", err)
	}
	if err := back.CreateUser(ctx, &socialcrm.User{ID: "u-ana", Email: "ana@example.com", Role: socialcrm.RoleAgent, Active: true}); err != nil {
		t.Fatal(err)
	}
	errb.Reset()
	if err := run(ctx, []string{"import", "contacts", "--database-url", dst, path}, getenv, nil, &out, &errb); err != nil {
		t.Fatalf("import: %v %s", err, errb.String())
	}
	if strings.Contains(errb.String(), "not imported") {
		t.Errorf("import: stderr %q", errb.String())
	}
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
		"acc-1,\"Globex, Inc.\",globex.example,gold,12000.5,customer,u-ana,enterprise;renewal q1\nacc-2,Initech,,bronze,,,,\n"
	if out.String() != wantCSV || !strings.Contains(errb.String(), "wrote 2 accounts to stdout") {
		t.Errorf("export accounts = %q, stderr %q", out.String(), errb.String())
	}
	if err := run(ctx, []string{"export", "contacts"}, getenv, nil, &out, &errb); err == nil || !strings.Contains(err.Error(), "DATABASE_URL") {
		t.Errorf("export without a database: %v", err)
	}
}

// TestExportLeadsAndOpportunities exports the leads of a Postgres to a
// file, over more than one page, and its opportunities to stdout: the
// headers, the count, and every column of a known record.
func TestExportLeadsAndOpportunities(t *testing.T) {
	ctx := context.Background()
	db := testDatabase(t, "to export leads and opportunities from Postgres")
	getenv := func(string) string { return "" }
	var out, errb bytes.Buffer
	st := migratedStore(t, db)
	lead := &socialcrm.Lead{ID: "l-1", Name: `Dora "D" O'Brien`, Company: "Globex, Inc.", Email: "dora@globex.example",
		Source: socialcrm.LeadFromForm, Status: socialcrm.LeadDisqualified, Reason: "no budget, maybe in 2027",
		Owner: "u-ana", Score: 80, Brand: "acme",
		Identities: []socialcrm.Identity{{Network: "x", Handle: "dora"}, {Network: "bluesky", Handle: "dora.bsky.social"},
			{Network: "bluesky", Handle: "dora-work.bsky.social"}, {Network: "linkedin", Handle: "dora-ob"},
			{Network: "mastodon", NativeID: "10982"}}}
	if err := st.CreateLead(ctx, lead); err != nil {
		t.Fatal(err)
	}
	for i := range 505 { // more than one page of the export
		if err := st.CreateLead(ctx, &socialcrm.Lead{ID: fmt.Sprintf("l-bulk-%03d", i), Name: fmt.Sprintf("Bulk %03d", i),
			Source: socialcrm.LeadFromImport, Status: socialcrm.LeadNew}); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.SetLeadConsent(ctx, &socialcrm.Consent{LeadID: "l-bulk-000", State: socialcrm.ConsentWithdrawn, At: time.Now()}); err != nil {
		t.Fatal(err)
	}
	if err := st.SaveAccounts(ctx, &socialcrm.Account{ID: "acc-1", Name: "Globex, Inc."}); err != nil {
		t.Fatal(err)
	}
	for _, o := range []*socialcrm.Opportunity{
		{ID: "o-1", Name: "Globex, renewal", AccountID: "acc-1", Contacts: []string{"c-1", "c-2"}, Amount: 1234550, Currency: "EUR",
			Stage: socialcrm.StageLost, Probability: 0, Outcome: socialcrm.OutcomeLost, ExpectedClose: "2027-01-31", Owner: "u-ana", LostReason: `went with "Initech"`},
		{ID: "o-2", Name: "Globex Japan", AccountID: "acc-1", Amount: 5000, Currency: "JPY", Stage: socialcrm.StageNegotiation, Probability: 75},
	} {
		if err := st.CreateOpportunity(ctx, o); err != nil {
			t.Fatal(err)
		}
	}

	path := filepath.Join(t.TempDir(), "leads.csv")
	out.Reset()
	errb.Reset()
	if err := run(ctx, []string{"export", "leads", "--database-url", db, "--out", path}, getenv, nil, &out, &errb); err != nil {
		t.Fatalf("export leads: %v %s", err, errb.String())
	}
	if got := errb.String(); !strings.Contains(got, "export leads: 500 of 506\n") || !strings.Contains(got, "export leads: 506 of 506\n") ||
		!strings.Contains(got, "wrote 505 leads to "+path+"; 2 identities without a handle") ||
		!strings.Contains(got, "; 1 leads who withdrew consent or are suppressed left out") {
		t.Errorf("export leads stderr = %q", got)
	}
	if out.Len() != 0 {
		t.Errorf("export leads with --out wrote to stdout: %.200q", out.String())
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	wantHeader := []string{"Lead ID", "Name", "Company", "Email", "Status", "Disqualified Reason", "Source", "Owner", "Score",
		"Twitter Username", "Mastodon", "Bluesky", "Reddit", "Hacker News"}
	if len(rows) == 0 || !cmp.Equal(rows[0], wantHeader) {
		t.Fatalf("leads header: %v", cmp.Diff(wantHeader, rows[:min(1, len(rows))]))
	}
	if len(rows) != 506 {
		t.Errorf("leads CSV has %d rows, want the header and 505 leads (one withdrew)", len(rows))
	}
	ids := map[string]bool{}
	var got []string
	for _, r := range rows[1:] {
		ids[r[0]] = true
		if r[0] == "l-1" {
			got = r
		}
	}
	if len(ids) != 505 || ids["l-bulk-000"] {
		t.Errorf("leads CSV has %d distinct leads, want 505 without l-bulk-000 (withdrawn)", len(ids))
	}
	wantLead := []string{"l-1", `Dora "D" O'Brien`, "Globex, Inc.", "dora@globex.example", "disqualified", "no budget, maybe in 2027",
		"form", "u-ana", "80", "dora", "", "dora.bsky.social;dora-work.bsky.social", "", ""}
	if d := cmp.Diff(wantLead, got); d != "" {
		t.Errorf("lead l-1 in the CSV (-want +got):\n%s", d)
	}

	// Opportunities go to stdout without --out, soonest expected close first.
	out.Reset()
	errb.Reset()
	if err := run(ctx, []string{"export", "opportunities", "--database-url", db}, getenv, nil, &out, &errb); err != nil {
		t.Fatalf("export opportunities: %v %s", err, errb.String())
	}
	wantCSV := "Opportunity ID,Name,Account ID,Amount,Currency,Stage,Probability,Expected Close Date,Owner,Lost Reason,Contact IDs\n" +
		`o-1,"Globex, renewal",acc-1,12345.5,EUR,lost,0,2027-01-31,u-ana,"went with ""Initech""",c-1;c-2` + "\n" +
		"o-2,Globex Japan,acc-1,5000,JPY,negotiation,75,,,,\n"
	if d := cmp.Diff(wantCSV, out.String()); d != "" {
		t.Errorf("export opportunities (-want +got):\n%s", d)
	}
	if got := errb.String(); !strings.Contains(got, "export opportunities: 2 of 2\n") || !strings.Contains(got, "wrote 2 opportunities to stdout\n") {
		t.Errorf("export opportunities stderr = %q", got)
	}
	if err := run(ctx, []string{"export", "leads"}, getenv, nil, &out, &errb); err == nil || !strings.Contains(err.Error(), "DATABASE_URL") {
		t.Errorf("export leads without a database: %v", err)
	}
}
