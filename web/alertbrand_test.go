package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/alerts"
	"github.com/socialcrm/socialcrm/store/memory"
	"github.com/socialcrm/socialcrm/web"
)

// brandSettings is the part of GET /api/v1/alerts/settings the brand
// tests read.
type brandSettings struct {
	Params map[string]any            `json:"params"`
	Brands map[string]map[string]any `json:"brands"`
}

// PUT /api/v1/alerts/settings adds a brand's override over the shared
// parameters, and a brand set to null removes it: GET no longer shows it,
// the removal is audited, the alerter raises the brand's next alert with
// the shared parameters, and an alerter started afterwards on the same
// store keeps the override removed, one from --alert-config included.
func TestAlertSettings_AddRemoveBrand(t *testing.T) {
	ctx := context.Background()
	st := vipStore(t)
	now := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	conf := alerts.DefaultConfig()
	conf.Now = func() time.Time { return now }
	skyway := conf.Params
	skyway.MinVolume = 20
	conf.Brands = map[string]alerts.Params{"skyway": skyway} // as --alert-config sets it
	a, err := alerts.New(conf, st, nil, nil, prometheus.NewRegistry())
	if err != nil {
		t.Fatal(err)
	}
	ts := serve(t, &web.Server{Store: st, Alerts: a}, st)
	url := ts.URL + "/api/v1/alerts/settings"
	complain := func(n int) *socialcrm.Alert {
		t.Helper()
		now = now.Add(time.Minute)
		m := &socialcrm.Mention{V: 1, ID: fmt.Sprintf("mastodon:%d", n), Source: "mastodon", Brand: "acme", Author: socialcrm.Author{Handle: "alice"},
			Text: "worst support ever", CreatedAt: now, Contacts: []string{"c1"}, Sentiment: &socialcrm.Sentiment{Label: socialcrm.Negative}}
		if err := a.Observe(ctx, []*socialcrm.Mention{m}); err != nil {
			t.Fatal(err)
		}
		var list alertListBody
		if code := alertCall(t, "GET", ts.URL+"/api/v1/alerts?status=firing", "", &list); code != http.StatusOK || len(list.Alerts) != 1 {
			t.Fatalf("firing alerts after a VIP complaint: %d %+v", code, list)
		}
		return &list.Alerts[0]
	}

	var got brandSettings
	if code := alertCall(t, "PUT", url, `{"brands": {"acme": {"window": "10m"}}}`, &got); code != http.StatusOK {
		t.Fatalf("PUT a new brand: %d", code)
	}
	if b := got.Brands["acme"]; b["window"] != "10m0s" || b["threshold"] != got.Params["threshold"] || got.Brands["skyway"]["min_volume"] != 20.0 {
		t.Fatalf("brands after adding acme: %+v, want acme over the shared parameters and skyway kept", got.Brands)
	}
	if code := alertCall(t, "GET", url, "", &got); code != http.StatusOK || got.Brands["acme"]["window"] != "10m0s" {
		t.Fatalf("GET after adding acme: %d %+v", code, got.Brands)
	}
	if al := complain(1); al.Window != "10m0s" {
		t.Errorf("acme's alert under its override: window %s, want 10m0s", al.Window)
	} else if code := alertCall(t, "POST", ts.URL+"/api/v1/alerts/"+al.ID+"/resolve", "", nil); code != http.StatusOK {
		t.Fatalf("resolve: %d", code)
	}

	removal := `{"brands": {"acme": null, "skyway": null}}`
	got = brandSettings{}
	if code := alertCall(t, "PUT", url, removal, &got); code != http.StatusOK || len(got.Brands) != 0 {
		t.Fatalf("PUT removing acme and skyway: %d %+v, want no brands", code, got.Brands)
	}
	got = brandSettings{}
	if code := alertCall(t, "GET", url, "", &got); code != http.StatusOK || got.Brands == nil || len(got.Brands) != 0 {
		t.Errorf("GET after the removal: %d %+v, want no brands", code, got.Brands)
	}
	if al := complain(2); al.Window != "5m0s" {
		t.Errorf("acme's alert after its override is removed: window %s, want the shared 5m0s", al.Window)
	}
	es, err := st.FindAudit(ctx, socialcrm.AuditFilter{Action: "PUT /alerts/settings"})
	if err != nil || len(es) != 2 || !bytes.Contains(es[0].After, []byte(`"acme": null`)) && !bytes.Contains(es[1].After, []byte(`"acme": null`)) {
		t.Errorf("audit entries = %+v, %v, want the removal with its body", es, err)
	}

	restarted, err := alerts.New(conf, st, nil, nil, prometheus.NewRegistry())
	if err != nil {
		t.Fatal(err)
	}
	if err := restarted.LoadSettings(ctx); err != nil {
		t.Fatal(err)
	}
	later := serve(t, &web.Server{Store: st, Alerts: restarted}, st)
	got = brandSettings{}
	if code := alertCall(t, "GET", later.URL+"/api/v1/alerts/settings", "", &got); code != http.StatusOK || len(got.Brands) != 0 {
		t.Errorf("GET from an alerter started after the removal: %d %+v, want no brands", code, got.Brands)
	}
}

// Brand names over the bound of a mention's brand, empty ones and more
// brands than the bound are refused with 400 naming the rule, and change
// nothing.
func TestAlertSettings_BadBrandNames(t *testing.T) {
	st := memory.New()
	a, err := alerts.New(alerts.DefaultConfig(), st, nil, nil, prometheus.NewRegistry())
	if err != nil {
		t.Fatal(err)
	}
	ts := serve(t, &web.Server{Store: st, Alerts: a}, st)
	url := ts.URL + "/api/v1/alerts/settings"
	many := make([]string, alerts.MaxBrands+1)
	for i := range many {
		many[i] = fmt.Sprintf(`"b%d": {}`, i)
	}
	for _, tc := range []struct{ body, want string }{
		{`{"brands": {"": {}}}`, "want 1 to 128 bytes, as a mention's brand"},
		{fmt.Sprintf(`{"brands": {%q: {}}}`, strings.Repeat("x", socialcrm.MaxLabelBytes+1)), "want 1 to 128 bytes, as a mention's brand"},
		{`{"brands": {` + strings.Join(many, ", ") + `}}`, fmt.Sprintf("want at most %d", alerts.MaxBrands)},
	} {
		req, _ := http.NewRequest("PUT", url, strings.NewReader(tc.body))
		req.Header.Set("Content-Type", "application/json")
		resp, err := client(t, url).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var e struct{ Error string }
		_ = json.NewDecoder(resp.Body).Decode(&e)
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(e.Error, tc.want) {
			t.Errorf("PUT %.60s: %d %q, want 400 naming %q", tc.body, resp.StatusCode, e.Error, tc.want)
		}
	}
	var got brandSettings
	if code := alertCall(t, "GET", url, "", &got); code != http.StatusOK || len(got.Brands) != 0 {
		t.Errorf("GET after refused brands: %d %+v, want none", code, got.Brands)
	}
}
