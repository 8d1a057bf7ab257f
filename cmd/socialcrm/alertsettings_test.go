package main

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	kafkago "github.com/segmentio/kafka-go"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/web/webtest"
)

// goldComplaint is a scored negative mention of brand by c-gold, the
// contact of a gold account worth 50,000: no VIP under the default
// thresholds.
func goldComplaint(brand string, n int) kafkago.Message {
	id := fmt.Sprintf("mastodon:gold-%d", n)
	v := fmt.Sprintf(`{"v":1,"id":%q,"source":"mastodon","brand":%q,"author":{"id":"g1","handle":"gill@example.social","followers":40},`+
		`"text":"@%s slow again","lang":"en","kind":"post","created_at":%q,`+
		`"sentiment":{"label":"negative","score":-0.7,"confidence":0.9,"model":"test"},"contacts":["c-gold"]}`,
		id, brand, brand, time.Now().UTC().Format(time.RFC3339Nano))
	return kafkago.Message{Key: []byte(brand), Value: []byte(v)}
}

// TestAlertSettings_LiveEverywhere edits the VIP value and removes the
// override of brand goldco that --alert-config sets, through a "web"
// process: the "alerts" process, on the same store, applies both through
// the change notice (its periodic reread is a minute away), so that a
// complaint by a contact worth less than the default VIP value raises a
// VIP alert there, with the shared window rather than goldco's; a web
// process started afterwards shows the stored settings, not the defaults,
// nor the file's override.
func TestAlertSettings_LiveEverywhere(t *testing.T) {
	db, brokers := splitRoles(t)
	saveCustomer(t, db, &socialcrm.Account{ID: "a-gold", Name: "Gold Co", Tier: socialcrm.TierGold, Value: 50_000},
		&socialcrm.Contact{ID: "c-gold", Name: "Gill Gold", AccountID: "a-gold",
			Identities: []socialcrm.Identity{{Network: "mastodon", Handle: "gill@example.social"}}})
	env := map[string]string{"KAFKA_BROKERS": strings.Join(brokers, ","), "DATABASE_URL": db,
		"SOCIALCRM_ADMIN_EMAIL": testAdminEmail, "SOCIALCRM_ADMIN_PASSWORD": testAdminPassword}
	conf := filepath.Join(t.TempDir(), "alerts.yaml")
	if err := os.WriteFile(conf, []byte("brands:\n  goldco:\n    window: 10m\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env["SOCIALCRM_ALERT_CONFIG"] = conf
	alerter := startProcess(t, env, "alerts", "--addr", "127.0.0.1:0", "--log-level", "warn")
	web := startProcess(t, env, "web", "--addr", "127.0.0.1:0", "--log-level", "warn")
	alertsURL, webURL := alerter.url(), web.url()
	signedIn.Store(webURL, webtest.SignIn(t, webURL, testAdminEmail, testAdminPassword))
	t.Cleanup(func() { signedIn.Delete(webURL) })

	resp, err := webtest.Do(client(webURL), http.MethodPut, webURL+"api/v1/alerts/settings", `{"vip_value": 40000, "brands": {"goldco": null}}`)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("PUT settings: %s", resp.Status)
	}
	edited := time.Now()
	eventually(t, 20*time.Second, func() error {
		if n := reloads(t, alertsURL, socialcrm.ChangeAlertSettings, "notice"); n < 1 {
			return fmt.Errorf("the alerts process reread the alert settings on notice %.0f times, want 1", n)
		}
		return nil
	})
	t.Logf("the alerts process applied the edit %s after it was made", time.Since(edited).Round(time.Millisecond))

	// A contact worth 50,000 is a VIP under the edited value of 40,000.
	a := sendUntilAlert(t, brokers, webURL, "goldco", 60*time.Second, goldComplaint)
	if a.Reason != socialcrm.ReasonVIP {
		t.Fatalf("alert %s: reason %q, want vip", a.ID, a.Reason)
	}
	if a.Window != "5m0s" {
		t.Errorf("alert %s: window %s, want the shared 5m0s once goldco's override is removed", a.ID, a.Window)
	}

	later := startProcess(t, env, "web", "--addr", "127.0.0.1:0", "--log-level", "warn")
	laterURL := later.url()
	signedIn.Store(laterURL, webtest.SignIn(t, laterURL, testAdminEmail, testAdminPassword))
	t.Cleanup(func() { signedIn.Delete(laterURL) })
	var s struct {
		VIPValue float64        `json:"vip_value"`
		Brands   map[string]any `json:"brands"`
	}
	if err := getInto(laterURL+"api/v1/alerts/settings", &s); err != nil {
		t.Fatal(err)
	}
	if s.VIPValue != 40000 {
		t.Errorf("a web process started after the edit shows vip_value %v, want the stored 40000", s.VIPValue)
	}
	if _, ok := s.Brands["goldco"]; ok {
		t.Errorf("a web process started after the removal shows goldco's override of the file: %v", s.Brands)
	}
}
