package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/crm"
)

// TestSegmentsExport writes a segment's members to a file with
// `segments export ID --out F`: the contacts-export columns, members only
// (not the contact who withdrew consent), and an unknown segment fails
// leaving no file.
func TestSegmentsExport(t *testing.T) {
	ctx := context.Background()
	db := testDatabase(t, "to export a segment from Postgres")
	getenv := func(string) string { return "" }
	var out, errb bytes.Buffer
	st := migratedStore(t, db)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(st.SaveAccounts(ctx, &socialcrm.Account{ID: "acc-p", Name: "Plat", Tier: socialcrm.TierPlatinum, Value: 90000}))
	must(st.SaveContacts(ctx, &socialcrm.Contact{ID: "c-1", Name: "Ann", AccountID: "acc-p", Identities: []socialcrm.Identity{{Network: "x", Handle: "ann"}}},
		&socialcrm.Contact{ID: "c-2", Name: "Bob", AccountID: "acc-p"}, &socialcrm.Contact{ID: "c-3", Name: "Cid"}))
	must(st.SetConsent(ctx, &socialcrm.Consent{ContactID: "c-2", State: socialcrm.ConsentWithdrawn, At: time.Now()}))
	must(st.CreateSegment(ctx, &socialcrm.Segment{ID: "plat", Name: "Platinum", Rules: socialcrm.SegmentRules{Match: "all",
		Conditions: []socialcrm.SegmentCondition{{Field: socialcrm.SegTier, Op: socialcrm.OpEq, Text: socialcrm.TierPlatinum}}}}))

	path := filepath.Join(t.TempDir(), "plat.csv")
	if err := run(ctx, []string{"segments", "export", "--database-url", db, "plat", "--out", path}, getenv, nil, &out, &errb); err != nil {
		t.Fatalf("segments export: %v %s", err, errb.String())
	}
	if got := errb.String(); !strings.Contains(got, "segments export: 1 of 1\n") || !strings.Contains(got, "segments export: wrote 1 members to "+path) {
		t.Errorf("stderr = %q", got)
	}
	f, err := os.Open(path)
	must(err)
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	must(err)
	if len(rows) != 2 || !cmp.Equal(rows[0], crm.ContactHeaders) {
		t.Fatalf("CSV: want the contacts header and Ann alone: %q", rows)
	}
	got := map[string]string{}
	for i, h := range rows[0] {
		if rows[1][i] != "" {
			got[h] = rows[1][i]
		}
	}
	want := map[string]string{"Record ID": "c-1", "Name": "Ann", "Account ID": "acc-p", "Company": "Plat", "Tier": "platinum",
		"Annual Revenue": "90000", "Twitter Username": "ann"}
	if !cmp.Equal(got, want) {
		t.Errorf("Ann's row: %v", cmp.Diff(want, got))
	}

	missing := filepath.Join(t.TempDir(), "none.csv")
	errb.Reset()
	err = run(ctx, []string{"segments", "export", "--database-url", db, "--out", missing, "nope"}, getenv, nil, &out, &errb)
	if err == nil || !strings.Contains(err.Error(), "not found") {
		t.Errorf("unknown segment: %v", err)
	}
	if _, err := os.Stat(missing); !os.IsNotExist(err) {
		t.Errorf("a failed export left %s: %v", missing, err)
	}
	if err := run(ctx, []string{"segments", "export", "--database-url", db}, getenv, nil, &out, &errb); err == nil {
		t.Error("segments export without an ID succeeded")
	}
}
