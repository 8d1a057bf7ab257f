package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/socialcrm/socialcrm"
)

func TestIngest(t *testing.T) {
	secret := []byte("s3cret")
	now := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	var got []string
	failEmit := false
	in := &Ingest{Secret: secret, Now: func() time.Time { return now }, Emit: func(ctx context.Context, m *socialcrm.Mention) error {
		mu.Lock()
		defer mu.Unlock()
		if failEmit {
			return errors.New("kafka down")
		}
		got = append(got, m.ID)
		return nil
	}}
	srv := httptest.NewServer((&Server{Ingest: in}).Handler())
	defer srv.Close()

	one := `{"v":1,"id":"facebook:1","source":"facebook","author":{"id":"u1"},"text":"acme page review: great","created_at":"2026-11-20T09:00:00Z"}`
	batch := `[{"v":1,"id":"trustpilot:7","source":"trustpilot","author":{"handle":"bob"},"text":"slow delivery","kind":"post","created_at":"2026-11-20T09:01:00Z","stars":2},
	 {"v":1,"id":"instagram:9","source":"instagram","author":{"handle":"carol"},"kind":"like","parent_id":"instagram:1","created_at":"2026-11-20T09:02:00Z"}]`
	bad := `[{"v":1,"id":"ok:1","source":"ok","author":{"id":"a"},"text":"fine","created_at":"2026-11-20T09:00:00Z"},{"v":1,"id":"no-date","source":"x","author":{"id":"a"},"text":"t"}]`
	post := func(body string, ts time.Time, sig string) (int, map[string]any) {
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/api/v1/ingest", bytes.NewReader([]byte(body)))
		if !ts.IsZero() {
			req.Header.Set(HeaderTimestamp, strconv.FormatInt(ts.Unix(), 10))
		}
		if sig == "" {
			sig = Sign(secret, ts, []byte(body))
		}
		req.Header.Set(HeaderSignature, sig)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&out)
		return resp.StatusCode, out
	}
	tests := []struct {
		name string
		body string
		ts   time.Time
		sig  string
		code int
	}{
		{"OK", one, now, "", http.StatusAccepted},
		{"Batch", batch, now.Add(-time.Minute), "", http.StatusAccepted},
		{"Replay", one, now, "", http.StatusUnauthorized},
		{"Stale", one, now.Add(-10 * time.Minute), "", http.StatusUnauthorized},
		{"Future", one, now.Add(10 * time.Minute), "", http.StatusUnauthorized},
		{"BadSignature", one, now.Add(time.Second), "sha256=00", http.StatusUnauthorized},
		{"OtherSecret", one, now.Add(time.Second), Sign([]byte("other"), now.Add(time.Second), []byte(one)), http.StatusUnauthorized},
		{"NoTimestamp", one, time.Time{}, "sha256=00", http.StatusUnauthorized},
		{"InvalidMention", bad, now, "", http.StatusBadRequest},
		{"NotJSON", `{"v":1,`, now, "", http.StatusBadRequest},
		{"EmptyBatch", `[]`, now, "", http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out := post(tt.body, tt.ts, tt.sig)
			if code != tt.code {
				t.Errorf("status %d, want %d (%v)", code, tt.code, out)
			}
		})
	}
	if diff := cmp.Diff([]string{"facebook:1", "trustpilot:7", "instagram:9"}, got); diff != "" {
		t.Errorf("emitted (-want +got):\n%s", diff)
	}
	// A request that failed downstream can be retried as signed.
	failEmit = true
	retry := `{"v":1,"id":"facebook:2","source":"facebook","author":{"id":"u1"},"text":"second","created_at":"2026-11-20T09:00:00Z"}`
	if code, _ := post(retry, now, ""); code != http.StatusServiceUnavailable {
		t.Errorf("emit failure: status %d, want 503", code)
	}
	failEmit = false
	if code, _ := post(retry, now, ""); code != http.StatusAccepted {
		t.Errorf("retry after failure: status %d, want 202", code)
	}
}

func TestIngest_NotConfigured(t *testing.T) {
	srv := httptest.NewServer((&Server{}).Handler())
	defer srv.Close()
	resp, err := http.Post(srv.URL+"/api/v1/ingest", "application/json", bytes.NewReader([]byte(`{}`)))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("status %d, want 503", resp.StatusCode)
	}
}
