package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/crm"
)

func decodeOpp(t *testing.T, body string) socialcrm.Opportunity {
	t.Helper()
	var o socialcrm.Opportunity
	if err := json.Unmarshal([]byte(body), &o); err != nil {
		t.Fatalf("decode opportunity: %v in %s", err, body)
	}
	return o
}

func TestOpportunities_Lifecycle(t *testing.T) {
	ts, st := leadServer(t)
	ctx := context.Background()
	must(t, st.SaveAccounts(ctx, &socialcrm.Account{ID: "acc-north", Name: "Northwind", Value: 1000}))
	must(t, st.SaveContacts(ctx, &socialcrm.Contact{ID: "c-alice", Name: "Alice", AccountID: "acc-north"}))
	code, body := send(t, "POST", ts.URL+"/api/v1/opportunities", `{"id":"opp-1","name":"Fleet renewal","account_id":"acc-north",
		"contacts":["c-alice"],"amount":2500000,"currency":"eur","expected_close":"2026-12-15","owner":"sam@example.com"}`)
	if code != http.StatusCreated {
		t.Fatalf("POST opportunity: %d %s", code, body)
	}
	o := decodeOpp(t, body)
	if o.Stage != socialcrm.StageProspecting || o.Probability != 10 || o.Currency != "EUR" || o.Owner != "sam" || len(o.History) != 1 {
		t.Errorf("created opportunity = %+v", o)
	}
	url := ts.URL + "/api/v1/opportunities/opp-1"
	me := whoAmI(t, ts.URL)
	for _, step := range []struct {
		body, stage string
		code        int
		want        string
	}{
		{`{"stage":"proposal"}`, "proposal", 200, `"probability":50`},
		{`{"stage":"dreaming"}`, "proposal", 400, "stage"},
		{`{"stage":"lost"}`, "proposal", 400, "lost_reason"},
		{`{"stage":"lost","lost_reason":"went with a rival"}`, "lost", 200, `"lost_reason":"went with a rival"`},
		{`{"stage":"negotiation"}`, "negotiation", 200, `"probability":75`},
		{`{"expected_close":"2026-13-01"}`, "negotiation", 400, "expected_close"},
		{`{"contacts":["c-ghost"]}`, "negotiation", 400, "c-ghost"},
		{`{"owner":"ghost"}`, "negotiation", 400, "owner"},
		{`{"amount":-5}`, "negotiation", 400, "amount"},
		{`{"stage":"won"}`, "won", 200, `"probability":100`},
		{`{"stage":"lost","lost_reason":"x"}`, "won", 409, "won"},
		{`{"amount":1}`, "won", 409, "amount"},
		{`{"name":"Fleet renewal 2027"}`, "won", 200, "Fleet renewal 2027"},
	} {
		code, body := send(t, "PATCH", url, step.body)
		if code != step.code || !strings.Contains(body, step.want) {
			t.Errorf("PATCH %s: %d %s, want %d with %s", step.body, code, body, step.code, step.want)
		}
		var got socialcrm.Opportunity
		getJSON(t, url, http.StatusOK, &got)
		if got.Stage != step.stage {
			t.Errorf("after PATCH %s: stage %s, want %s", step.body, got.Stage, step.stage)
		}
	}
	var got socialcrm.Opportunity
	getJSON(t, url, http.StatusOK, &got)
	var moves []string
	for _, c := range got.History {
		moves = append(moves, c.From+">"+c.To)
		if c.By != me || c.At.IsZero() {
			t.Errorf("stage change %+v: want it by %s with its time", c, me)
		}
	}
	if strings.Join(moves, " ") != ">prospecting prospecting>proposal proposal>lost lost>negotiation negotiation>won" {
		t.Errorf("history = %v", moves)
	}
	a, err := st.FindAccountByID(ctx, "acc-north")
	must(t, err)
	if a.Value != 26000 {
		t.Errorf("account value after winning 25,000.00 EUR = %v, want 1000 + 25000", a.Value)
	}

	for name, c := range map[string]struct {
		body string
		code int
		want string
	}{
		"taken id":        {`{"id":"opp-1","name":"x","account_id":"acc-north"}`, http.StatusConflict, "already exists"},
		"missing account": {`{"name":"x","account_id":"acc-nowhere"}`, http.StatusBadRequest, "acc-nowhere"},
		"no account":      {`{"name":"x"}`, http.StatusBadRequest, "account_id"},
		"no name":         {`{"account_id":"acc-north"}`, http.StatusBadRequest, "name"},
		"won, no reason":  {`{"name":"x","account_id":"acc-north","stage":"lost"}`, http.StatusBadRequest, "lost_reason"},
		"path id":         {`{"id":"../x","name":"x","account_id":"acc-north"}`, http.StatusBadRequest, "id"},
		"long name":       {`{"name":"` + strings.Repeat("a", 10<<10) + `","account_id":"acc-north"}`, http.StatusBadRequest, "name"},
		"unknown field":   {`{"name":"x","account_id":"acc-north","probability":90}`, http.StatusBadRequest, "probability"},
	} {
		code, body := send(t, "POST", ts.URL+"/api/v1/opportunities", c.body)
		if code != c.code || !strings.Contains(body, c.want) {
			t.Errorf("POST %s: %d %.200s, want %d naming %q", name, code, body, c.code, c.want)
		}
	}
	getJSON(t, ts.URL+"/api/v1/opportunities/nobody", http.StatusNotFound, nil)
	getJSON(t, ts.URL+"/api/v1/opportunities?stage=dreaming", http.StatusBadRequest, nil)
	var list struct {
		Opportunities []socialcrm.Opportunity
		Total         int
	}
	getJSON(t, ts.URL+"/api/v1/opportunities?account=acc-north&stage=won", http.StatusOK, &list)
	if list.Total != 1 || list.Opportunities[0].ID != "opp-1" {
		t.Errorf("won opportunities of acc-north = %+v", list)
	}
}

func TestOpportunities_Forecast(t *testing.T) {
	ts, st := leadServer(t)
	ctx := context.Background()
	must(t, st.SaveAccounts(ctx, &socialcrm.Account{ID: "acc-north", Name: "Northwind"}))
	for _, b := range []string{
		`{"name":"a","account_id":"acc-north","amount":100000,"stage":"proposal","expected_close":"2026-12-10"}`,
		`{"name":"b","account_id":"acc-north","amount":200000,"stage":"negotiation","expected_close":"2026-12-20"}`,
		`{"name":"c","account_id":"acc-north","amount":400000,"stage":"prospecting","expected_close":"2027-01-05"}`,
		`{"name":"d","account_id":"acc-north","amount":500000,"currency":"USD","stage":"qualification","expected_close":"2026-12-01"}`,
		`{"name":"e","account_id":"acc-north","amount":900000,"stage":"won","expected_close":"2026-12-01"}`,
		`{"name":"f","account_id":"acc-north","amount":300000}`,
	} {
		if code, body := send(t, "POST", ts.URL+"/api/v1/opportunities", b); code != http.StatusCreated {
			t.Fatalf("POST %s: %d %s", b, code, body)
		}
	}
	var p crm.Pipeline
	getJSON(t, ts.URL+"/api/v1/pipeline", http.StatusOK, &p)
	got := map[string]crm.MonthForecast{}
	for _, f := range p.Forecast {
		got[f.Month+" "+f.Currency] = f
	}
	for k, want := range map[string]struct {
		count    int
		weighted float64
	}{
		"2026-12 EUR": {2, 1000*0.5 + 2000*0.75}, "2027-01 EUR": {1, 400}, "2026-12 USD": {1, 1250}, " EUR": {1, 300},
	} {
		if f := got[k]; f.Count != want.count || f.Weighted != want.weighted {
			t.Errorf("forecast %q = %+v, want %d deals weighing %v", k, f, want.count, want.weighted)
		}
	}
	if len(p.Forecast) != 4 || p.Forecast[3].Month != "" {
		t.Errorf("forecast = %+v, want 4 rows, the undated last (the won deal left out)", p.Forecast)
	}
	if len(p.Stages) != 6 || p.Stages[4].Name != "won" || p.Stages[4].Probability != 100 {
		t.Errorf("stages = %+v", p.Stages)
	}
	if a, _ := st.FindAccountByID(ctx, "acc-north"); a.Value != 9000 {
		t.Errorf("account value = %v, want 9000 from the deal created won", a.Value)
	}
}
