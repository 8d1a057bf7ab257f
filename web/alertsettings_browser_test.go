package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/alerts"
	"github.com/socialcrm/socialcrm/store/memory"
	"github.com/socialcrm/socialcrm/web"
)

// TestAlertSettingsForm_Browser: on the Alerts page an admin changes a
// detector parameter and a brand's, saves, and the API answers the new
// values with the brand's other overrides kept; an invalid value shows the
// server's refusal, stays in the form and changes nothing stored; the
// segment targets are shown read-only. The admin adds a brand, its fields
// prefilled with the shared values (a name over the bound is refused,
// naming the rule), and removes acme's override after a confirm step
// (cancelled once). A viewer sees the values and no save, add or remove
// control.
func TestAlertSettingsForm_Browser(t *testing.T) {
	st := memory.New()
	t.Cleanup(func() { st.Close() })
	conf := alerts.DefaultConfig()
	acme := conf.Params
	acme.MinVolume = 20
	conf.Brands = map[string]alerts.Params{"acme": acme}
	al, err := alerts.New(conf, st, nil, nil, prometheus.NewRegistry())
	must(t, err)
	ts := serve(t, &web.Server{Store: st, Stream: web.NewHub(), Alerts: al}, st)
	settingsURL := ts.URL + "/api/v1/alerts/settings"
	type params struct {
		Threshold float64 `json:"threshold"`
		MinVolume float64 `json:"min_volume"`
	}
	type settings struct {
		Params params            `json:"params"`
		Brands map[string]params `json:"brands"`
	}
	stored := func() settings {
		var s settings
		getJSON(t, settingsURL, http.StatusOK, &s)
		return s
	}

	ctx := browser(t, "/api/v1/session", "/api/v1/alerts/settings") // signed out; the refused PUT
	signIn(t, ctx, ts.URL, st, socialcrm.RoleAdmin)
	do(t, ctx, "open the alerts page", chromedp.Navigate(ts.URL+"/alerts"), chromedp.WaitVisible(chromedp.CSS(`#alert-settings-toggle`)),
		chromedp.Click(chromedp.CSS(`#alert-settings-toggle`)), chromedp.WaitVisible(chromedp.CSS(`#alert-settings-save`)))
	if got := eval[string](t, ctx, `document.querySelector('[name="params.window"]').value`); got != "5m" {
		t.Errorf("window shown as %q, want 5m", got)
	}
	if got := eval[string](t, ctx, `document.querySelector('[name="params.threshold"]').value`); got != "5" {
		t.Errorf("threshold shown as %q, want 5", got)
	}
	fileOnly := eval[string](t, ctx, `document.querySelector('#alert-settings-form [data-group="file-only"]').textContent`)
	if !strings.Contains(fileOnly, "--alert-config file only") || !strings.Contains(fileOnly, "vip_segment") {
		t.Errorf("segment targets read %q, want the note that the file sets them", fileOnly)
	}
	if n := count(t, ctx, `#alert-settings-form [data-group="file-only"] input`); n != 0 {
		t.Errorf("segment targets have %d inputs, want none", n)
	}

	do(t, ctx, "change the threshold and acme's", chromedp.SetValue(chromedp.CSS(`[name="params.threshold"]`), "6"),
		chromedp.Click(chromedp.CSS(`[data-brand="acme"] summary`)), chromedp.SetValue(chromedp.CSS(`[name="brands.acme.threshold"]`), "7"),
		chromedp.Click(chromedp.CSS(`#alert-settings-save`)))
	waitFor(t, ctx, "saved and reread", `document.querySelector("#alert-settings-status")?.textContent.includes("saved") &&
		document.querySelector('[name="params.threshold"]').value === "6" && document.querySelector("#alert-settings").textContent.includes("z ≥ 6")`)
	s := stored()
	if s.Params.Threshold != 6 {
		t.Errorf("stored threshold = %v, want 6", s.Params.Threshold)
	}
	if b := s.Brands["acme"]; b.Threshold != 7 || b.MinVolume != 20 {
		t.Errorf("acme's threshold %v and min_volume %v, want 7 and its override 20 kept", b.Threshold, b.MinVolume)
	}

	do(t, ctx, "an invalid threshold", chromedp.SetValue(chromedp.CSS(`[name="params.threshold"]`), "-1"),
		chromedp.Click(chromedp.CSS(`#alert-settings-save`)))
	waitFor(t, ctx, "the refusal is shown", `document.querySelector("#alert-settings-error").textContent.includes("threshold")`)
	if got := eval[string](t, ctx, `document.querySelector('[name="params.threshold"]').value`); got != "-1" {
		t.Errorf("threshold after the refusal = %q, want the input -1 kept", got)
	}
	if got := stored().Params.Threshold; got != 6 {
		t.Errorf("stored threshold after the refusal = %v, want 6", got)
	}

	do(t, ctx, "reopen the form and add a brand", chromedp.Navigate(ts.URL+"/alerts"), chromedp.WaitVisible(chromedp.CSS(`#alert-settings-toggle`)),
		chromedp.Click(chromedp.CSS(`#alert-settings-toggle`)), chromedp.WaitVisible(chromedp.CSS(`#alert-settings-add-brand`)),
		chromedp.SetValue(chromedp.CSS(`#alert-settings-new-brand`), "globex"), chromedp.Click(chromedp.CSS(`#alert-settings-add-brand`)),
		chromedp.WaitVisible(chromedp.CSS(`[name="brands.globex.min_volume"]`)))
	if got := eval[string](t, ctx, `document.querySelector('[name="brands.globex.threshold"]').value`); got != "6" {
		t.Errorf("the new brand's threshold is prefilled with %q, want the shared 6", got)
	}
	long := strings.Repeat("x", socialcrm.MaxLabelBytes+1)
	do(t, ctx, "a brand name over the bound", chromedp.SetValue(chromedp.CSS(`#alert-settings-new-brand`), long),
		chromedp.Click(chromedp.CSS(`#alert-settings-add-brand`)), chromedp.Click(chromedp.CSS(`#alert-settings-save`)))
	waitFor(t, ctx, "the refusal names the rule", `document.querySelector("#alert-settings-error").textContent.includes("as a mention's brand")`)
	do(t, ctx, "drop it and save the new brand", chromedp.Click(chromedp.CSS(`[data-brand="`+long+`"] .brand-cancel`)),
		chromedp.SetValue(chromedp.CSS(`[name="brands.globex.min_volume"]`), "9"), chromedp.Click(chromedp.CSS(`#alert-settings-save`)))
	waitFor(t, ctx, "saved with the new brand", `document.querySelector("#alert-settings-status")?.textContent.includes("saved") &&
		document.querySelector('[data-brand="globex"]:not([data-new])') !== null && document.querySelector("#alert-settings").textContent.includes("acme, globex")`)
	if b, ok := stored().Brands["globex"]; !ok || b.MinVolume != 9 || b.Threshold != 6 {
		t.Errorf("stored globex = %+v (%v), want min_volume 9 over the shared threshold 6", b, ok)
	}

	do(t, ctx, "ask to remove acme, then cancel", chromedp.Click(chromedp.CSS(`[data-brand="acme"] summary`)),
		chromedp.Click(chromedp.CSS(`[data-brand="acme"] .brand-remove`)), chromedp.WaitVisible(chromedp.CSS(`[data-brand="acme"] .brand-remove-yes`)),
		chromedp.Click(chromedp.CSS(`[data-brand="acme"] .brand-remove-no`)), chromedp.WaitVisible(chromedp.CSS(`[data-brand="acme"] .brand-remove`)))
	if _, ok := stored().Brands["acme"]; !ok {
		t.Fatal("acme's override is gone after the removal was cancelled")
	}
	do(t, ctx, "remove acme", chromedp.Click(chromedp.CSS(`[data-brand="acme"] .brand-remove`)),
		chromedp.Click(chromedp.CSS(`[data-brand="acme"] .brand-remove-yes`)))
	waitFor(t, ctx, "acme removed", `document.querySelector("#alert-settings-status")?.textContent.includes("removed") &&
		document.querySelector('[data-brand="acme"]') === null && !document.querySelector("#alert-settings").textContent.includes("acme")`)
	if b := stored().Brands; len(b) != 1 || b["globex"].MinVolume != 9 {
		t.Errorf("stored brands after removing acme = %+v, want globex's alone", b)
	}

	viewer := browser(t, "/api/v1/session")
	signIn(t, viewer, ts.URL, st, socialcrm.RoleViewer)
	do(t, viewer, "open the alerts page", chromedp.Navigate(ts.URL+"/alerts"), chromedp.WaitVisible(chromedp.CSS(`#alert-settings-toggle`)),
		chromedp.Click(chromedp.CSS(`#alert-settings-toggle`)), chromedp.WaitVisible(chromedp.CSS(`#alert-settings-form`)))
	if n := count(t, viewer, `#alert-settings-save, #alert-settings-form button[type=submit]`); n != 0 {
		t.Errorf("a viewer sees %d save buttons, want none", n)
	}
	if !eval[bool](t, viewer, `document.querySelector('[name="params.threshold"]').matches(":disabled") && document.querySelector('[name="params.threshold"]').value === "6"`) {
		t.Error("a viewer's threshold is not shown read-only with the stored 6")
	}
	if n := count(t, viewer, `#alert-settings-add-brand, #alert-settings-new-brand, .brand-remove`); n != 0 || count(t, viewer, `[data-brand="globex"]`) != 1 {
		t.Errorf("a viewer sees %d controls to add or remove brands, want none, and globex's override", n)
	}
}
