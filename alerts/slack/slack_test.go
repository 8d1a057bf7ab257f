package slack_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/alerts/slack"
)

func TestNotifier_Notify(t *testing.T) {
	var got slack.Message
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Content-Type") != "application/json" {
			http.Error(w, "invalid_payload", http.StatusBadRequest)
			return
		}
		if err := json.NewDecoder(r.Body).Decode(&got); err != nil || got.Text == "" {
			http.Error(w, "invalid_payload", http.StatusBadRequest)
			return
		}
		w.Write([]byte("ok"))
	}))
	defer srv.Close()
	at := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	a := &socialcrm.Alert{ID: "a1", Brand: "acme", Topic: "delivery", Reason: socialcrm.ReasonSpike, Start: at, End: at,
		Window: "5m0s", Observed: 40, Expected: 2, Severity: socialcrm.SeverityWarning, Status: socialcrm.AlertFiring,
		Contacts: []string{"c-gold", "c-silver"}, Themes: []string{"late <orders>"}}
	retry, err := slack.New(srv.URL, "https://crm.example", nil).Notify(context.Background(), a)
	if err != nil || retry {
		t.Fatalf("Notify = %v, %v", retry, err)
	}
	if !strings.Contains(got.Text, "acme / delivery") || !strings.Contains(got.Text, "FIRING") {
		t.Errorf("text = %q", got.Text)
	}
	if len(got.Blocks) != 2 || got.Blocks[0].Text == nil {
		t.Fatalf("blocks = %+v", got.Blocks)
	}
	body := got.Blocks[0].Text.Text
	if !strings.Contains(body, "c-gold, c-silver") || !strings.Contains(body, "late &lt;orders&gt;") {
		t.Errorf("section = %q, want contacts and escaped themes", body)
	}
	if !strings.Contains(got.Blocks[1].Elements[0].Text, "/api/v1/alerts/a1") {
		t.Errorf("links = %+v", got.Blocks[1])
	}
}

func TestNotifier_RateLimited(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "rate_limited", http.StatusTooManyRequests)
	}))
	defer srv.Close()
	retry, err := slack.New(srv.URL, "", nil).Notify(context.Background(), &socialcrm.Alert{Brand: "acme"})
	if err == nil || !retry {
		t.Errorf("Notify = %v, %v; want a retryable error", retry, err)
	}
}
