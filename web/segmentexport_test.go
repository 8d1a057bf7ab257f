package web_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/crm"
	"github.com/socialcrm/socialcrm/web"
)

// TestSegments_ExportCSV downloads a segment's members as CSV through real
// HTTP from both stores: every member (more than one page of the store),
// in the columns of `export contacts`, never a contact who withdrew
// consent, and a bad format or an unknown segment answers JSON errors.
func TestSegments_ExportCSV(t *testing.T) {
	eachStore(t, testSegmentExport)
}

func testSegmentExport(t *testing.T, st socialcrm.Store) {
	ctx, now := context.Background(), time.Now().UTC()
	must(t, st.SaveAccounts(ctx, &socialcrm.Account{ID: "acc-p", Name: "Plat, Inc.", Domain: "plat.example", Tier: socialcrm.TierPlatinum, Value: 120000},
		&socialcrm.Account{ID: "acc-g", Name: "Gold", Tier: socialcrm.TierGold, Value: 30000}))
	cs := []*socialcrm.Contact{
		{ID: "c-pia", Name: `Pia "P" O'Neil`, Email: "pia@plat.example", Title: "CTO", AccountID: "acc-p", Tags: []string{"vip", "beta"},
			Identities: []socialcrm.Identity{{Network: "x", Handle: "pia"}, {Network: "mastodon", Handle: "pia@example.social"}}},
		{ID: "c-ola", Name: "Ola", AccountID: "acc-p"},
		{ID: "c-gus", Name: "Gus", AccountID: "acc-g"},
	}
	const bulk = 505 // more than one page of the export
	for i := range bulk {
		cs = append(cs, &socialcrm.Contact{ID: fmt.Sprintf("c-bulk-%03d", i), Name: fmt.Sprintf("Bulk %03d", i), AccountID: "acc-p"})
	}
	must(t, st.SaveContacts(ctx, cs...))
	must(t, st.SetConsent(ctx, &socialcrm.Consent{ContactID: "c-ola", State: socialcrm.ConsentWithdrawn, At: now}))
	must(t, st.CreateSegment(ctx, &socialcrm.Segment{ID: "plat", Name: "Platinum",
		Rules: socialcrm.SegmentRules{Match: "all", Conditions: []socialcrm.SegmentCondition{{Field: socialcrm.SegTier, Op: socialcrm.OpEq, Text: socialcrm.TierPlatinum}}}}))
	base := serve(t, &web.Server{Store: st, Stream: web.NewHub()}, st).URL

	resp, err := client(t, base).Get(base + "/api/v1/segments/plat/members?format=csv")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") ||
		resp.Header.Get("Content-Disposition") != `attachment; filename="segment-plat.csv"` {
		t.Fatalf("status %d, headers %v: %.300s", resp.StatusCode, resp.Header, body)
	}
	rows, err := csv.NewReader(strings.NewReader(string(body))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) == 0 || !cmp.Equal(rows[0], crm.ContactHeaders) {
		t.Fatalf("header: %v", cmp.Diff(crm.ContactHeaders, rows[:min(1, len(rows))]))
	}
	if len(rows) != 1+bulk+1 {
		t.Errorf("%d rows, want the header, %d bulk contacts and Pia", len(rows), bulk)
	}
	ids := map[string]bool{}
	for _, r := range rows[1:] {
		if ids[r[0]] {
			t.Errorf("contact %s written twice", r[0])
		}
		ids[r[0]] = true
	}
	if ids["c-ola"] || ids["c-gus"] {
		t.Errorf("Ola (withdrawn) or Gus (gold) exported: %v %v", ids["c-ola"], ids["c-gus"])
	}
	pia := map[string]string{} // by name: "Bulk …" then "Pia"
	for i, h := range rows[0] {
		if v := rows[len(rows)-1][i]; v != "" {
			pia[h] = v
		}
	}
	wantPia := map[string]string{"Record ID": "c-pia", "Name": `Pia "P" O'Neil`, "Email": "pia@plat.example", "Job Title": "CTO",
		"Tags": "vip;beta", "Account ID": "acc-p", "Company": "Plat, Inc.", "Company Domain": "plat.example", "Tier": "platinum",
		"Annual Revenue": "120000", "Twitter Username": "pia", "Mastodon": "pia@example.social"}
	if !cmp.Equal(pia, wantPia) {
		t.Errorf("Pia's row: %v", cmp.Diff(wantPia, pia))
	}

	var e struct{ Error string }
	getJSON(t, base+"/api/v1/segments/plat/members?format=xml", http.StatusBadRequest, &e)
	if !strings.Contains(e.Error, "format") {
		t.Errorf("format=xml: %q", e.Error)
	}
	getJSON(t, base+"/api/v1/segments/nope/members?format=csv", http.StatusNotFound, &e)
}
