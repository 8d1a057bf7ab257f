package webhook_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/alerts/webhook"
)

func testAlert() *socialcrm.Alert {
	at := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	return &socialcrm.Alert{V: 1, ID: "a1", Fingerprint: "acme", Brand: "acme", Reason: socialcrm.ReasonSpike,
		Start: at, End: at.Add(10 * time.Minute), Window: "5m0s", Observed: 40, Expected: 2,
		Severity: socialcrm.SeverityCritical, Status: socialcrm.AlertFiring, Contacts: []string{"c1"}}
}

func TestNotifier_Notify(t *testing.T) {
	var got socialcrm.Alert
	var sigOK bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		sigOK = webhook.Verify([]byte("k"), r.Header.Get(webhook.TimestampHeader), body, r.Header.Get(webhook.SignatureHeader))
		if err := json.Unmarshal(body, &got); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
		}
	}))
	defer srv.Close()
	want := testAlert()
	retry, err := webhook.New(srv.URL, "k", nil).Notify(context.Background(), want)
	if err != nil || retry {
		t.Fatalf("Notify = %v, %v", retry, err)
	}
	if !sigOK {
		t.Error("signature does not verify")
	}
	if diff := cmp.Diff(*want, got); diff != "" {
		t.Errorf("received alert (-want +got):\n%s", diff)
	}
	if webhook.Verify([]byte("other"), "1", []byte("x"), webhook.Sign([]byte("k"), "1", []byte("x"))) {
		t.Error("a signature with another secret verifies")
	}
}

func TestNotifier_Errors(t *testing.T) {
	for _, tc := range []struct {
		name      string
		status    int
		wantRetry bool
	}{{"ServerError", 503, true}, {"RateLimited", 429, true}, {"Rejected", 400, false}} {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				http.Error(w, "no", tc.status)
			}))
			defer srv.Close()
			retry, err := webhook.New(srv.URL, "", nil).Notify(context.Background(), testAlert())
			if err == nil || retry != tc.wantRetry {
				t.Errorf("Notify = %v, %v; want retry %v and an error", retry, err, tc.wantRetry)
			}
		})
	}
	t.Run("Unreachable", func(t *testing.T) {
		srv := httptest.NewServer(http.NotFoundHandler())
		url := srv.URL
		srv.Close()
		if retry, err := webhook.New(url, "", nil).Notify(context.Background(), testAlert()); err == nil || !retry {
			t.Errorf("Notify = %v, %v; want a retryable error", retry, err)
		}
	})
}
