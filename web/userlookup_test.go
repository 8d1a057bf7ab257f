package web_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/store/memory"
	"github.com/socialcrm/socialcrm/web"
	"github.com/socialcrm/socialcrm/web/webtest"
)

// TestUserLookup: an agent reads the active users' ids and names, by
// name, and nothing else of them; a viewer may not.
func TestUserLookup(t *testing.T) {
	st := memory.New()
	ts := serve(t, &web.Server{Store: st}, st)
	ctx := t.Context()
	must(t, st.CreateUser(ctx, &socialcrm.User{ID: "u-zoe", Email: "zoe@example.com", Name: "Zoe Adams", Role: socialcrm.RoleAgent, Active: true}))
	must(t, st.CreateUser(ctx, &socialcrm.User{ID: "u-bob", Email: "bob@example.com", Name: "bob Brown", Role: socialcrm.RoleAgent, Active: true}))
	must(t, st.CreateUser(ctx, &socialcrm.User{ID: "u-old", Email: "old@example.com", Name: "Old Timer", Role: socialcrm.RoleAgent}))
	var got struct {
		Users []map[string]string `json:"users"`
	}
	agent := webtest.Client(t, ts.URL, st, socialcrm.RoleAgent)
	resp, err := agent.Get(ts.URL + "/api/v1/users/lookup")
	must(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("agent: %d %s", resp.StatusCode, body)
	}
	if strings.Contains(string(body), "@example.com") || strings.Contains(string(body), "role") || strings.Contains(string(body), "Old Timer") {
		t.Errorf("lookup tells more than active users' ids and names: %s", body)
	}
	getJSON(t, ts.URL+"/api/v1/users/lookup", http.StatusOK, &got)
	var names []string
	for _, u := range got.Users {
		if len(u) != 2 || u["id"] == "" {
			t.Errorf("user %v: want id and name only", u)
		}
		names = append(names, u["id"]+"="+u["name"])
	}
	if s := strings.Join(names, ","); !strings.Contains(s, "u-bob=bob Brown,") || !strings.HasSuffix(s, "u-zoe=Zoe Adams") {
		t.Errorf("users = %s, want active ones by name, bob first and zoe last", s)
	}
	viewer := webtest.Client(t, ts.URL, st, socialcrm.RoleViewer)
	resp, err = viewer.Get(ts.URL + "/api/v1/users/lookup")
	must(t, err)
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("viewer: %d, want 403", resp.StatusCode)
	}
}
