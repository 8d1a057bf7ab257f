package main

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/web/webtest"
)

// TestSalesConfig_Refused: demo, serve and web stop before starting
// anything when --pipeline-config or --fx-rates is missing or wrong, with
// an error naming the flag and the fault.
func TestSalesConfig_Refused(t *testing.T) {
	write := fileWriter(t)
	noWon := write("nowon.yaml", "stages:\n  - {name: a, probability: 10}\n  - {name: b, probability: 50}\n  - {name: l, outcome: lost}\n")
	badRate := write("rates.yaml", "base: EUR\nrates: {USD: 0}\n")
	env := map[string]string{"KAFKA_BROKERS": "127.0.0.1:1", "DATABASE_URL": "postgres://nowhere.invalid/db"}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"demo", "--pipeline-config", noWon}, "--pipeline-config: " + noWon + ": pipeline: no won stage"},
		{[]string{"serve", "--pipeline-config", filepath.Join(t.TempDir(), "missing.yaml")}, "--pipeline-config: crm: pipeline config"},
		{[]string{"web", "--fx-rates", badRate}, "--fx-rates: " + badRate + ": fx rates: USD: rate 0: want a positive number"},
	} {
		_, _, err := runCmd(t, env, c.args...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: %v, want an error saying %q", c.args, err, c.want)
		}
	}
}

// TestSalesConfig_Demo runs the demo with a pipeline and rates from
// files: the API serves the configured stages, and a deal won in dollars
// adds its converted amount to a demo account valued in euros.
func TestSalesConfig_Demo(t *testing.T) {
	dir := t.TempDir()
	stages := filepath.Join(dir, "stages.yaml")
	rates := filepath.Join(dir, "rates.yaml")
	for p, body := range map[string]string{
		stages: "stages:\n  - {name: discovery, probability: 20}\n  - {name: signed, probability: 100, outcome: won}\n  - {name: dropped, outcome: lost}\n",
		rates:  "base: EUR\nrates: {USD: 0.5}\n",
	} {
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	d := startDemo(t, nil, "--rate", "0", "--burst-every", "0", "--pipeline-config", stages, "--fx-rates", rates)
	api := d.url + "api/v1/"
	var got struct{ Stages []socialcrm.Stage }
	if err := getInto(api+"pipeline/stages", &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Stages) != 3 || got.Stages[0].Name != "discovery" || got.Stages[1].Outcome != "won" {
		t.Fatalf("stages = %+v, want the configured three", got.Stages)
	}
	var accounts struct{ Accounts []socialcrm.Account }
	if err := getInto(api+"accounts", &accounts); err != nil || len(accounts.Accounts) == 0 || accounts.Accounts[0].Currency != "EUR" {
		t.Fatalf("a demo account valued in EUR: %+v, %v", accounts.Accounts, err)
	}
	acc := accounts.Accounts[0]
	res, err := post(api+"opportunities", map[string]any{"id": "opp-usd", "name": "Fleet", "account_id": acc.ID, "amount": 100000, "currency": "USD"})
	if err != nil || res.StatusCode != http.StatusCreated {
		t.Fatalf("create: %v %v", res, err)
	}
	res.Body.Close()
	res, err = webtest.Do(client(api), http.MethodPatch, api+"opportunities/opp-usd", `{"stage":"signed"}`)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var o socialcrm.Opportunity
	if err := json.NewDecoder(res.Body).Decode(&o); err != nil || res.StatusCode != http.StatusOK || o.Credited == nil || o.Credited.Value != 500 {
		t.Fatalf("win: %d %+v %v, want 500 EUR credited", res.StatusCode, o, err)
	}
	var after struct{ Account socialcrm.Account }
	if err := getInto(api+"accounts/"+acc.ID, &after); err != nil || after.Account.Value != acc.Value+500 {
		t.Errorf("account value %v → %v (%v), want +500", acc.Value, after.Account.Value, err)
	}
}
