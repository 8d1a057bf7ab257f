package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/alerts"
	"github.com/socialcrm/socialcrm/store/memory"
	"github.com/socialcrm/socialcrm/web"
)

// vipStore is a memory store holding Alice (mastodon @alice), a contact
// of the platinum account Big Co, whose complaints raise VIP alerts.
func vipStore(t *testing.T) *memory.Store {
	t.Helper()
	st := memory.New()
	ctx := context.Background()
	if err := st.SaveAccounts(ctx, &socialcrm.Account{ID: "acc1", Name: "Big Co", Tier: socialcrm.TierPlatinum, Value: 500000}); err != nil {
		t.Fatal(err)
	}
	if err := st.SaveContacts(ctx, &socialcrm.Contact{ID: "c1", Name: "Alice", AccountID: "acc1",
		Identities: []socialcrm.Identity{{Network: "mastodon", Handle: "alice"}}}); err != nil {
		t.Fatal(err)
	}
	return st
}

// alertServer serves a store holding one firing VIP alert for acme,
// raised through a real alerter.
func alertServer(t *testing.T) (*httptest.Server, string) {
	t.Helper()
	ctx := context.Background()
	st := vipStore(t)
	now := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	conf := alerts.DefaultConfig()
	conf.Now = func() time.Time { return now }
	a, err := alerts.New(conf, st, nil, nil, prometheus.NewRegistry())
	if err != nil {
		t.Fatal(err)
	}
	m := &socialcrm.Mention{V: 1, ID: "mastodon:1", Source: "mastodon", Brand: "acme", Author: socialcrm.Author{Handle: "alice"},
		Text: "worst support ever", CreatedAt: now, Contacts: []string{"c1"}, Sentiment: &socialcrm.Sentiment{Label: socialcrm.Negative}}
	if err := a.Observe(ctx, []*socialcrm.Mention{m}); err != nil {
		t.Fatal(err)
	}
	as, _, err := st.FindAlerts(ctx, socialcrm.AlertFilter{})
	if err != nil || len(as) != 1 {
		t.Fatalf("alerts after a VIP complaint: %v, %v", as, err)
	}
	return serve(t, &web.Server{Store: st, Alerts: a}, st), as[0].ID
}

// call sends a request and decodes the JSON answer into out (if not nil).
func alertCall(t *testing.T, method, url, body string, out any) int {
	t.Helper()
	req, err := http.NewRequest(method, url, bytes.NewBufferString(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client(t, req.URL.String()).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if out != nil && resp.StatusCode < 300 {
		if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
			t.Fatalf("%s %s: %v", method, url, err)
		}
	}
	return resp.StatusCode
}

type alertListBody struct {
	Alerts []socialcrm.Alert `json:"alerts"`
	Total  int               `json:"total"`
}

func TestAlerts_ListAckResolve(t *testing.T) {
	ts, id := alertServer(t)
	var list alertListBody
	if code := alertCall(t, "GET", ts.URL+"/api/v1/alerts?brand=acme&status=firing", "", &list); code != 200 || list.Total != 1 {
		t.Fatalf("list firing: %d %+v", code, list)
	}
	if a := list.Alerts[0]; a.ID != id || len(a.Contacts) != 1 || a.Contacts[0] != "c1" || len(a.Mentions) != 1 {
		t.Errorf("alert = %+v, want its contact and mention", a)
	}
	if code := alertCall(t, "GET", ts.URL+"/api/v1/alerts?brand=globex", "", &list); code != 200 || list.Total != 0 || list.Alerts == nil {
		t.Errorf("other brand: %d %+v", code, list)
	}
	var a socialcrm.Alert
	if code := alertCall(t, "POST", ts.URL+"/api/v1/alerts/"+id+"/ack", `{"by":"somebody else"}`, &a); code != 200 || a.Status != socialcrm.AlertAcknowledged || a.AckedBy != whoAmI(t, ts.URL) {
		t.Errorf("ack: %d %+v", code, a)
	}
	if code := alertCall(t, "GET", ts.URL+"/api/v1/alerts/"+id, "", &a); code != 200 || a.Status != socialcrm.AlertAcknowledged {
		t.Errorf("get after ack: %d %+v", code, a)
	}
	if code := alertCall(t, "POST", ts.URL+"/api/v1/alerts/"+id+"/resolve", "", &a); code != 200 || a.Status != socialcrm.AlertResolved {
		t.Errorf("resolve: %d %+v", code, a)
	}
	if code := alertCall(t, "GET", ts.URL+"/api/v1/alerts?status=resolved", "", &list); code != 200 || list.Total != 1 {
		t.Errorf("list resolved: %d %+v", code, list)
	}
	for _, tc := range []struct {
		name, method, path string
		want               int
	}{
		{"ErrConflict", "POST", "/api/v1/alerts/" + id + "/ack", http.StatusConflict},
		{"ErrNotFound", "GET", "/api/v1/alerts/nope", http.StatusNotFound},
		{"ErrNotFoundAck", "POST", "/api/v1/alerts/nope/ack", http.StatusNotFound},
		{"ErrInvalid", "GET", "/api/v1/alerts?status=angry", http.StatusBadRequest},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if code := alertCall(t, tc.method, ts.URL+tc.path, "", nil); code != tc.want {
				t.Errorf("%s %s = %d, want %d", tc.method, tc.path, code, tc.want)
			}
		})
	}
}

func TestAlerts_Silences(t *testing.T) {
	ts, _ := alertServer(t)
	var s socialcrm.Silence
	body := `{"brand":"acme","end":"2026-11-20T12:00:00Z","comment":"launch day"}`
	if code := alertCall(t, "POST", ts.URL+"/api/v1/silences", body, &s); code != http.StatusCreated || s.ID == "" || s.Brand != "acme" {
		t.Fatalf("create: %d %+v", code, s)
	}
	var list struct {
		Silences []socialcrm.Silence `json:"silences"`
	}
	if code := alertCall(t, "GET", ts.URL+"/api/v1/silences", "", &list); code != 200 || len(list.Silences) != 1 || list.Silences[0].ID != s.ID {
		t.Errorf("list: %d %+v", code, list)
	}
	if code := alertCall(t, "POST", ts.URL+"/api/v1/silences", `{"brand":"acme"}`, nil); code != http.StatusBadRequest {
		t.Errorf("silence without end = %d, want 400", code)
	}
	if code := alertCall(t, "POST", ts.URL+"/api/v1/silences", `{`, nil); code != http.StatusBadRequest {
		t.Errorf("bad JSON = %d, want 400", code)
	}
	if code := alertCall(t, "DELETE", ts.URL+"/api/v1/silences/"+s.ID, "", nil); code != http.StatusNoContent {
		t.Errorf("delete = %d", code)
	}
	if code := alertCall(t, "DELETE", ts.URL+"/api/v1/silences/"+s.ID, "", nil); code != http.StatusNotFound {
		t.Errorf("delete again = %d, want 404", code)
	}
}

func TestAlerts_NoService(t *testing.T) {
	st := memory.New()
	ts := serve(t, &web.Server{Store: st}, st)
	if code := alertCall(t, "POST", ts.URL+"/api/v1/alerts/x/ack", "", nil); code != http.StatusServiceUnavailable {
		t.Errorf("ack without alerter = %d, want 503", code)
	}
	var list alertListBody
	if code := alertCall(t, "GET", ts.URL+"/api/v1/alerts", "", &list); code != 200 || list.Total != 0 {
		t.Errorf("list without alerter = %d %+v", code, list)
	}
}

// GET /api/v1/alerts/settings shows the alerter's parameters, every key
// of them documented in openapi.json.
func TestAlertSettings(t *testing.T) {
	ts, _ := alertServer(t)
	var got struct {
		Params   map[string]any `json:"params"`
		Brands   map[string]any `json:"brands"`
		VIPTiers []string       `json:"vip_tiers"`
		VIPQuiet string         `json:"vip_quiet"`
	}
	if code := alertCall(t, "GET", ts.URL+"/api/v1/alerts/settings", "", &got); code != http.StatusOK {
		t.Fatalf("GET settings: %d", code)
	}
	if got.Params["window"] != "5m0s" || got.Params["threshold"] != 5.0 || got.Brands == nil ||
		len(got.VIPTiers) != 1 || got.VIPQuiet != "1h0m0s" {
		t.Errorf("settings = %+v", got)
	}
	b, err := os.ReadFile("openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	var spec struct {
		Components struct {
			Schemas map[string]struct {
				Properties map[string]any `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(b, &spec); err != nil {
		t.Fatal(err)
	}
	documented := spec.Components.Schemas["AlertParams"].Properties
	for k := range got.Params {
		if _, ok := documented[k]; !ok {
			t.Errorf("parameter %s is not in openapi.json's AlertParams", k)
		}
	}
	if len(documented) != len(got.Params) {
		t.Errorf("openapi.json documents %d parameters, the API shows %d", len(documented), len(got.Params))
	}
	bare := memory.New()
	noService := serve(t, &web.Server{Store: bare}, bare)
	if code := alertCall(t, "GET", noService.URL+"/api/v1/alerts/settings", "", nil); code != http.StatusServiceUnavailable {
		t.Errorf("without an alert service: %d, want 503", code)
	}
}

// PUT /api/v1/alerts/settings applies and stores valid settings, audits
// the edit with its body, and refuses bad ones with the file loader's
// error and 400, leaving the settings as they were.
func TestAlertSettings_Edit(t *testing.T) {
	ctx := context.Background()
	st := memory.New()
	a, err := alerts.New(alerts.DefaultConfig(), st, nil, nil, prometheus.NewRegistry())
	if err != nil {
		t.Fatal(err)
	}
	ts := serve(t, &web.Server{Store: st, Alerts: a}, st)
	url := ts.URL + "/api/v1/alerts/settings"
	type settings struct {
		Params     map[string]any `json:"params"`
		MaxPerHour int            `json:"max_per_hour"`
		VIPPerHour int            `json:"vip_per_hour"`
	}
	var got settings
	if code := alertCall(t, "PUT", url, `{"params": {"threshold": 6.5, "window": "10m"}, "max_per_hour": 7}`, &got); code != http.StatusOK {
		t.Fatalf("PUT settings: %d", code)
	}
	if got.Params["threshold"] != 6.5 || got.Params["window"] != "10m0s" || got.MaxPerHour != 7 || got.VIPPerHour != 3 {
		t.Errorf("PUT answered %+v", got)
	}
	var shown settings
	if code := alertCall(t, "GET", url, "", &shown); code != http.StatusOK || shown.Params["threshold"] != 6.5 || shown.MaxPerHour != 7 {
		t.Errorf("GET after PUT = %d %+v", code, shown)
	}
	if _, err := st.GetState(ctx, alerts.SettingsKey); err != nil {
		t.Errorf("stored settings: %v", err)
	}
	es, err := st.FindAudit(ctx, socialcrm.AuditFilter{Action: "PUT /alerts/settings"})
	if err != nil || len(es) != 1 || es[0].Target != "alerts" || !bytes.Contains(es[0].After, []byte(`"max_per_hour": 7`)) {
		t.Errorf("audit entries = %+v, %v", es, err)
	}

	for _, body := range []string{`{"params": {"threshold": -1}}`, `{"bogus": true}`, `{"vip_quiet": "later"}`, `{"vip_segment": "vips"}`, ``} {
		req, _ := http.NewRequest("PUT", url, bytes.NewBufferString(body))
		req.Header.Set("Content-Type", "application/json")
		resp, err := client(t, url).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var e struct{ Error string }
		_ = json.NewDecoder(resp.Body).Decode(&e)
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest || e.Error == "" {
			t.Errorf("PUT %s: %d %q, want 400 with the error", body, resp.StatusCode, e.Error)
		}
		if _, ferr := alerts.ReadConfig(bytes.NewBufferString(body), alerts.DefaultConfig()); ferr != nil && !strings.HasPrefix(e.Error, strings.ReplaceAll(ferr.Error(), "alerts: ", "")) {
			// The API drops the package names of errors.
			t.Errorf("PUT %s: error %q, want the file loader's %q", body, e.Error, ferr)
		}
	}
	if code := alertCall(t, "PUT", url, strings.Repeat(" ", 70<<10), nil); code != http.StatusRequestEntityTooLarge {
		t.Errorf("PUT of 70 KiB: %d, want 413", code)
	}
	if code := alertCall(t, "GET", url, "", &shown); code != http.StatusOK || shown.Params["threshold"] != 6.5 || shown.MaxPerHour != 7 {
		t.Errorf("GET after refused edits = %d %+v", code, shown)
	}
}
