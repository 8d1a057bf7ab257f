package web_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"testing"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/web/webtest"
)

// TestOpenAPI_SalesAnswers checks the answers of the lead, conversion,
// opportunity, pipeline and sales report routes against their schemas in
// openapi.json.
func TestOpenAPI_SalesAnswers(t *testing.T) {
	ts, st := leadServer(t)
	ctx := context.Background()
	_, doc := get(t, ts.URL+"/api/v1/openapi.json", nil)
	var spec map[string]any
	must(t, json.Unmarshal([]byte(doc), &spec))
	must(t, st.SaveAccounts(ctx, &socialcrm.Account{ID: "acc-north", Name: "Northwind"}))
	type answer struct{ method, url, path, body, code string }
	steps := []answer{
		{"post", "/api/v1/leads", "/api/v1/leads", `{"id":"l1","name":"Peter","company":"Initech","owner":"sam","identities":[{"network":"x","handle":"peter"}]}`, "201"},
		{"post", "/api/v1/leads", "/api/v1/leads", `{"id":"l1","name":"Peter"}`, "409"},
		{"get", "/api/v1/leads", "/api/v1/leads", "", "200"},
		{"get", "/api/v1/leads?status=hot", "/api/v1/leads", "", "400"},
		{"get", "/api/v1/leads/l1", "/api/v1/leads/{id}", "", "200"},
		{"get", "/api/v1/leads/nope", "/api/v1/leads/{id}", "", "404"},
		{"patch", "/api/v1/leads/l1", "/api/v1/leads/{id}", `{"status":"qualified"}`, "200"},
		{"patch", "/api/v1/leads/l1", "/api/v1/leads/{id}", `{"status":"converted"}`, "409"},
		{"post", "/api/v1/leads/l1/convert", "/api/v1/leads/{id}/convert", `{"account":{},"opportunity":{"id":"opp-1","name":"Rollout","amount":100000,"expected_close":"2026-12-31"}}`, "200"},
		{"post", "/api/v1/leads/l1/convert", "/api/v1/leads/{id}/convert", `{"account_id":"acc-north"}`, "409"},
		{"get", "/api/v1/leads/l1/timeline", "/api/v1/leads/{id}/timeline", "", "200"},
		{"post", "/api/v1/opportunities", "/api/v1/opportunities", `{"id":"opp-2","name":"Vans","account_id":"acc-north","amount":5000,"stage":"proposal"}`, "201"},
		{"post", "/api/v1/opportunities", "/api/v1/opportunities", `{"name":"x","account_id":"acc-nowhere"}`, "400"},
		{"get", "/api/v1/opportunities", "/api/v1/opportunities", "", "200"},
		{"get", "/api/v1/opportunities/opp-1", "/api/v1/opportunities/{id}", "", "200"},
		{"patch", "/api/v1/opportunities/opp-1", "/api/v1/opportunities/{id}", `{"stage":"won"}`, "200"},
		{"patch", "/api/v1/opportunities/opp-1", "/api/v1/opportunities/{id}", `{"stage":"lost","lost_reason":"x"}`, "409"},
		{"get", "/api/v1/opportunities/opp-1/timeline", "/api/v1/opportunities/{id}/timeline", "", "200"},
		{"get", "/api/v1/pipeline", "/api/v1/pipeline", "", "200"},
		{"get", "/api/v1/reports/sales?since=30d", "/api/v1/reports/sales", "", "200"},
		{"get", "/api/v1/reports/sales?since=1d&until=2d", "/api/v1/reports/sales", "", "400"},
	}
	for _, c := range steps {
		t.Run(c.method+" "+c.url+" "+c.code, func(t *testing.T) {
			var code int
			var body string
			if c.method == "get" {
				res, b := get(t, ts.URL+c.url, nil)
				code, body = res.StatusCode, b
			} else {
				res, err := webtest.Do(client(t, ts.URL), map[string]string{"post": http.MethodPost, "patch": http.MethodPatch}[c.method], ts.URL+c.url, c.body)
				must(t, err)
				b, _ := io.ReadAll(res.Body)
				res.Body.Close()
				code, body = res.StatusCode, string(b)
			}
			if strconv.Itoa(code) != c.code {
				t.Fatalf("status %d, want %s: %s", code, c.code, body)
			}
			schema := lookup(spec, "paths", c.path, c.method, "responses", c.code, "content", "application/json", "schema")
			if schema == nil {
				t.Fatalf("openapi.json has no %s schema for %s %s", c.code, c.method, c.path)
			}
			var v any
			must(t, json.Unmarshal([]byte(body), &v))
			for _, e := range conform(spec, schema, v, "$") {
				t.Error(e)
			}
		})
	}
}
