package web_test

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/store/memory"
	"github.com/socialcrm/socialcrm/web"
)

// provider is a small OpenID provider on loopback: discovery, JWKS, an
// authorize endpoint that signs in a fixed person at once, and a token
// endpoint that checks the PKCE verifier and signs ID tokens.
type provider struct {
	t      *testing.T
	srv    *httptest.Server
	key    *rsa.PrivateKey
	claims map[string]any // the person's claims

	mu    sync.Mutex
	codes map[string]url.Values // code → the authorize request
}

func newProvider(t *testing.T, claims map[string]any) *provider {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	must(t, err)
	p := &provider{t: t, key: key, claims: claims, codes: map[string]url.Values{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", func(w http.ResponseWriter, r *http.Request) {
		writeTestJSON(w, map[string]any{"issuer": p.srv.URL, "authorization_endpoint": p.srv.URL + "/authorize",
			"token_endpoint": p.srv.URL + "/token", "jwks_uri": p.srv.URL + "/jwks",
			"id_token_signing_alg_values_supported": []string{"RS256"}})
	})
	mux.HandleFunc("GET /jwks", func(w http.ResponseWriter, r *http.Request) {
		writeTestJSON(w, jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &key.PublicKey, KeyID: "k1", Algorithm: "RS256", Use: "sig"}}})
	})
	mux.HandleFunc("GET /authorize", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		code := "code-" + q.Get("state")
		p.mu.Lock()
		p.codes[code] = q
		p.mu.Unlock()
		http.Redirect(w, r, q.Get("redirect_uri")+"?code="+code+"&state="+url.QueryEscape(q.Get("state")), http.StatusFound)
	})
	mux.HandleFunc("POST /token", func(w http.ResponseWriter, r *http.Request) {
		must(t, r.ParseForm())
		p.mu.Lock()
		auth, ok := p.codes[r.PostForm.Get("code")]
		delete(p.codes, r.PostForm.Get("code"))
		p.mu.Unlock()
		sum := sha256.Sum256([]byte(r.PostForm.Get("code_verifier")))
		if !ok || auth.Get("code_challenge_method") != "S256" || base64.RawURLEncoding.EncodeToString(sum[:]) != auth.Get("code_challenge") {
			w.WriteHeader(http.StatusBadRequest)
			writeTestJSON(w, map[string]string{"error": "invalid_grant"})
			return
		}
		signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: key}, (&jose.SignerOptions{}).WithHeader("kid", "k1"))
		must(t, err)
		claims := map[string]any{"iss": p.srv.URL, "aud": "socialcrm", "sub": "person-1", "nonce": auth.Get("nonce"),
			"iat": time.Now().Unix(), "exp": time.Now().Add(time.Hour).Unix()}
		for k, v := range p.claims {
			claims[k] = v
		}
		idToken, err := jwt.Signed(signer).Claims(claims).Serialize()
		must(t, err)
		writeTestJSON(w, map[string]any{"access_token": "at", "token_type": "Bearer", "expires_in": 3600, "id_token": idToken})
	})
	p.srv = httptest.NewServer(mux)
	t.Cleanup(p.srv.Close)
	return p
}

func writeTestJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

// ssoServer serves the API with single sign-on through p.
func ssoServer(t *testing.T, p *provider, st *memory.Store, domains ...string) *httptest.Server {
	ts := httptest.NewUnstartedServer(nil)
	o, err := web.NewOIDC(t.Context(), web.OIDCConfig{Issuer: p.srv.URL, ClientID: "socialcrm", ClientSecret: "s3cret",
		RedirectURL: "http://" + ts.Listener.Addr().String() + "/auth/oidc/callback", Domains: domains,
		RoleClaim: "socialcrm_role", DefaultRole: socialcrm.RoleViewer})
	must(t, err)
	ts.Config.Handler = (&web.Server{Store: st, OIDC: o}).Handler()
	ts.Start()
	t.Cleanup(ts.Close)
	return ts
}

// TestOIDC signs in through the test's provider: the user is created with
// the role of the claim, signed in, and updated on the next sign-in; an
// email domain that is not allowed is refused.
func TestOIDC(t *testing.T) {
	st := memory.New()
	p := newProvider(t, map[string]any{"email": "Nina@Example.com", "email_verified": true, "name": "Nina", "socialcrm_role": "analyst"})
	ts := ssoServer(t, p, st, "example.com")
	signIn := func() (*http.Client, *http.Response) {
		jar, _ := cookiejar.New(nil)
		c := &http.Client{Jar: jar}
		res, err := c.Get(ts.URL + "/auth/oidc/login?next=/cases")
		must(t, err)
		res.Body.Close()
		return c, res
	}
	c, res := signIn()
	if res.StatusCode != http.StatusOK || res.Request.URL.Path != "/cases" {
		t.Fatalf("sign-in landed on %s with %s, want /cases", res.Request.URL, res.Status)
	}
	var who struct {
		User        socialcrm.User
		Permissions []string
	}
	res, err := c.Get(ts.URL + "/api/v1/session")
	must(t, err)
	must(t, json.NewDecoder(res.Body).Decode(&who))
	res.Body.Close()
	if who.User.Email != "nina@example.com" || who.User.Role != socialcrm.RoleAnalyst || who.User.Subject != p.srv.URL+"|person-1" ||
		!strings.Contains(strings.Join(who.Permissions, ","), "configure") {
		t.Fatalf("signed in as %+v", who)
	}

	p.claims["socialcrm_role"] = "agent"
	signIn()
	us, err := st.FindUsers(t.Context())
	must(t, err)
	if len(us) != 1 || us[0].Role != socialcrm.RoleAgent {
		t.Errorf("after a second sign-in with another role: %+v, want one agent", us)
	}

	other := ssoServer(t, p, memory.New(), "corp.example")
	jar, _ := cookiejar.New(nil)
	res, err = (&http.Client{Jar: jar}).Get(other.URL + "/auth/oidc/login")
	must(t, err)
	res.Body.Close()
	if res.StatusCode != http.StatusUnauthorized {
		t.Errorf("email domain not allowed: %s, want 401", res.Status)
	}
	// A callback without the login's state cookie is refused.
	if res, _ := http.Get(ts.URL + "/auth/oidc/callback?code=x&state=y"); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("forged callback: %s, want 401", res.Status)
	}
}
