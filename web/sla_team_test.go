package web_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/store/memory"
	"github.com/socialcrm/socialcrm/web"
	"github.com/socialcrm/socialcrm/web/webtest"
)

// TestTeams creates, lists, replaces and deletes a team through the API:
// its members are the users listing it, its supervisor must be an active
// user, and only analysts and admins change teams.
func TestTeams(t *testing.T) {
	st := memory.New()
	ts := serve(t, &web.Server{Store: st}, st)
	analyst := webtest.Client(t, ts.URL, st, socialcrm.RoleAnalyst)
	agent := webtest.User(t, st, socialcrm.RoleAgent)
	agent.Teams = []string{"social"}
	if err := st.UpdateUser(context.Background(), agent); err != nil {
		t.Fatal(err)
	}
	sup := webtest.User(t, st, socialcrm.RoleAgent)
	call := func(c *http.Client, method, path string, body any) (int, string) {
		t.Helper()
		res, err := webtest.Do(c, method, ts.URL+path, body)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}

	if code, body := call(analyst, http.MethodPut, "/api/v1/teams/social", map[string]string{"name": "Social care", "supervisor": sup.ID}); code != http.StatusCreated {
		t.Fatalf("PUT new team = %d %s, want 201", code, body)
	}
	if code, body := call(analyst, http.MethodPut, "/api/v1/teams/social", map[string]string{"name": "Social care EMEA", "supervisor": sup.ID}); code != http.StatusOK {
		t.Fatalf("PUT existing team = %d %s, want 200", code, body)
	}
	code, body := call(analyst, http.MethodGet, "/api/v1/teams", nil)
	var list struct {
		Teams []struct {
			ID, Name, Supervisor string
			Members              []string
		}
	}
	if err := json.Unmarshal([]byte(body), &list); err != nil || code != http.StatusOK {
		t.Fatalf("GET teams = %d %s", code, body)
	}
	if len(list.Teams) != 1 || list.Teams[0].Name != "Social care EMEA" || list.Teams[0].Supervisor != sup.ID ||
		len(list.Teams[0].Members) != 1 || list.Teams[0].Members[0] != agent.ID {
		t.Errorf("teams = %+v, want social with member %s and supervisor %s", list.Teams, agent.ID, sup.ID)
	}

	for name, tc := range map[string]struct {
		path, body, field string
	}{
		"UnknownSupervisor": {"/api/v1/teams/social", `{"name":"x","supervisor":"u-nobody"}`, "supervisor"},
		"NoName":            {"/api/v1/teams/social", `{"name":""}`, "name"},
		"BadID":             {"/api/v1/teams/a%20b", `{"name":"x"}`, "id"},
		"UnknownField":      {"/api/v1/teams/social", `{"name":"x","members":["a"]}`, "members"},
	} {
		if code, body := call(analyst, http.MethodPut, tc.path, tc.body); code != http.StatusBadRequest || !strings.Contains(body, tc.field) {
			t.Errorf("%s: PUT = %d %s, want 400 naming %s", name, code, body, tc.field)
		}
	}
	agentClient := webtest.SignIn(t, ts.URL, agent.Email, webtest.Password)
	if code, _ := call(agentClient, http.MethodPut, "/api/v1/teams/other", `{"name":"x"}`); code != http.StatusForbidden {
		t.Errorf("agent PUT team = %d, want 403", code)
	}
	if code, _ := call(agentClient, http.MethodGet, "/api/v1/teams/social", nil); code != http.StatusOK {
		t.Errorf("agent GET team = %d, want 200", code)
	}
	if code, _ := call(analyst, http.MethodDelete, "/api/v1/teams/social", nil); code != http.StatusNoContent {
		t.Errorf("DELETE team = %d, want 204", code)
	}
	if code, _ := call(analyst, http.MethodGet, "/api/v1/teams/social", nil); code != http.StatusNotFound {
		t.Errorf("GET deleted team = %d, want 404", code)
	}
}

// TestCasePriority_API: PATCH sets a case's priority by hand; a bad one
// is 400 naming the field, a resolved case 409, a viewer 403.
func TestCasePriority_API(t *testing.T) {
	fx := newDashboardFixture(t)
	st := fx.store
	agent := webtest.Client(t, fx.url, st, socialcrm.RoleAgent)
	for _, tc := range []struct {
		body string
		want int
		in   string
	}{
		{`{"priority":"urgent"}`, http.StatusOK, `"priority":"urgent"`},
		{`{"priority":"asap"}`, http.StatusBadRequest, "priority"},
		{`{}`, http.StatusBadRequest, "priority"},
		{`{"priority":"low","colour":"red"}`, http.StatusBadRequest, "colour"},
	} {
		res, err := webtest.Do(agent, http.MethodPatch, fx.url+"/api/v1/cases/case-acme:3", tc.body)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != tc.want || !strings.Contains(string(b), tc.in) {
			t.Errorf("PATCH %s = %d %s, want %d with %s", tc.body, res.StatusCode, b, tc.want, tc.in)
		}
	}
	if k, err := st.FindCaseByID(context.Background(), "case-acme:3"); err != nil || k.Priority != socialcrm.PriorityUrgent || k.PrioritySetBy == "" {
		t.Errorf("stored case = %+v, %v; want urgent, set by hand", k, err)
	}
	if _, err := fx.cases.ResolveCase(context.Background(), "case-acme:3", ""); err != nil {
		t.Fatal(err)
	}
	if res, _ := webtest.Do(agent, http.MethodPatch, fx.url+"/api/v1/cases/case-acme:3", `{"priority":"low"}`); res.StatusCode != http.StatusConflict {
		t.Errorf("PATCH a resolved case = %d, want 409", res.StatusCode)
	}
	viewer := webtest.Client(t, fx.url, st, socialcrm.RoleViewer)
	if res, _ := webtest.Do(viewer, http.MethodPatch, fx.url+"/api/v1/cases/case-bluesky:q1", `{"priority":"low"}`); res.StatusCode != http.StatusForbidden {
		t.Errorf("viewer PATCH = %d, want 403", res.StatusCode)
	}
}
