// Package webtest signs test clients in to a running web.Server, for the
// tests of every package that calls the API:
//
//	c := webtest.Client(t, ts.URL, store, socialcrm.RoleAdmin)
//	res, err := c.Get(ts.URL + "/api/v1/mentions")
//
// or with an API token: webtest.Bearer(webtest.Token(t, store, role)).
//
// Writes must say Content-Type: application/json; PostJSON does.
package webtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"strings"
	"testing"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/auth"
)

// Password is the password of every user User creates.
const Password = "correct horse battery staple"

// User creates an active user of role in st, with email
// <role>-<n>@example.com and the password Password.
func User(t testing.TB, st socialcrm.UserStore, role socialcrm.Role) *socialcrm.User {
	t.Helper()
	us, err := st.FindUsers(context.Background())
	if err != nil {
		t.Fatalf("webtest: find users: %v", err)
	}
	u := &socialcrm.User{ID: fmt.Sprintf("u-%s-%d", role, len(us)+1), Email: fmt.Sprintf("%s-%d@example.com", role, len(us)+1),
		Name: strings.ToUpper(string(role[:1])) + string(role[1:]) + " Tester", Role: role, Active: true,
		PasswordHash: auth.HashPassword(Password)}
	if err := st.CreateUser(context.Background(), u); err != nil {
		t.Fatalf("webtest: create user: %v", err)
	}
	return u
}

// SignIn signs in at base (the server's URL) with POST /api/v1/session
// and returns a client that carries the session cookie.
func SignIn(t testing.TB, base, email, password string) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	body, _ := json.Marshal(map[string]string{"email": email, "password": password})
	res, err := c.Post(strings.TrimRight(base, "/")+"/api/v1/session", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatalf("webtest: sign in: %v", err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(res.Body)
		t.Fatalf("webtest: sign in as %s: %s %s", email, res.Status, b)
	}
	return c
}

// Client creates a user of role in st and returns a client signed in as
// them at base.
func Client(t testing.TB, base string, st socialcrm.UserStore, role socialcrm.Role) *http.Client {
	t.Helper()
	u := User(t, st, role)
	return SignIn(t, base, u.Email, Password)
}

// Token creates an API token of role owned by a new admin of st and
// returns its secret, for Bearer.
func Token(t testing.TB, st auth.Store, role socialcrm.Role) string {
	t.Helper()
	svc, err := auth.New(st, auth.DefaultConfig(), nil)
	if err != nil {
		t.Fatal(err)
	}
	owner := User(t, st, socialcrm.RoleAdmin)
	_, secret, err := svc.CreateToken(context.Background(), auth.NewToken{Name: "test " + string(role), Role: role, UserID: owner.ID})
	if err != nil {
		t.Fatalf("webtest: create token: %v", err)
	}
	return secret
}

// Bearer returns a client that sends Authorization: Bearer token.
func Bearer(token string) *http.Client {
	return &http.Client{Transport: bearer{token: token, next: http.DefaultTransport}}
}

type bearer struct {
	token string
	next  http.RoundTripper
}

func (b bearer) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", "Bearer "+b.token)
	return b.next.RoundTrip(r)
}

// PostJSON posts body (a string or a value to encode) as JSON with c.
func PostJSON(c *http.Client, url string, body any) (*http.Response, error) {
	return Do(c, http.MethodPost, url, body)
}

// Do sends a request with a JSON body (nil sends none, still typed JSON).
func Do(c *http.Client, method, url string, body any) (*http.Response, error) {
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		r = strings.NewReader(b)
	default:
		enc, err := json.Marshal(b)
		if err != nil {
			return nil, err
		}
		r = bytes.NewReader(enc)
	}
	req, err := http.NewRequest(method, url, r)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	return c.Do(req)
}
