package web_test

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/crm"
	"github.com/socialcrm/socialcrm/store/memory"
	"github.com/socialcrm/socialcrm/web"
)

const testPipelineYAML = `stages:
  - {name: discovery, probability: 10}
  - {name: demo, probability: 40}
  - {name: contract, probability: 80}
  - {name: signed, probability: 100, outcome: won}
  - {name: dropped, probability: 0, outcome: lost}
`

const testRatesYAML = `base: EUR
rates:
  USD: 0.92
  GBP: 1.17
`

// configuredServer serves a memory store with the pipeline and rates
// above, read from files as --pipeline-config and --fx-rates read them.
func configuredServer(t *testing.T) (string, *memory.Store) {
	t.Helper()
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		must(t, os.WriteFile(p, []byte(body), 0o600))
		return p
	}
	pl, err := crm.ReadPipeline(write("pipeline.yaml", testPipelineYAML))
	must(t, err)
	fx, err := crm.ReadFXRates(write("rates.yaml", testRatesYAML))
	must(t, err)
	st := memory.New()
	t.Cleanup(func() { st.Close() })
	return serve(t, &web.Server{Store: st, Stages: pl, FX: fx, Stream: web.NewHub()}, st).URL, st
}

// TestPipeline_Configured: the stages come from the configuration, a
// PATCH to another stage is refused naming the allowed ones, an
// opportunity in a stage the configuration dropped still lists and moves,
// and a deal won in another currency adds its converted amount to its
// account's value, or is refused when no rate is known.
func TestPipeline_Configured(t *testing.T) {
	url, st := configuredServer(t)
	ctx := context.Background()
	must(t, st.SaveAccounts(ctx, &socialcrm.Account{ID: "acc-north", Name: "Northwind", Value: 1000},
		&socialcrm.Account{ID: "acc-us", Name: "Globex", Currency: "USD"}))

	var stages struct{ Stages []socialcrm.Stage }
	getJSON(t, url+"/api/v1/pipeline/stages", http.StatusOK, &stages)
	var names []string
	for _, s := range stages.Stages {
		names = append(names, s.Name)
	}
	if strings.Join(names, ",") != "discovery,demo,contract,signed,dropped" || !stages.Stages[3].Closed || stages.Stages[3].Outcome != "won" {
		t.Errorf("stages = %+v", stages.Stages)
	}

	code, body := send(t, "POST", url+"/api/v1/opportunities", `{"id":"o-usd","name":"Fleet","account_id":"acc-north","amount":100000,"currency":"USD"}`)
	if code != http.StatusCreated || decodeOpp(t, body).Stage != "discovery" || decodeOpp(t, body).Probability != 10 {
		t.Fatalf("POST: %d %s, want it in discovery", code, body)
	}
	if code, body := send(t, "POST", url+"/api/v1/opportunities", `{"name":"x","account_id":"acc-north","stage":"proposal"}`); code != http.StatusBadRequest ||
		!strings.Contains(body, "discovery, demo, contract, signed, dropped") {
		t.Errorf("POST in a stage the pipeline lacks: %d %s", code, body)
	}
	patch := func(id, b string) (int, string) { return send(t, "PATCH", url+"/api/v1/opportunities/"+id, b) }
	if code, body := patch("o-usd", `{"stage":"negotiation"}`); code != http.StatusBadRequest || !strings.Contains(body, "discovery, demo, contract, signed, dropped") {
		t.Errorf("PATCH to an unknown stage: %d %s, want 400 naming the stages", code, body)
	}
	if code, body := patch("o-usd", `{"stage":"signed"}`); code != http.StatusOK {
		t.Fatalf("win in USD for a EUR account: %d %s", code, body)
	} else if o := decodeOpp(t, body); o.Credited == nil || o.Credited.Value != 920 || o.Credited.Currency != "EUR" || o.Outcome != "won" {
		t.Errorf("won = %+v, want 920 EUR credited", o)
	}
	if a, _ := st.FindAccountByID(ctx, "acc-north"); a.Value != 1920 {
		t.Errorf("account value = %v, want 1000 + 1,000.00 USD at 0.92 = 1920", a.Value)
	}

	must(t, st.CreateOpportunity(ctx, &socialcrm.Opportunity{ID: "o-chf", Name: "Swiss", AccountID: "acc-us", Amount: 5000, Currency: "CHF",
		Stage: "contract", Probability: 80}))
	if code, body := patch("o-chf", `{"stage":"signed"}`); code != http.StatusBadRequest || !strings.Contains(body, "CHF") || !strings.Contains(body, "USD") {
		t.Errorf("win in CHF without a rate: %d %s, want 400 naming CHF and USD", code, body)
	}
	if o, _ := st.FindOpportunityByID(ctx, "o-chf"); o.Stage != "contract" {
		t.Errorf("after a refused win the opportunity is in %s, want contract", o.Stage)
	}

	// An opportunity stored under the default pipeline, whose stage the
	// configuration dropped.
	must(t, st.CreateOpportunity(ctx, &socialcrm.Opportunity{ID: "o-old", Name: "Legacy", AccountID: "acc-north", Amount: 200000, Currency: "EUR",
		Stage: "negotiation", Probability: 75}))
	var p crm.Pipeline
	getJSON(t, url+"/api/v1/pipeline", http.StatusOK, &p)
	found := false
	for _, tot := range p.Totals {
		if tot.Stage == "negotiation" && tot.Count == 1 && tot.Weighted == 1500 {
			found = true
		}
	}
	if !found {
		t.Errorf("pipeline totals %+v lack the dropped stage negotiation weighted at its stored 75%%", p.Totals)
	}
	getJSON(t, url+"/api/v1/opportunities/o-old", http.StatusOK, nil)
	if code, body := patch("o-old", `{"stage":"contract"}`); code != http.StatusOK || decodeOpp(t, body).Probability != 80 {
		t.Errorf("moving out of a dropped stage: %d %s", code, body)
	}
	if code, body := patch("o-old", `{"stage":"dropped"}`); code != http.StatusBadRequest || !strings.Contains(body, "lost_reason") {
		t.Errorf("lost without a reason: %d %s", code, body)
	}
	getJSON(t, url+"/api/v1/opportunities?stage=negotiation", http.StatusBadRequest, nil)
}
