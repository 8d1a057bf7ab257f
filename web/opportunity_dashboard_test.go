package web_test

import (
	"context"
	"flag"
	"os"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/store/memory"
	"github.com/socialcrm/socialcrm/web"
)

var screenshots = flag.Bool("screenshots", false, "write the screenshots of docs/ that these tests take")

// screenshot saves the page as docs/name when -screenshots is given.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	if !*screenshots {
		return
	}
	eval[bool](t, ctx, `document.querySelector("#toasts").replaceChildren() === undefined`)
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	must(t, err)
	must(t, os.WriteFile("../docs/"+name, png, 0o644))
}

// TestPipeline_Browser drives the Pipeline page in Chromium: a column per
// stage, a card moved by its arrow button and by the keyboard, the move
// recorded with who made it, the forecast following, a deal lost with a
// reason and one won raising its account's value.
func TestPipeline_Browser(t *testing.T) {
	st := memory.New()
	t.Cleanup(func() { st.Close() })
	ctx := context.Background()
	must(t, st.SaveAccounts(ctx, &socialcrm.Account{ID: "acc-north", Name: "Northwind Traders", Value: 1000}))
	now := time.Now()
	month := now.AddDate(0, 1, 0).Format("2006-01")
	for _, o := range []*socialcrm.Opportunity{
		{ID: "opp-fleet", Name: "Fleet renewal", AccountID: "acc-north", Amount: 1000000, Currency: "EUR",
			Stage: socialcrm.StageProspecting, Probability: 10, ExpectedClose: month + "-15"},
		{ID: "opp-vans", Name: "Vans", AccountID: "acc-north", Amount: 400000, Currency: "EUR",
			Stage: socialcrm.StageNegotiation, Probability: 75, ExpectedClose: month + "-20"},
	} {
		o.History = []socialcrm.StageChange{{To: o.Stage, At: now}}
		must(t, st.CreateOpportunity(ctx, o))
	}
	url := serve(t, &web.Server{Store: st, Stream: web.NewHub()}, st).URL
	b := browser(t)
	u := signIn(t, b, url, st, socialcrm.RoleAgent)

	do(t, b, "open pipeline", chromedp.Navigate(url+"/pipeline"), chromedp.WaitVisible(chromedp.CSS(`#board [data-opp="opp-fleet"]`)))
	if got := eval[[]string](t, b, `Array.from(document.querySelectorAll("#board .stage")).map(s => s.dataset.stage)`); len(got) != 6 {
		t.Errorf("columns = %q, want the six stages", got)
	}
	fleet := `#board [data-opp="opp-fleet"]`
	inStage := func(stage string) string {
		return `document.querySelector('` + fleet + `')?.closest(".stage")?.dataset.stage === "` + stage + `"`
	}
	if !eval[bool](t, b, inStage("prospecting")) {
		t.Fatal("fleet renewal is not in prospecting")
	}
	weighted := func() string {
		return eval[string](t, b, `document.querySelector('#forecast tr[data-month="`+month+`"] [data-role="weighted"]')?.textContent || ""`)
	}
	if w := weighted(); w != "4,000" {
		t.Errorf("forecast of %s = %q, want 4,000 (10%% of 10,000 + 75%% of 4,000)", month, w)
	}
	do(t, b, "move by button", chromedp.Click(chromedp.CSS(fleet+` [data-move="next"]`)))
	waitFor(t, b, "in qualification", inStage("qualification"))
	waitFor(t, b, "card focused again", `document.activeElement?.dataset?.opp === "opp-fleet"`)
	do(t, b, "move by keyboard", chromedp.KeyEvent(kb.ArrowRight))
	waitFor(t, b, "in proposal", inStage("proposal")+` && document.activeElement?.dataset?.opp === "opp-fleet"`)
	do(t, b, "back by keyboard", chromedp.KeyEvent(kb.ArrowLeft))
	waitFor(t, b, "back in qualification", inStage("qualification"))
	do(t, b, "forward again", chromedp.KeyEvent(kb.ArrowRight))
	waitFor(t, b, "in proposal again", inStage("proposal"))
	if w := weighted(); w != "8,000" {
		t.Errorf("forecast after the move = %q, want 8,000 (50%% of 10,000 + 3,000)", w)
	}
	o, err := st.FindOpportunityByID(ctx, "opp-fleet")
	must(t, err)
	if o.Stage != socialcrm.StageProposal || len(o.History) != 5 || o.History[4].By != u.ID || o.History[4].From != socialcrm.StageQualification {
		t.Errorf("stored opportunity = %+v, want in proposal after 4 recorded moves by %s", o, u.ID)
	}

	screenshot(t, b, "pipeline.png")
	vans := `#board [data-opp="opp-vans"]`
	do(t, b, "lose vans", chromedp.Click(chromedp.CSS(vans+` [data-move="lost"]`)))
	do(t, b, "give the reason", chromedp.SendKeys(chromedp.CSS(vans+` [data-role="lost-reason"]`), "budget cut\r"))
	waitFor(t, b, "vans lost", `document.querySelector('`+vans+`')?.closest(".stage")?.dataset.stage === "lost"`)
	if o, _ := st.FindOpportunityByID(ctx, "opp-vans"); o.LostReason != "budget cut" {
		t.Errorf("lost reason = %q, want budget cut", o.LostReason)
	}
	do(t, b, "focus fleet", chromedp.Focus(chromedp.CSS(fleet)), chromedp.KeyEvent(kb.ArrowRight))
	waitFor(t, b, "in negotiation", inStage("negotiation"))
	do(t, b, "win", chromedp.KeyEvent(kb.ArrowRight))
	waitFor(t, b, "won", inStage("won")+` && !document.querySelector('`+fleet+` [data-move]')`)
	a, err := st.FindAccountByID(ctx, "acc-north")
	must(t, err)
	if a.Value != 11000 {
		t.Errorf("account value after winning 10,000 EUR from the page = %v, want 11000", a.Value)
	}
}
