package web_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/store/memory"
	"github.com/socialcrm/socialcrm/web"
	"github.com/socialcrm/socialcrm/web/webtest"
)

// consentServer serves a memory store holding Dora and Eve, telling
// changed of each consent recorded through the API.
func consentServer(t *testing.T, changed func(context.Context, *socialcrm.Consent)) (string, *memory.Store) {
	t.Helper()
	st := memory.New()
	t.Cleanup(func() { st.Close() })
	g := seedPrivacy(t, st)
	srv := serve(t, &web.Server{Store: st, Graph: g, Stream: web.NewHub(), OnConsentChanged: changed}, st)
	return srv.URL, st
}

type consentAnswer struct {
	socialcrm.Consent
	Profiled bool                `json:"profiled"`
	History  []socialcrm.Consent `json:"history"`
}

func putConsent(t *testing.T, c *http.Client, url string, body any, want int) (consentAnswer, string) {
	t.Helper()
	res, err := webtest.Do(c, http.MethodPut, url, body)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != want {
		t.Fatalf("PUT %s %v: %s, want %d: %s", url, body, res.Status, want, b)
	}
	var a consentAnswer
	if want == http.StatusOK {
		if err := json.Unmarshal(b, &a); err != nil {
			t.Fatal(err)
		}
	}
	return a, string(b)
}

// TestConsent_API records an agent's opt-out and an opt-in again: each is
// stored with who and when, appended to the history, told to cmd, audited
// with its body, and part of the GDPR export's data; bad input is a 400
// naming the field, an unknown contact a 404, and a viewer may only read.
func TestConsent_API(t *testing.T) {
	var told []*socialcrm.Consent
	base, st := consentServer(t, func(_ context.Context, c *socialcrm.Consent) { told = append(told, c) })
	url := base + "/api/v1/contacts/c-dora/consent"
	var got consentAnswer
	getJSON(t, url, http.StatusOK, &got)
	if got.State != socialcrm.ConsentUnknown || !got.Profiled || len(got.History) != 0 {
		t.Errorf("consent never recorded = %+v, want unknown, profiled, no history", got)
	}

	agent := webtest.User(t, st, socialcrm.RoleAgent)
	ac := webtest.SignIn(t, base, agent.Email, webtest.Password)
	before := time.Now().Add(-time.Second)
	got, _ = putConsent(t, ac, url, map[string]any{"state": "withdrawn", "source": "email of 3 Dec"}, http.StatusOK)
	if got.State != socialcrm.ConsentWithdrawn || got.Profiled || got.By != agent.ID || got.At.Before(before) || got.Source != "email of 3 Dec" {
		t.Errorf("after withdrawal = %+v, want withdrawn by %s now, not profiled", got, agent.ID)
	}
	got, _ = putConsent(t, ac, url, map[string]any{"state": "granted", "suppressed": true}, http.StatusOK)
	if got.Profiled || !got.Suppressed || len(got.History) != 2 || got.History[0].State != socialcrm.ConsentWithdrawn {
		t.Errorf("after suppression = %+v, want suppressed, not profiled, two changes oldest first", got)
	}
	got, _ = putConsent(t, ac, url, map[string]any{"state": "granted"}, http.StatusOK)
	if !got.Profiled || len(got.History) != 3 {
		t.Errorf("after opting back in = %+v, want profiled and three changes", got)
	}
	if len(told) != 3 || told[0].State != socialcrm.ConsentWithdrawn || told[2].Profiled() != true {
		t.Errorf("OnConsentChanged told %v, want the three changes", told)
	}

	for body, field := range map[string]string{
		`{"state":"maybe"}`: "state",
		`{"state":"granted","source":"` + strings.Repeat("x", 300) + `"}`: "source",
		`{"state":"granted","extra":1}`:                                   "extra",
	} {
		_, msg := putConsent(t, ac, url, body, http.StatusBadRequest)
		if !strings.Contains(msg, field) {
			t.Errorf("PUT %s: %s, want the field %s named", body, msg, field)
		}
	}
	putConsent(t, ac, base+"/api/v1/contacts/nobody/consent", map[string]any{"state": "granted"}, http.StatusNotFound)
	viewer := webtest.Client(t, base, st, socialcrm.RoleViewer)
	putConsent(t, viewer, url, map[string]any{"state": "withdrawn"}, http.StatusForbidden)
	if h, _ := st.FindConsentHistory(context.Background(), "c-dora"); len(h) != 3 {
		t.Errorf("history has %d changes after refused ones, want 3", len(h))
	}

	es, err := st.FindAudit(context.Background(), socialcrm.AuditFilter{Action: "PUT /contacts/{id}/consent"})
	must(t, err)
	if len(es) != 3 || es[2].Actor != agent.ID || es[2].Target != "contacts/c-dora" || !strings.Contains(string(es[2].After), `"withdrawn"`) {
		t.Errorf("audit entries of the changes = %d, the first %+v", len(es), es[len(es)-1])
	}
}

// TestDashboard_Consent withdraws a contact's consent from the record page
// in a real browser, then records it as granted again: the page says
// whether the contact is profiled and lists the history, newest first.
func TestDashboard_Consent(t *testing.T) {
	base, st := consentServer(t, nil)
	ctx := browser(t)
	signIn(t, ctx, base, st, socialcrm.RoleAgent)

	do(t, ctx, "open the record", chromedp.Navigate(base+"/contacts/c-dora"), chromedp.WaitVisible(chromedp.CSS(`#consent-form`)))
	if p := eval[string](t, ctx, `document.querySelector("#consent-state").dataset.profiled`); p != "true" {
		t.Errorf("profiled before any change = %q", p)
	}
	if text := eval[string](t, ctx, `document.querySelector("#consent-history").textContent`); !strings.Contains(text, "No change") {
		t.Errorf("history before any change = %q", text)
	}
	waitFor(t, ctx, "segments line", `document.querySelector("#contact-segments").textContent === "In no segment."`)
	do(t, ctx, "withdraw", chromedp.SetValue(chromedp.CSS(`#consent-select`), "withdrawn"),
		chromedp.SendKeys(chromedp.CSS(`#consent-source`), "phone call"), chromedp.Click(chromedp.CSS(`#consent-save`)))
	waitFor(t, ctx, "withdrawn shown", `document.querySelector("#consent-state").dataset.profiled === "false"`)
	if text := eval[string](t, ctx, `document.querySelector("#consent-state").textContent`); !strings.Contains(text, "withdrawn") || !strings.Contains(text, "not linked") {
		t.Errorf("state after withdrawal = %q", text)
	}
	if text := eval[string](t, ctx, `document.querySelector("#consent-history li").textContent`); !strings.Contains(text, "Withdrawn") || !strings.Contains(text, "phone call") {
		t.Errorf("newest history entry = %q", text)
	}
	c, err := st.FindConsent(context.Background(), "c-dora")
	must(t, err)
	if c.State != socialcrm.ConsentWithdrawn || c.Source != "phone call" {
		t.Errorf("stored consent = %+v", c)
	}

	do(t, ctx, "suppress and grant", chromedp.SetValue(chromedp.CSS(`#consent-select`), "granted"),
		chromedp.Click(chromedp.CSS(`#consent-suppressed`)), chromedp.Click(chromedp.CSS(`#consent-save`)))
	waitFor(t, ctx, "two changes listed", `document.querySelectorAll("#consent-history li").length === 2`)
	if text := eval[string](t, ctx, `document.querySelector("#consent-state").textContent`); !strings.Contains(text, "Suppressed") {
		t.Errorf("state after suppression = %q", text)
	}
	do(t, ctx, "opt back in", chromedp.Click(chromedp.CSS(`#consent-suppressed`)), chromedp.Click(chromedp.CSS(`#consent-save`)))
	waitFor(t, ctx, "profiled again", `document.querySelector("#consent-state").dataset.profiled === "true" && document.querySelectorAll("#consent-history li").length === 3`)
	if c, _ := st.FindConsent(context.Background(), "c-dora"); !c.Profiled() {
		t.Errorf("stored consent after opting back in = %+v", c)
	}
	do(t, ctx, "reload", chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`#consent-form`)))
	if n := count(t, ctx, `#consent-history li`); n != 3 {
		t.Errorf("history after a reload lists %d changes, want 3", n)
	}
}
