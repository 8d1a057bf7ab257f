package web_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/crm"
	"github.com/socialcrm/socialcrm/store/memory"
	"github.com/socialcrm/socialcrm/web"
	"github.com/socialcrm/socialcrm/web/webtest"
)

// TestAudit assigns a case, corrects a sentiment, exports a contact and
// erases it, then reads the trail back through the API: one entry each,
// with who, what, when and from where, and the erasure's entry holds none
// of the erased person's data.
func TestAudit(t *testing.T) {
	st := memory.New()
	t.Cleanup(func() { st.Close() })
	g := seedPrivacy(t, st)
	cases, err := crm.NewCases(crm.DefaultCaseConfig(), st, nil, prometheus.NewRegistry())
	must(t, err)
	ts := serve(t, &web.Server{Store: st, Graph: g, Cases: cases, Privacy: crm.NewPrivacy(st, g, crm.NewErased(st, 0))}, st)
	agent := webtest.User(t, st, socialcrm.RoleAgent)
	ac := webtest.SignIn(t, ts.URL, agent.Email, webtest.Password)
	admin := client(t, ts.URL)
	adminID := whoAmI(t, ts.URL)
	start := time.Now().Add(-time.Second)

	for _, c := range []struct {
		c          *http.Client
		path, body string
	}{
		{ac, "/api/v1/cases/case-dora/assign", `{"assignee":"` + agent.ID + `"}`},
		{ac, "/api/v1/mentions/mastodon:e1/sentiment", `{"label":"negative"}`},
		{admin, "/api/v1/contacts/c-dora/erase", `{}`},
	} {
		if c.path == "/api/v1/contacts/c-dora/erase" {
			res, err := admin.Get(ts.URL + "/api/v1/contacts/c-dora/export")
			must(t, err)
			res.Body.Close()
			if res.StatusCode != http.StatusOK || res.Header.Get("X-Request-Id") == "" {
				t.Fatalf("export: %s, request id %q", res.Status, res.Header.Get("X-Request-Id"))
			}
		}
		res, err := webtest.PostJSON(c.c, ts.URL+c.path, c.body)
		must(t, err)
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Fatalf("POST %s: %s %s", c.path, res.Status, b)
		}
	}
	// A refused change leaves no entry.
	if res, _ := webtest.PostJSON(ac, ts.URL+"/api/v1/silences", `{}`); res.StatusCode != http.StatusForbidden {
		t.Fatalf("agent creates a silence: %s", res.Status)
	}

	entries := func(q url.Values) []socialcrm.AuditEntry {
		t.Helper()
		var got struct{ Entries []socialcrm.AuditEntry }
		getJSON(t, ts.URL+"/api/v1/audit?"+q.Encode(), http.StatusOK, &got)
		return got.Entries
	}
	want := []struct{ actor, action, target, after string }{
		{adminID, "POST /contacts/{id}/erase", "contacts/c-dora", ""},
		{adminID, "GET /contacts/{id}/export", "contacts/c-dora", ""},
		{agent.ID, "POST /mentions/{id}/sentiment", "mentions/mastodon:e1", `"negative"`},
		{agent.ID, "POST /cases/{id}/assign", "cases/case-dora", agent.ID},
	}
	changes := entries(url.Values{"since": {start.Format(time.RFC3339Nano)}})
	var got []socialcrm.AuditEntry
	for _, e := range changes {
		if !strings.HasPrefix(e.Action, "POST /session") {
			got = append(got, e)
		}
	}
	if len(got) != len(want) {
		t.Fatalf("audit trail holds %d changes, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		e := got[i]
		if e.Actor != w.actor || e.Action != w.action || e.Target != w.target || !strings.Contains(string(e.After), w.after) ||
			e.RequestID == "" || e.RemoteAddr != "127.0.0.1" || e.At.Before(start) {
			t.Errorf("entry %d = %+v, want %s %s %s after %s", i, e, w.actor, w.action, w.target, w.after)
		}
	}
	if n := len(entries(url.Values{"actor": {agent.ID}, "action": {"POST /cases/{id}/assign"}})); n != 1 {
		t.Errorf("filtered by actor and action: %d entries, want 1", n)
	}
	if n := len(entries(url.Values{"target": {"contacts/c-dora"}, "until": {start.Format(time.RFC3339Nano)}})); n != 0 {
		t.Errorf("until before the changes: %d entries, want 0", n)
	}
	erasure, _ := json.Marshal(got[0])
	for _, personal := range []string{"Dora", "dora@example", "doral"} {
		if strings.Contains(string(erasure), personal) {
			t.Errorf("the erasure's entry holds %q: %s", personal, erasure)
		}
	}
	if res, _ := ac.Get(ts.URL + "/api/v1/audit"); res.StatusCode != http.StatusForbidden {
		t.Errorf("agent reads the audit trail: %s, want 403", res.Status)
	}
}
