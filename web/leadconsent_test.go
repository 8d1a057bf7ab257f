package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/crm"
	"github.com/socialcrm/socialcrm/store/memory"
	"github.com/socialcrm/socialcrm/web"
	"github.com/socialcrm/socialcrm/web/webtest"
)

// TestLeadConsent_API records a lead's opt-out through real HTTP on both
// stores: stored with who and when, told to cmd, refused to a viewer, a
// 404 for an unknown lead, a 400 naming a bad field; converting the lead
// carries the history to the contact, whose consent it is then and whose
// GDPR export lists it.
func TestLeadConsent_API(t *testing.T) {
	eachStore(t, testLeadConsentAPI)
}

func testLeadConsentAPI(t *testing.T, st socialcrm.Store) {
	ctx := context.Background()
	must(t, st.CreateLead(ctx, &socialcrm.Lead{ID: "l-peter", Name: "Peter Gibbons", Company: "Initech", Source: socialcrm.LeadFromMention,
		Status: socialcrm.LeadNew, Identities: []socialcrm.Identity{{Network: "mastodon", Handle: "peter@example.social"}}}))
	var told []*socialcrm.Consent
	srv := &web.Server{Store: st, Stream: web.NewHub(), Privacy: crm.NewPrivacy(st, nil, nil),
		OnConsentChanged: func(_ context.Context, c *socialcrm.Consent) { told = append(told, c) }}
	base := serve(t, srv, st).URL
	url := base + "/api/v1/leads/l-peter/consent"
	var got consentAnswer
	getJSON(t, url, http.StatusOK, &got)
	if got.State != socialcrm.ConsentUnknown || !got.Profiled || got.LeadID != "l-peter" || len(got.History) != 0 {
		t.Errorf("never recorded = %+v", got)
	}
	agent := webtest.User(t, st, socialcrm.RoleAgent)
	ac := webtest.SignIn(t, base, agent.Email, webtest.Password)
	got, _ = putConsent(t, ac, url, map[string]any{"state": "withdrawn", "source": "reply on mastodon"}, http.StatusOK)
	if got.State != socialcrm.ConsentWithdrawn || got.Profiled || got.By != agent.ID || got.LeadID != "l-peter" || len(got.History) != 1 {
		t.Errorf("after withdrawal = %+v", got)
	}
	if len(told) != 1 || told[0].LeadID != "l-peter" || told[0].Profiled() {
		t.Errorf("told %+v, want the lead's withdrawal", told)
	}
	_, msg := putConsent(t, ac, url, `{"state":"maybe"}`, http.StatusBadRequest)
	if !strings.Contains(msg, "state") {
		t.Errorf("bad state: %s", msg)
	}
	putConsent(t, ac, base+"/api/v1/leads/nobody/consent", map[string]any{"state": "granted"}, http.StatusNotFound)
	putConsent(t, webtest.Client(t, base, st, socialcrm.RoleViewer), url, map[string]any{"state": "granted"}, http.StatusForbidden)

	code, body := send(t, "POST", base+"/api/v1/leads/l-peter/convert", `{"account":{"name":"Initech","tier":"gold"}}`)
	if code != http.StatusOK && code != http.StatusCreated {
		t.Fatalf("convert: %d %s", code, body)
	}
	var conv struct{ Contact socialcrm.Contact }
	must(t, json.Unmarshal([]byte(body), &conv))
	if last := told[len(told)-1]; last.ContactID != conv.Contact.ID || last.Profiled() {
		t.Errorf("told after conversion %+v, want the new contact's carried withdrawal", last)
	}
	getJSON(t, base+"/api/v1/contacts/"+conv.Contact.ID+"/consent", http.StatusOK, &got)
	if got.State != socialcrm.ConsentWithdrawn || got.Profiled || got.ContactID != conv.Contact.ID || len(got.History) != 1 ||
		got.History[0].Source != "reply on mastodon" {
		t.Errorf("the contact's consent after conversion = %+v, want the lead's withdrawal", got)
	}
	var x socialcrm.ContactExport
	getJSON(t, base+"/api/v1/contacts/"+conv.Contact.ID+"/export", http.StatusOK, &x)
	if len(x.Consent) != 1 || x.Consent[0].State != socialcrm.ConsentWithdrawn {
		t.Errorf("GDPR export consent = %+v, want the lead's withdrawal", x.Consent)
	}
}

// TestDashboard_LeadConsent withdraws a lead's consent from its record
// page in a real browser.
func TestDashboard_LeadConsent(t *testing.T) {
	st := memory.New()
	t.Cleanup(func() { st.Close() })
	ts := serve(t, &web.Server{Store: st, Stream: web.NewHub()}, st)
	must(t, st.CreateLead(context.Background(), &socialcrm.Lead{ID: "l-peter", Name: "Peter Gibbons", Source: socialcrm.LeadFromForm, Status: socialcrm.LeadNew}))
	ctx := browser(t)
	signIn(t, ctx, ts.URL, st, socialcrm.RoleAgent)
	do(t, ctx, "open the lead", chromedp.Navigate(ts.URL+"/leads/l-peter"), chromedp.WaitVisible(chromedp.CSS(`#consent-form`)))
	do(t, ctx, "withdraw", chromedp.SetValue(chromedp.CSS(`#consent-select`), "withdrawn"),
		chromedp.SendKeys(chromedp.CSS(`#consent-source`), "phone call"), chromedp.Click(chromedp.CSS(`#consent-save`)))
	waitFor(t, ctx, "withdrawn shown", `document.querySelector("#consent-state").dataset.profiled === "false"`)
	if text := eval[string](t, ctx, `document.querySelector("#consent-state").textContent`); !strings.Contains(text, "not added to the lead") {
		t.Errorf("state after withdrawal = %q", text)
	}
	if text := eval[string](t, ctx, `document.querySelector("#consent-history li").textContent`); !strings.Contains(text, "phone call") {
		t.Errorf("history = %q", text)
	}
	c, err := st.FindLeadConsent(context.Background(), "l-peter")
	must(t, err)
	if c.State != socialcrm.ConsentWithdrawn || c.Source != "phone call" {
		t.Errorf("stored consent = %+v", c)
	}
}
