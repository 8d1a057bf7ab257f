package web_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/socialcrm/socialcrm/store/memory"
	"github.com/socialcrm/socialcrm/web"
)

// call sends a request and returns the response with its body read.
func call(t *testing.T, method, url, body string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := client(t, url).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func TestHarden_Headers(t *testing.T) {
	ts, _, _ := newAPI(t)
	for _, path := range []string{"/healthz", "/api/v1/mentions", "/api/v1/nope", "/no-such-page", "/"} {
		resp, _ := call(t, "GET", ts.URL+path, "")
		if got := resp.Header.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("GET %s: X-Content-Type-Options %q, want nosniff", path, got)
		}
		if got := resp.Header.Get("Content-Security-Policy"); !strings.Contains(got, "default-src 'self'") || !strings.Contains(got, "frame-ancestors 'none'") {
			t.Errorf("GET %s: Content-Security-Policy %q", path, got)
		}
	}
}

func TestHarden_JSONErrors(t *testing.T) {
	ts, _, _ := newAPI(t)
	big := `{"id":"c1","name":"` + strings.Repeat("a", 2<<20) + `"}`
	tests := []struct {
		name, method, path, body string
		code                     int
		want                     string
	}{
		{"NotFound", "GET", "/api/v1/nope", "", 404, "no such endpoint: GET /api/v1/nope"},
		{"MethodNotAllowed", "DELETE", "/api/v1/mentions", "", 405, "method DELETE not allowed on /api/v1/mentions (allowed: GET, HEAD)"},
		{"TooLarge", "POST", "/api/v1/contacts", big, 413, "request body larger than 1048576 bytes"},
		{"UnknownField", "POST", "/api/v1/contacts", `{"id":"c9","name":"N","nmae":"typo"}`, 400, `unknown field "nmae"`},
		{"SavedOnce", "POST", "/api/v1/contacts", `{"id":"c1","name":"A","identities":[{"network":"x","handle":"a"}]}`, 201, ""},
		{"StoreConflict", "POST", "/api/v1/contacts", `{"id":"c2","name":"B","identities":[{"network":"x","handle":"a"}]}`, 409, `contact "c2": identity`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := call(t, tt.method, ts.URL+tt.path, tt.body)
			if resp.StatusCode != tt.code {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tt.code, body)
			}
			if tt.want == "" {
				return
			}
			if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type %q, want application/json", ct)
			}
			var e struct{ Error string }
			if err := json.Unmarshal([]byte(body), &e); err != nil {
				t.Fatalf("body is not JSON: %v: %q", err, body)
			}
			if !strings.Contains(e.Error, tt.want) {
				t.Errorf("error %q, want it to contain %q", e.Error, tt.want)
			}
			if strings.Contains(e.Error, "memory:") || strings.Contains(e.Error, "postgres:") {
				t.Errorf("error %q shows an internal prefix", e.Error)
			}
		})
	}
}

func TestHarden_StreamUnavailableIsJSON(t *testing.T) {
	st := memory.New()
	ts := serve(t, &web.Server{Store: st}, st)
	resp, body := call(t, "GET", ts.URL+"/api/v1/stream", "")
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Content-Type") != "application/json" ||
		!strings.Contains(body, `"error":"stream not available"`) {
		t.Errorf("status %d, %q: %s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
}

func TestAllowHosts(t *testing.T) {
	ts := httptest.NewServer(nil)
	defer ts.Close()
	u, _ := url.Parse(ts.URL)
	ts.Config.Handler = web.AllowHosts((&web.Server{}).Handler(), append(web.LoopbackHosts(u.Port()), "crm.example.com")...)
	for host, want := range map[string]int{
		"127.0.0.1:" + u.Port():    200,
		"LOCALHOST:" + u.Port():    200,
		"[::1]:" + u.Port():        200,
		"crm.example.com":          200,
		"evil.example:" + u.Port(): http.StatusMisdirectedRequest,
		"localhost:1":              http.StatusMisdirectedRequest,
	} {
		req, _ := http.NewRequest("GET", ts.URL+"/healthz", nil)
		req.Host = host
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("Host %s: status %d, want %d", host, resp.StatusCode, want)
		}
	}
}

func TestAlerts_SilenceInThePast(t *testing.T) {
	ts, _ := alertServer(t) // its clock says 2026-11-20 10:00 UTC
	resp, body := call(t, "POST", ts.URL+"/api/v1/silences",
		`{"brand":"acme","start":"2026-11-20T08:00:00Z","end":"2026-11-20T09:00:00Z"}`)
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "end 2026-11-20T09:00:00Z is not in the future") {
		t.Errorf("silence wholly in the past: %d %s, want 400 naming end", resp.StatusCode, body)
	}
}
