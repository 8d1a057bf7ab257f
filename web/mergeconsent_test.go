package web_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/crm"
	"github.com/socialcrm/socialcrm/store/memory"
	"github.com/socialcrm/socialcrm/web"
)

// TestMergeContact_Consent merges a duplicate that withdrew consent: the
// kept contact's history holds the withdrawal, the process's suppression
// list is told at once (the kept contact and the moved identity are not
// profiled), and the alert that listed the duplicate lists the kept one.
func TestMergeContact_Consent(t *testing.T) {
	st := memory.New()
	t.Cleanup(func() { st.Close() })
	ctx := context.Background()
	must(t, st.SaveContacts(ctx,
		&socialcrm.Contact{ID: "c-1", Name: "Alice", Identities: []socialcrm.Identity{{Network: "x", Handle: "alice"}}},
		&socialcrm.Contact{ID: "c-2", Name: "Alice M", Identities: []socialcrm.Identity{{Network: "mastodon", Handle: "am@example.social"}}}))
	must(t, st.SetConsent(ctx, &socialcrm.Consent{ContactID: "c-1", State: socialcrm.ConsentGranted, At: time.Now().Add(-time.Hour)}))
	must(t, st.SetConsent(ctx, &socialcrm.Consent{ContactID: "c-2", State: socialcrm.ConsentWithdrawn, Source: "email", At: time.Now()}))
	must(t, st.SaveAlert(ctx, &socialcrm.Alert{ID: "al-1", Fingerprint: "acme/vip", Brand: "acme", Reason: socialcrm.ReasonVIP,
		Status: socialcrm.AlertFiring, Start: time.Now(), End: time.Now(), CreatedAt: time.Now(), UpdatedAt: time.Now(), Contacts: []string{"c-2"}}))
	consents := crm.NewConsents(st, 0)
	must(t, consents.Load(ctx))
	base := serve(t, &web.Server{Store: st, OnConsentChanged: consents.Changed}, st).URL

	var ans struct{ Merge socialcrm.ContactMerge }
	sendJSON(t, "POST", base+"/api/v1/contacts/c-1/merge", `{"from":"c-2"}`, http.StatusOK, &ans)
	if ans.Merge.Consents != 1 || ans.Merge.Alerts != 1 {
		t.Errorf("merge = %+v, want 1 consent change and 1 alert moved", ans.Merge)
	}
	var got consentAnswer
	getJSON(t, base+"/api/v1/contacts/c-1/consent", http.StatusOK, &got)
	if got.State != socialcrm.ConsentWithdrawn || got.Profiled || len(got.History) != 2 {
		t.Errorf("kept contact's consent = %+v, want the duplicate's later withdrawal and both changes", got)
	}
	if consents.ProfiledContact("c-1") || consents.ProfiledKey("x:alice") || consents.ProfiledKey("mastodon:am@example.social") {
		t.Error("the suppression list was not told: the kept contact or an identity is still profiled")
	}
	var al socialcrm.Alert
	getJSON(t, base+"/api/v1/alerts/al-1", http.StatusOK, &al)
	if len(al.Contacts) != 1 || al.Contacts[0] != "c-1" {
		t.Errorf("alert contacts = %v, want c-1", al.Contacts)
	}
}
