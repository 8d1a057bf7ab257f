package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/store/memory"
)

// ingestPoster posts bodies signed with secret to an ingest server.
func ingestPoster(t *testing.T, url string, secret []byte) func(body string, ts time.Time, sig string) (int, map[string]any) {
	return func(body string, ts time.Time, sig string) (int, map[string]any) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPost, url+"/api/v1/ingest", bytes.NewReader([]byte(body)))
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
}

func TestIngest(t *testing.T) {
	secret := []byte("s3cret")
	now := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	var got []string
	failEmit := false
	nonces := memory.New()
	in := &Ingest{Secret: secret, Nonces: nonces, Now: func() time.Time { return now },
		Brands: func(b string) bool { return b == "acme" },
		Emit: func(ctx context.Context, m *socialcrm.Mention) error {
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
	post := ingestPoster(t, srv.URL, secret)

	one := `{"v":1,"id":"facebook:1","source":"facebook","author":{"id":"u1"},"text":"acme page review: great","created_at":"2026-11-20T09:00:00Z"}`
	batch := `[{"v":1,"id":"trustpilot:7","source":"trustpilot","author":{"handle":"bob"},"text":"slow delivery","kind":"post","created_at":"2026-11-20T09:01:00Z","stars":2},
	 {"v":1,"id":"instagram:9","source":"instagram","author":{"handle":"carol"},"kind":"like","parent_id":"instagram:1","created_at":"2026-11-20T09:02:00Z"}]`
	invalid := `[{"v":1,"id":"x:no-date","source":"x","author":{"id":"a"},"text":"t"}]`
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
		{"NoValidMention", invalid, now, "", http.StatusBadRequest},
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

	// A restarted server on the same store refuses what was accepted.
	restarted := httptest.NewServer((&Server{Ingest: &Ingest{Secret: secret, Nonces: nonces, Now: in.Now, Emit: in.Emit}}).Handler())
	defer restarted.Close()
	if code, out := ingestPoster(t, restarted.URL, secret)(one, now, ""); code != http.StatusUnauthorized {
		t.Errorf("replay after a restart: status %d (%v), want 401", code, out)
	}
}

func TestIngest_PartialBatch(t *testing.T) {
	secret := []byte("s3cret")
	now := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	var got []string
	in := &Ingest{Secret: secret, Nonces: memory.New(), Now: func() time.Time { return now },
		Brands: func(b string) bool { return b == "acme" },
		Emit:   func(ctx context.Context, m *socialcrm.Mention) error { got = append(got, m.ID); return nil }}
	srv := httptest.NewServer((&Server{Ingest: in}).Handler())
	defer srv.Close()
	mixed := `[{"v":1,"id":"ok:1","source":"ok","author":{"id":"a"},"text":"fine","created_at":"2026-11-20T09:00:00Z"},
	 {"v":1,"id":"x:no-date","source":"x","author":{"id":"a"},"text":"t"},
	 {"v":1,"id":"reddit:1","source":"x","author":{"id":"a"},"text":"t","created_at":"2026-11-20T09:00:00Z"},
	 {"v":1,"id":"x:1","source":"x","brand":"nosuchbrand","author":{"id":"a"},"text":"t","created_at":"2026-11-20T09:00:00Z"},
	 {"v":1,"id":"x:2","source":"x","brand":"acme","author":{"id":"a"},"text":"t","created_at":"2026-11-20T12:00:00Z"},
	 {"v":1,"id":"x:3","source":"x","brand":"acme","author":{"id":"a"},"text":"t","created_at":"2026-11-20T10:04:00Z"}]`
	code, out := ingestPoster(t, srv.URL, secret)(mixed, now, "")
	if code != http.StatusMultiStatus {
		t.Fatalf("status %d, want 207: %v", code, out)
	}
	var rejected []string
	for _, r := range out["rejected"].([]any) {
		r := r.(map[string]any)
		rejected = append(rejected, strconv.Itoa(int(r["index"].(float64)))+" "+r["error"].(string))
	}
	want := []string{
		`1 mention "x:no-date": missing field "created_at": invalid`,
		`2 mention "reddit:1": id does not start with its source "x" and a colon: invalid`,
		`3 mention "x:1": unknown brand "nosuchbrand": invalid`,
		`4 mention "x:2": created_at 2026-11-20T12:00:00Z is more than 5m0s in the future: invalid`,
	}
	if diff := cmp.Diff(want, rejected); diff != "" {
		t.Errorf("rejected (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"ok:1", "x:3"}, got); diff != "" {
		t.Errorf("emitted (-want +got):\n%s", diff)
	}
	if out["accepted"] != 2.0 {
		t.Errorf("accepted = %v, want 2", out["accepted"])
	}
}

// TestIngest_UnverifiedBound: past MaxUnverified requests being read,
// the next is refused at once with 503, without reading its body.
func TestIngest_UnverifiedBound(t *testing.T) {
	secret := []byte("s3cret")
	in := &Ingest{Secret: secret, Nonces: memory.New(), MaxUnverified: 1,
		Emit: func(ctx context.Context, m *socialcrm.Mention) error { return nil }}
	srv := httptest.NewServer((&Server{Ingest: in}).Handler())
	defer srv.Close()
	pr, pw := io.Pipe()
	defer pw.Close()
	slow, _ := http.NewRequest(http.MethodPost, srv.URL+"/api/v1/ingest", pr)
	slow.Header.Set(HeaderTimestamp, strconv.FormatInt(time.Now().Unix(), 10))
	slow.Header.Set(HeaderSignature, Sign(secret, time.Now(), []byte("never sent")))
	done := make(chan int, 1)
	go func() {
		resp, err := http.DefaultClient.Do(slow)
		if err != nil {
			done <- 0
			return
		}
		resp.Body.Close()
		done <- resp.StatusCode
	}()
	if _, err := pw.Write([]byte("[")); err != nil { // the server is reading it now
		t.Fatal(err)
	}
	post := ingestPoster(t, srv.URL, secret)
	// Until the server holds the slow request's slot, {} is read and
	// refused as no mention (400); then it is refused unread (503).
	code, out := 0, map[string]any{}
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if code, out = post(`{}`, time.Now(), ""); code != http.StatusBadRequest {
			break
		}
	}
	if code != http.StatusServiceUnavailable || out["error"] != errBusy.Error() {
		t.Errorf("second request while one is read: status %d (%v), want 503", code, out)
	}
	pw.Close()
	if code := <-done; code != http.StatusUnauthorized {
		t.Errorf("the slow request: status %d, want 401 (its signature is not of its body)", code)
	}
	if code, _ := post(`{"v":1,"id":"x:1","source":"x","author":{"id":"a"},"text":"t","created_at":"2026-11-20T09:00:00Z"}`, time.Now(), ""); code != http.StatusAccepted {
		t.Errorf("after the slow request: status %d, want 202", code)
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
