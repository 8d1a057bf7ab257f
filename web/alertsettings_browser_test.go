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
// segment targets are shown read-only; a viewer sees the values and no
// save button.
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
}
