package main

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
)

// TestDemo_VIPSegment runs the service with the VIP rule targeting a
// segment (vip_segment in --alert-config): a segment saved after start,
// whose members are evaluated at the next refresh, makes a contact of no
// VIP tier or value a VIP, and her complaint raises a VIP alert naming her.
func TestDemo_VIPSegment(t *testing.T) {
	conf := filepath.Join(t.TempDir(), "alerts.yaml")
	if err := os.WriteFile(conf, []byte("vip_segment: key-people\nsegment_refresh: 1s\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	d := startCRMDemo(t, "to raise an alert for a segment", "--rate", "5", "--burst-every", "0", "--alert-config", conf)
	d.call(http.MethodPost, "api/v1/contacts", map[string]any{"id": "c-key", "name": "Kim Key", "tags": []string{"key"},
		"identities": []map[string]string{{"network": "mastodon", "handle": "kim@example.social"}}}, nil)
	d.call(http.MethodPost, "api/v1/segments", map[string]any{"id": "key-people", "name": "Key people",
		"rules": map[string]any{"match": "all", "conditions": []map[string]any{{"field": "tag", "op": "eq", "text": "key"}}}}, nil)
	deadline := time.Now().Add(30 * time.Second)
	for n := 0; ; n++ {
		d.produce(fmt.Sprint("kim-", n), fmt.Sprintf(`{"v":1,"id":"mastodon:kim-%d","source":"mastodon","brand":"segco","author":{"handle":"kim@example.social"},"text":"@segco terrible service, awful, I am cancelling","created_at":%q}`,
			n, time.Now().UTC().Format(time.RFC3339)))
		brand := "segco"
		as, _, err := d.st.FindAlerts(d.ctx, socialcrm.AlertFilter{Brand: &brand})
		if err != nil {
			t.Fatal(err)
		}
		if i := slices.IndexFunc(as, func(a *socialcrm.Alert) bool { return a.Reason == socialcrm.ReasonVIP }); i >= 0 {
			if !slices.Contains(as[i].Contacts, "c-key") {
				t.Errorf("VIP alert contacts = %v, want c-key", as[i].Contacts)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after %d complaints by a member of the VIP segment, no VIP alert: %v", n+1, as)
		}
		time.Sleep(time.Second)
	}
	var s struct {
		VIPSegment string `json:"vip_segment"`
		Segments   []struct {
			Segment string `json:"segment"`
			Members int    `json:"members"`
		} `json:"segments"`
	}
	d.call(http.MethodGet, "api/v1/alerts/settings", nil, &s)
	if s.VIPSegment != "key-people" || len(s.Segments) != 1 || s.Segments[0].Members != 1 {
		t.Errorf("alert settings: %+v", s)
	}
}
