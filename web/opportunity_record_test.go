package web_test

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/socialcrm/socialcrm"
)

// TestOpportunity_RecordBrowser drives, in Chromium, a configured
// pipeline: the Pipeline page's columns are the configured stages plus
// one for a stage the configuration dropped, whose card still moves; a
// card's name opens the opportunity's record page, where it is edited and
// moved, its history and timeline follow, a win in dollars adds its
// converted amount to a euro account, and a win without a known rate is
// refused on the page.
func TestOpportunity_RecordBrowser(t *testing.T) {
	url, st := configuredServer(t)
	ctx := context.Background()
	must(t, st.SaveAccounts(ctx, &socialcrm.Account{ID: "acc-north", Name: "Northwind Traders", Value: 1000}))
	must(t, st.SaveContacts(ctx, &socialcrm.Contact{ID: "c-alice", Name: "Alice", AccountID: "acc-north"}))
	now := time.Now()
	for _, o := range []*socialcrm.Opportunity{
		{ID: "o-usd", Name: "Fleet renewal", AccountID: "acc-north", Contacts: []string{"c-alice"}, Amount: 100000, Currency: "USD",
			Stage: "discovery", Probability: 10},
		{ID: "o-old", Name: "Legacy vans", AccountID: "acc-north", Amount: 200000, Currency: "EUR", Stage: "negotiation", Probability: 75},
		{ID: "o-chf", Name: "Swiss office", AccountID: "acc-north", Amount: 5000, Currency: "CHF", Stage: "contract", Probability: 80},
	} {
		o.History = []socialcrm.StageChange{{To: o.Stage, At: now}}
		must(t, st.CreateOpportunity(ctx, o))
	}
	b := browser(t, "/api/v1/opportunities/o-chf")
	signIn(t, b, url, st, socialcrm.RoleAgent)

	do(t, b, "open pipeline", chromedp.Navigate(url+"/pipeline"), chromedp.WaitVisible(chromedp.CSS(`#board [data-opp="o-usd"]`)))
	cols := eval[[]string](t, b, `Array.from(document.querySelectorAll("#board .stage")).map(s => s.dataset.stage + (s.dataset.retired ? "*" : ""))`)
	if want := []string{"discovery", "demo", "contract", "signed", "dropped", "negotiation*"}; len(cols) != len(want) || cols[0] != want[0] || cols[5] != want[5] || cols[3] != want[3] {
		t.Errorf("columns = %q, want %q", cols, want)
	}
	screenshot(t, b, "pipeline-configured.png")
	do(t, b, "move the dropped stage's card", chromedp.Click(chromedp.CSS(`#board [data-opp="o-old"] [data-move="next"]`)))
	waitFor(t, b, "legacy vans in discovery, its old column gone",
		`document.querySelector('#board [data-opp="o-old"]')?.closest(".stage")?.dataset.stage === "discovery" && !document.querySelector('#board [data-retired]')`)

	do(t, b, "open the record", chromedp.Click(chromedp.CSS(`#board [data-opp="o-usd"] a.deal-name`)))
	waitAcross(t, b, "the record", `document.querySelector("#record")?.dataset.state === "ready" && document.querySelector("#record h1").textContent.includes("Fleet renewal")`)
	if got := eval[string](t, b, `location.pathname`); got != "/opportunities/o-usd" {
		t.Errorf("card link went to %s", got)
	}
	if got := eval[string](t, b, `document.querySelector('[data-field="account"] a')?.textContent || ""`); got != "Northwind Traders" {
		t.Errorf("account field = %q", got)
	}
	if got := eval[[]string](t, b, `Array.from(document.querySelectorAll("#opp-stage option")).map(o => o.value)`); len(got) != 5 || got[3] != "signed" {
		t.Errorf("stage choices = %q, want the five configured", got)
	}
	waitFor(t, b, "the timeline", `document.querySelector("#timeline")?.dataset.state === "ready"`)

	do(t, b, "edit stage, amount and close date", chromedp.SetValue(chromedp.CSS(`#opp-stage`), "contract"),
		chromedp.SetValue(chromedp.CSS(`#opp-amount`), "1500"), chromedp.SetValue(chromedp.CSS(`#opp-close`), "2027-01-31"),
		chromedp.Click(chromedp.CSS(`#opp-edit [data-action="save"]`)))
	waitFor(t, b, "in contract", `document.querySelector("#record").dataset.stage === "contract" && document.querySelector('[data-field="expected-close"]').textContent === "2027-01-31"`)
	waitFor(t, b, "history and timeline show the move", `document.querySelectorAll("#opp-history tbody tr").length === 2 &&
		!!document.querySelector('#timeline-items [data-kind="stage_change"]')`)
	o, err := st.FindOpportunityByID(ctx, "o-usd")
	must(t, err)
	if o.Stage != "contract" || o.Probability != 80 || o.Amount != 150000 || o.ExpectedClose != "2027-01-31" {
		t.Errorf("stored after the edit = %+v", o)
	}

	do(t, b, "win", chromedp.SetValue(chromedp.CSS(`#opp-stage`), "signed"), chromedp.Click(chromedp.CSS(`#opp-edit [data-action="save"]`)))
	waitFor(t, b, "won, credited in euros", `document.querySelector("#record").dataset.stage === "signed" && /1,380/.test(document.querySelector('[data-field="added-to-account"]')?.textContent || "")`)
	if a, _ := st.FindAccountByID(ctx, "acc-north"); a.Value != 2380 {
		t.Errorf("account value = %v, want 1000 + 1,500.00 USD at 0.92 = 2380", a.Value)
	}
	if !eval[bool](t, b, `document.querySelector("#opp-stage").disabled && document.querySelector("#opp-amount").disabled`) {
		t.Error("a won opportunity's stage and amount can still be edited")
	}

	do(t, b, "the Swiss office", chromedp.Navigate(url+"/opportunities/o-chf"), chromedp.WaitVisible(chromedp.CSS(`#opp-edit`)))
	do(t, b, "win without a rate", chromedp.SetValue(chromedp.CSS(`#opp-stage`), "signed"), chromedp.Click(chromedp.CSS(`#opp-edit [data-action="save"]`)))
	waitFor(t, b, "the refusal shown", `/CHF/.test(document.querySelector("#toasts").textContent) && /no exchange rate/.test(document.querySelector("#toasts").textContent)`)
	if o, _ := st.FindOpportunityByID(ctx, "o-chf"); o.Stage != "contract" {
		t.Errorf("after a refused win the deal is in %s, want contract", o.Stage)
	}
	if a, _ := st.FindAccountByID(ctx, "acc-north"); a.Value != 2380 {
		t.Errorf("account value after a refused win = %v, want 2380", a.Value)
	}
}
