package web_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/store/memory"
	"github.com/socialcrm/socialcrm/web"
	"github.com/socialcrm/socialcrm/web/webtest"
)

// TestTokens creates a token through the API, uses it with its role's
// rights (metrics and reads, not writes), lists it without its secret and
// with its last use, revokes it, and checks that disabling a token's owner
// stops their tokens at once.
func TestTokens(t *testing.T) {
	st := memory.New()
	ts := serve(t, &web.Server{Store: st, Gatherer: prometheus.NewRegistry()}, st)
	admin := client(t, ts.URL)
	res, err := webtest.PostJSON(admin, ts.URL+"/api/v1/tokens", map[string]string{"name": "prometheus", "role": "viewer", "expires_in": "720h"})
	must(t, err)
	var created struct {
		ID, Token, Prefix, Role string
		ExpiresAt               string `json:"expires_at"`
	}
	must(t, json.NewDecoder(res.Body).Decode(&created))
	res.Body.Close()
	if res.StatusCode != http.StatusCreated || !strings.HasPrefix(created.Token, created.Prefix) || len(created.Token) < 40 ||
		created.Role != "viewer" || created.ExpiresAt == "" {
		t.Fatalf("create token: %s %+v", res.Status, created)
	}
	viewer := webtest.Bearer(created.Token)
	for path, want := range map[string]int{"/metrics": 200, "/api/v1/mentions": 200, "/api/v1/tokens": 403} {
		if res, err := viewer.Get(ts.URL + path); err != nil || res.StatusCode != want {
			t.Errorf("viewer token GET %s: %v %v, want %d", path, err, res.Status, want)
		}
	}
	if res, _ := webtest.PostJSON(viewer, ts.URL+"/api/v1/contacts", `{"id":"c1","name":"X"}`); res.StatusCode != http.StatusForbidden {
		t.Errorf("viewer token writes a contact: %s, want 403", res.Status)
	}

	res, err = admin.Get(ts.URL + "/api/v1/tokens")
	must(t, err)
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if strings.Contains(string(body), created.Token) || strings.Contains(string(body), `"hash"`) {
		t.Errorf("token list shows the secret or its hash: %s", body)
	}
	var list struct{ Tokens []socialcrm.Token }
	must(t, json.Unmarshal(body, &list))
	if len(list.Tokens) != 1 || list.Tokens[0].Prefix != created.Prefix || list.Tokens[0].LastUsedAt.IsZero() {
		t.Errorf("token list = %+v, want the token with its prefix and last use", list.Tokens)
	}

	res, err = webtest.Do(admin, http.MethodDelete, ts.URL+"/api/v1/tokens/"+created.ID, nil)
	must(t, err)
	res.Body.Close()
	if res, _ := viewer.Get(ts.URL + "/api/v1/mentions"); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("revoked token: %s, want 401", res.Status)
	}
	if res, _ := webtest.Bearer("sct_made-up").Get(ts.URL + "/api/v1/mentions"); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("unknown token: %s, want 401", res.Status)
	}

	secret := webtest.Token(t, st, socialcrm.RoleAnalyst)
	owner, err := st.FindTokens(t.Context())
	must(t, err)
	res, err = webtest.Do(admin, http.MethodPatch, ts.URL+"/api/v1/users/"+owner[0].UserID, `{"active":false}`)
	must(t, err)
	res.Body.Close()
	if res, _ := webtest.Bearer(secret).Get(ts.URL + "/api/v1/mentions"); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("token of a disabled user: %s, want 401", res.Status)
	}
	for body, want := range map[string]int{`{"name":"x","role":"root"}`: 400, `{"name":"x","role":"viewer","expires_in":"forever"}`: 400,
		`{"name":"x","role":"viewer","expires_in":"9000h"}`: 400, `{"name":"","role":"viewer"}`: 400} {
		if res, _ := webtest.PostJSON(admin, ts.URL+"/api/v1/tokens", body); res.StatusCode != want {
			t.Errorf("create %s: %s, want %d", body, res.Status, want)
		}
	}
}
