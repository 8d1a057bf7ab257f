package web_test

import (
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/store/memory"
	"github.com/socialcrm/socialcrm/web"
	"github.com/socialcrm/socialcrm/web/webtest"
)

// pathParam matches the wildcards of a route pattern.
var pathParam = regexp.MustCompile(`\{[^}]*\}`)

// callRoute sends the route's method to its path (wildcards filled in) with an
// empty JSON object for writes, and returns the status and body.
func callRoute(t *testing.T, c *http.Client, base string, r web.Route) (int, string) {
	t.Helper()
	method, path, _ := strings.Cut(r.Pattern, " ")
	path = strings.ReplaceAll(pathParam.ReplaceAllStringFunc(path, func(w string) string {
		if w == "{$}" {
			return ""
		}
		return "x"
	}), "{$}", "")
	var body any
	if method != http.MethodGet && method != http.MethodDelete {
		body = "{}"
	}
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	res, err := webtest.Do(c, method, base+path, body)
	if err != nil {
		t.Fatalf("%s: %v", r.Pattern, err)
	}
	defer res.Body.Close()
	if strings.HasSuffix(path, "/stream") && res.StatusCode == http.StatusOK {
		return res.StatusCode, "" // an event stream does not end
	}
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// TestAccess_EveryRoute walks every registered route: anonymous callers
// get 401 JSON (pages: the sign-in page), a role without the route's
// permission 403, a role with it neither.
func TestAccess_EveryRoute(t *testing.T) {
	st := memory.New()
	s := &web.Server{Store: st, Gatherer: prometheus.NewRegistry(), Stream: web.NewHub()}
	ts := serve(t, s, st)
	clients := map[socialcrm.Role]*http.Client{}
	for _, role := range socialcrm.Roles {
		clients[role] = webtest.Client(t, ts.URL, st, role)
	}
	routes := s.Routes()
	if len(routes) < 40 {
		t.Fatalf("only %d routes registered", len(routes))
	}
	for _, r := range routes {
		t.Run(r.Pattern, func(t *testing.T) {
			if r.Permission == web.PermPublic {
				code, body := callRoute(t, &http.Client{}, ts.URL, r)
				signIn := r.Pattern == "POST /api/v1/session" && code == http.StatusUnauthorized // bad credentials
				if !signIn && (code == http.StatusUnauthorized || code == http.StatusForbidden) {
					t.Errorf("public route answers anonymous callers %d: %s", code, body)
				}
				return
			}
			code, body := callRoute(t, &http.Client{}, ts.URL, r)
			switch {
			case r.Page && (code != http.StatusSeeOther || !strings.Contains(body, "/signin?next=")):
				t.Errorf("anonymous page: %d %s, want 303 to /signin", code, body)
			case !r.Page && (code != http.StatusUnauthorized || !isJSONError(body)):
				t.Errorf("anonymous: %d %s, want 401 JSON", code, body)
			}
			for _, role := range socialcrm.Roles {
				c := clients[role]
				if r.Pattern == "DELETE /api/v1/session" {
					c = webtest.Client(t, ts.URL, st, role) // signing out must not end the shared client
				}
				code, body := callRoute(t, c, ts.URL, r)
				allowed := web.Allows(role, r.Permission)
				switch {
				case allowed && (code == http.StatusUnauthorized || code == http.StatusForbidden):
					t.Errorf("%s holds %s but got %d: %s", role, r.Permission, code, body)
				case !allowed && (code != http.StatusForbidden || !isJSONError(body)):
					t.Errorf("%s lacks %s but got %d: %s, want 403 JSON", role, r.Permission, code, body)
				}
			}
		})
	}
}

func isJSONError(body string) bool {
	var e struct{ Error string }
	return json.Unmarshal([]byte(body), &e) == nil && e.Error != ""
}

// TestAccess_Writes checks that writes must be JSON and that a
// cross-origin browser write is refused even with a valid session.
func TestAccess_Writes(t *testing.T) {
	st := memory.New()
	ts := serve(t, &web.Server{Store: st}, st)
	c := client(t, ts.URL)
	for name, tc := range map[string]struct {
		ctype, site string
		want        int
	}{
		"text/plain":           {"text/plain", "", http.StatusUnsupportedMediaType},
		"form":                 {"application/x-www-form-urlencoded", "", http.StatusUnsupportedMediaType},
		"no type":              {"", "", http.StatusUnsupportedMediaType},
		"cross-site JSON":      {"application/json", "cross-site", http.StatusForbidden},
		"same-site other port": {"application/json", "same-site", http.StatusForbidden},
		"same-origin JSON":     {"application/json", "same-origin", http.StatusBadRequest},
	} {
		t.Run(name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodPost, ts.URL+"/api/v1/contacts", strings.NewReader(`{}`))
			if tc.ctype != "" {
				req.Header.Set("Content-Type", tc.ctype)
			}
			if tc.site != "" {
				req.Header.Set("Sec-Fetch-Site", tc.site)
			}
			res, err := c.Do(req)
			must(t, err)
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != tc.want || !isJSONError(string(b)) {
				t.Errorf("status %d %s, want %d with a JSON error", res.StatusCode, b, tc.want)
			}
		})
	}
}

// TestSession_SignInOut signs in, checks the cookie's attributes and who
// is signed in, signs out, and checks that the same failure answers wrong
// passwords, unknown emails and disabled users.
func TestSession_SignInOut(t *testing.T) {
	st := memory.New()
	ts := serve(t, &web.Server{Store: st}, st)
	u := webtest.User(t, st, socialcrm.RoleAgent)
	res, err := webtest.PostJSON(http.DefaultClient, ts.URL+"/api/v1/session", map[string]string{"email": strings.ToUpper(u.Email), "password": webtest.Password})
	must(t, err)
	res.Body.Close()
	var cookie *http.Cookie
	for _, c := range res.Cookies() {
		if c.Name == web.SessionCookie {
			cookie = c
		}
	}
	if res.StatusCode != http.StatusOK || cookie == nil || !cookie.HttpOnly || cookie.SameSite != http.SameSiteLaxMode || len(cookie.Value) < 43 {
		t.Fatalf("sign in: %s, cookie %+v", res.Status, cookie)
	}
	c := webtest.SignIn(t, ts.URL, u.Email, webtest.Password)
	var who struct {
		User        socialcrm.User
		Permissions []string
	}
	res, err = c.Get(ts.URL + "/api/v1/session")
	must(t, err)
	must(t, json.NewDecoder(res.Body).Decode(&who))
	res.Body.Close()
	if who.User.ID != u.ID || strings.Join(who.Permissions, ",") != "read,metrics,work" {
		t.Errorf("who am I = %+v", who)
	}
	res, err = webtest.Do(c, http.MethodDelete, ts.URL+"/api/v1/session", nil)
	must(t, err)
	res.Body.Close()
	if res, _ := c.Get(ts.URL + "/api/v1/mentions"); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("after sign-out: %s, want 401", res.Status)
	}

	off := webtest.User(t, st, socialcrm.RoleViewer)
	signedIn := webtest.SignIn(t, ts.URL, off.Email, webtest.Password)
	admin := client(t, ts.URL)
	res, err = webtest.Do(admin, http.MethodPatch, ts.URL+"/api/v1/users/"+off.ID, `{"active":false}`)
	must(t, err)
	res.Body.Close()
	if res, _ := signedIn.Get(ts.URL + "/api/v1/mentions"); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("disabled user's session: %s, want 401", res.Status)
	}
	var first string
	for _, cred := range [][2]string{{u.Email, "wrong password!"}, {"nobody@example.com", webtest.Password}, {off.Email, webtest.Password}} {
		res, err := webtest.PostJSON(http.DefaultClient, ts.URL+"/api/v1/session", map[string]string{"email": cred[0], "password": cred[1]})
		must(t, err)
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if first == "" {
			first = string(b)
		}
		if res.StatusCode != http.StatusUnauthorized || string(b) != first {
			t.Errorf("sign in as %s: %d %s, want 401 %s", cred[0], res.StatusCode, b, first)
		}
	}
}

// TestSession_RateLimited checks that an account is locked out after its
// burst of failed attempts, even with the right password.
func TestSession_RateLimited(t *testing.T) {
	st := memory.New()
	ts := serve(t, &web.Server{Store: st}, st)
	u := webtest.User(t, st, socialcrm.RoleViewer)
	codes := []int{}
	for range 6 {
		res, err := webtest.PostJSON(http.DefaultClient, ts.URL+"/api/v1/session", map[string]string{"email": u.Email, "password": "guess guess guess"})
		must(t, err)
		res.Body.Close()
		codes = append(codes, res.StatusCode)
	}
	res, err := webtest.PostJSON(http.DefaultClient, ts.URL+"/api/v1/session", map[string]string{"email": u.Email, "password": webtest.Password})
	must(t, err)
	res.Body.Close()
	codes = append(codes, res.StatusCode)
	want := []int{401, 401, 401, 401, 401, 429, 429}
	if !slices.Equal(codes, want) {
		t.Errorf("statuses %v, want %v", codes, want)
	}
}
