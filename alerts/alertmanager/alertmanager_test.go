package alertmanager_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/alerts/alertmanager"
)

func TestNotifier_Notify(t *testing.T) {
	var got [][]alertmanager.PostableAlert
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/v2/alerts", func(w http.ResponseWriter, r *http.Request) {
		var body []alertmanager.PostableAlert
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		got = append(got, body)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	n := alertmanager.New(srv.URL+"/", "https://crm.example", nil)
	at := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	a := &socialcrm.Alert{ID: "a1", Fingerprint: "acme/delivery", Brand: "acme", Topic: "delivery", Reason: socialcrm.ReasonSpike,
		Start: at, End: at, Window: "5m0s", Severity: socialcrm.SeverityCritical, Status: socialcrm.AlertFiring, Contacts: []string{"c1"}}
	ctx := context.Background()
	if retry, err := n.Notify(ctx, a); err != nil || retry {
		t.Fatalf("Notify firing = %v, %v", retry, err)
	}
	a.Status = socialcrm.AlertResolved
	if retry, err := n.Notify(ctx, a); err != nil || retry {
		t.Fatalf("Notify resolved = %v, %v", retry, err)
	}
	if len(got) != 2 || len(got[0]) != 1 || len(got[1]) != 1 {
		t.Fatalf("received %+v, want two posts of one alert", got)
	}
	firing, resolved := got[0][0], got[1][0]
	if firing.Labels["alertname"] != alertmanager.AlertName || firing.Labels["brand"] != "acme" ||
		firing.Labels["topic"] != "delivery" || firing.Labels["severity"] != "critical" {
		t.Errorf("labels = %v", firing.Labels)
	}
	if firing.Annotations["contacts"] != "c1" || firing.GeneratorURL != "https://crm.example/api/v1/alerts/a1" {
		t.Errorf("annotations = %v, generator %q", firing.Annotations, firing.GeneratorURL)
	}
	if !firing.StartsAt.Equal(at) || !firing.EndsAt.After(time.Now()) {
		t.Errorf("firing startsAt %v endsAt %v: want the start and an end in the future", firing.StartsAt, firing.EndsAt)
	}
	if resolved.EndsAt.After(time.Now()) || resolved.Labels["fingerprint"] != firing.Labels["fingerprint"] {
		t.Errorf("resolved endsAt %v labels %v: want an end in the past and the same identity", resolved.EndsAt, resolved.Labels)
	}
}
