package web_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/store/memory"
	"github.com/socialcrm/socialcrm/web"
	"github.com/socialcrm/socialcrm/web/webtest"
)

// leadServer serves a memory store with the agent sam.
func leadServer(t *testing.T) (*httptest.Server, *memory.Store) {
	t.Helper()
	st := memory.New()
	t.Cleanup(func() { st.Close() })
	must(t, st.CreateUser(t.Context(), &socialcrm.User{ID: "sam", Email: "sam@example.com", Role: socialcrm.RoleAgent, Active: true}))
	return serve(t, &web.Server{Store: st}, st), st
}

func decodeLead(t *testing.T, body string) socialcrm.Lead {
	t.Helper()
	var l socialcrm.Lead
	if err := json.Unmarshal([]byte(body), &l); err != nil {
		t.Fatalf("decode lead: %v in %s", err, body)
	}
	return l
}

func TestLeads_CreateAndList(t *testing.T) {
	ts, _ := leadServer(t)
	code, body := send(t, "POST", ts.URL+"/api/v1/leads", `{"name":"Peter Gibbons","company":"Initech","email":"peter@initech.example",
		"identities":[{"network":"mastodon","handle":"peter@example.social"}],"owner":"sam@example.com","score":40}`)
	if code != http.StatusCreated {
		t.Fatalf("POST lead: %d %s", code, body)
	}
	l := decodeLead(t, body)
	if !strings.HasPrefix(l.ID, "lead-") || l.Status != socialcrm.LeadNew || l.Source != socialcrm.LeadFromAPI || l.Owner != "sam" || l.CreatedAt.IsZero() {
		t.Errorf("created lead = %+v, want a new api lead owned by sam with a made id", l)
	}
	code, body = send(t, "POST", ts.URL+"/api/v1/leads", `{"id":"l-milton","name":"Milton","source":"form","status":"working"}`)
	if code != http.StatusCreated {
		t.Fatalf("POST lead: %d %s", code, body)
	}
	var list struct {
		Leads []socialcrm.Lead `json:"leads"`
		Total int              `json:"total"`
	}
	getJSON(t, ts.URL+"/api/v1/leads?status=working", http.StatusOK, &list)
	if list.Total != 1 || len(list.Leads) != 1 || list.Leads[0].ID != "l-milton" {
		t.Errorf("working leads = %+v, want l-milton alone", list)
	}
	getJSON(t, ts.URL+"/api/v1/leads?owner=none", http.StatusOK, &list)
	if list.Total != 1 || list.Leads[0].ID != "l-milton" {
		t.Errorf("unowned leads = %+v, want l-milton alone", list)
	}
	getJSON(t, ts.URL+"/api/v1/leads?q=initech", http.StatusOK, &list)
	if list.Total != 1 || list.Leads[0].ID != l.ID {
		t.Errorf("leads matching initech = %+v, want %s", list, l.ID)
	}
	getJSON(t, ts.URL+"/api/v1/leads/l-milton", http.StatusOK, nil)
	getJSON(t, ts.URL+"/api/v1/leads/nobody", http.StatusNotFound, nil)
	for _, u := range []string{"status=hot", "source=fax"} {
		if code, body := send(t, "GET", ts.URL+"/api/v1/leads?"+u, ""); code != http.StatusBadRequest || !strings.Contains(body, `parameter `+u[:strings.Index(u, "=")+1]) || strings.Count(body, "invalid") > 1 {
			t.Errorf("GET leads?%s: %d %s, want 400 naming the parameter once", u, code, body)
		}
	}
}

func TestLeads_CreateRefused(t *testing.T) {
	ts, _ := leadServer(t)
	if code, body := send(t, "POST", ts.URL+"/api/v1/leads", `{"id":"l1","name":"Peter"}`); code != http.StatusCreated {
		t.Fatalf("POST lead: %d %s", code, body)
	}
	for name, c := range map[string]struct {
		body  string
		code  int
		field string
	}{
		"existing id":     {`{"id":"l1","name":"Other"}`, http.StatusConflict, "already exists"},
		"path id":         {`{"id":"../x","name":"Peter"}`, http.StatusBadRequest, "id"},
		"no name":         {`{"name":"  "}`, http.StatusBadRequest, "name"},
		"bad email":       {`{"name":"P","email":"not-an-email"}`, http.StatusBadRequest, "email"},
		"long name":       {`{"name":"` + strings.Repeat("a", 100<<10) + `"}`, http.StatusBadRequest, "name"},
		"long company":    {`{"name":"P","company":"` + strings.Repeat("a", 201) + `"}`, http.StatusBadRequest, "company"},
		"unknown source":  {`{"name":"P","source":"fax"}`, http.StatusBadRequest, "source"},
		"converted":       {`{"name":"P","status":"converted"}`, http.StatusBadRequest, "status"},
		"unknown owner":   {`{"name":"P","owner":"nobody@example.com"}`, http.StatusBadRequest, "owner"},
		"score":           {`{"name":"P","score":500}`, http.StatusBadRequest, "score"},
		"unknown field":   {`{"name":"P","contact_id":"c1"}`, http.StatusBadRequest, "contact_id"},
		"handle twice":    {`{"name":"P","identities":[{"network":"x","handle":"p"},{"network":"x","handle":"@P"}]}`, http.StatusBadRequest, "twice"},
		"empty identity":  {`{"name":"P","identities":[{"network":"x"}]}`, http.StatusBadRequest, "identity"},
		"not json object": {`[]`, http.StatusBadRequest, "request body"},
	} {
		code, body := send(t, "POST", ts.URL+"/api/v1/leads", c.body)
		if code != c.code || !strings.Contains(body, c.field) {
			t.Errorf("%s: %d %.200s, want %d naming %q", name, code, body, c.code, c.field)
		}
	}
	var list struct{ Total int }
	getJSON(t, ts.URL+"/api/v1/leads", http.StatusOK, &list)
	if list.Total != 1 {
		t.Errorf("%d leads after refused creates, want 1", list.Total)
	}
}

func TestLeads_Transitions(t *testing.T) {
	ts, _ := leadServer(t)
	if code, body := send(t, "POST", ts.URL+"/api/v1/leads", `{"id":"l1","name":"Peter","email":"peter@initech.example"}`); code != http.StatusCreated {
		t.Fatalf("POST lead: %d %s", code, body)
	}
	url := ts.URL + "/api/v1/leads/l1"
	for _, step := range []struct {
		body, status string
		code         int
		want         string // in the body
	}{
		{`{"status":"working","owner":"sam"}`, "working", 200, `"owner":"sam"`},
		{`{"status":"converted"}`, "working", 409, "convert"},
		{`{"status":"hot"}`, "working", 400, "status"},
		{`{"status":"disqualified"}`, "working", 400, "reason"},
		{`{"status":"qualified","company":"Initech"}`, "qualified", 200, `"company":"Initech"`},
		{`{"status":"new"}`, "qualified", 409, "cannot move from qualified to new"},
		{`{"status":"disqualified","reason":"no budget"}`, "disqualified", 200, `"reason":"no budget"`},
		{`{"status":"qualified"}`, "disqualified", 409, "cannot move"},
		{`{"status":"working"}`, "working", 200, `"status":"working"`},
		{`{"email":"nope"}`, "working", 400, "email"},
		{`{"owner":"ghost"}`, "working", 400, "owner"},
		{`{"score":-1}`, "working", 400, "score"},
	} {
		code, body := send(t, "PATCH", url, step.body)
		if code != step.code || !strings.Contains(body, step.want) {
			t.Errorf("PATCH %s: %d %s, want %d with %s", step.body, code, body, step.code, step.want)
		}
		var l socialcrm.Lead
		getJSON(t, url, http.StatusOK, &l)
		if l.Status != step.status {
			t.Errorf("after PATCH %s: status %s, want %s", step.body, l.Status, step.status)
		}
		if l.Status != socialcrm.LeadDisqualified && l.Reason != "" {
			t.Errorf("after PATCH %s: reason %q kept on a %s lead", step.body, l.Reason, l.Status)
		}
	}
	if code, _ := send(t, "PATCH", ts.URL+"/api/v1/leads/nobody", `{"status":"working"}`); code != http.StatusNotFound {
		t.Errorf("PATCH of an unknown lead: %d, want 404", code)
	}
}

// TestLeads_Access checks that a viewer reads leads but cannot write
// them, and an agent can.
func TestLeads_Access(t *testing.T) {
	ts, st := leadServer(t)
	viewer, agent := webtest.Client(t, ts.URL, st, socialcrm.RoleViewer), webtest.Client(t, ts.URL, st, socialcrm.RoleAgent)
	for _, c := range []struct {
		client *http.Client
		code   int
	}{{viewer, http.StatusForbidden}, {agent, http.StatusCreated}} {
		res, err := webtest.PostJSON(c.client, ts.URL+"/api/v1/leads", `{"name":"Peter"}`)
		must(t, err)
		res.Body.Close()
		if res.StatusCode != c.code {
			t.Errorf("POST lead: %d, want %d", res.StatusCode, c.code)
		}
	}
	res, err := viewer.Get(ts.URL + "/api/v1/leads")
	must(t, err)
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Errorf("viewer GET leads: %d", res.StatusCode)
	}
}
