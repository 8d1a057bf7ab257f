package web_test

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/store/memory"
	"github.com/socialcrm/socialcrm/web"
)

// TestLeads_Browser drives the Leads page in Chromium: the list and its
// status filter, then a lead's record, moved along the funnel and
// disqualified from the page.
func TestLeads_Browser(t *testing.T) {
	st := memory.New()
	t.Cleanup(func() { st.Close() })
	ctx := context.Background()
	for i, l := range []*socialcrm.Lead{
		{ID: "l-peter", Name: "Peter Gibbons", Company: "Initech", Source: socialcrm.LeadFromMention, Status: socialcrm.LeadNew, Score: 60,
			Identities: []socialcrm.Identity{{Network: "mastodon", Handle: "peter@example.social"}}, Mentions: []string{"mastodon:1"}},
		{ID: "l-milton", Name: "Milton Waddams", Company: "Initech", Source: socialcrm.LeadFromForm, Status: socialcrm.LeadWorking, Score: 20},
		{ID: "l-bob", Name: "Bob Slydell", Source: socialcrm.LeadFromAPI, Status: socialcrm.LeadDisqualified, Reason: "consultant"},
	} {
		l.CreatedAt = time.Now().Add(-time.Duration(i) * time.Hour)
		l.UpdatedAt = l.CreatedAt
		must(t, st.CreateLead(ctx, l))
	}
	must(t, st.SaveMentions(ctx, &socialcrm.Mention{V: 1, ID: "mastodon:1", Source: "mastodon", Brand: "acme", Kind: socialcrm.KindPost,
		Text: "@acme where can I buy the blue one?", Intent: socialcrm.IntentPurchase, CreatedAt: time.Now().Add(-time.Hour),
		Author: socialcrm.Author{ID: "9", Handle: "peter@example.social", Name: "Peter Gibbons"}}))
	url := serve(t, &web.Server{Store: st, Stream: web.NewHub()}, st).URL
	b := browser(t, "/api/v1/leads/l-peter")
	signIn(t, b, url, st, socialcrm.RoleAgent)

	do(t, b, "open leads", chromedp.Navigate(url+"/leads"), chromedp.WaitVisible(chromedp.CSS(`#leads tr[data-lead]`)))
	if got := eval[[]string](t, b, `Array.from(document.querySelectorAll("#leads tr[data-lead]")).map(tr => tr.dataset.lead)`); len(got) != 3 || got[0] != "l-peter" {
		t.Errorf("leads listed = %q, want l-peter, l-milton, l-bob", got)
	}
	screenshot(t, b, "leads.png")
	do(t, b, "working tab", chromedp.Click(chromedp.CSS(`#lead-filter [data-status="working"]`)))
	waitFor(t, b, "only milton", `document.querySelectorAll("#leads tr[data-lead]").length === 1 && !!document.querySelector('#leads tr[data-lead="l-milton"]')`)
	if got := eval[string](t, b, `location.search`); got != "?status=working" {
		t.Errorf("address after filtering = %q, want ?status=working", got)
	}
	do(t, b, "all tab", chromedp.Click(chromedp.CSS(`#lead-filter [data-status=""]`)))
	waitFor(t, b, "all three", `document.querySelectorAll("#leads tr[data-lead]").length === 3`)

	do(t, b, "add a lead", chromedp.SendKeys(chromedp.CSS(`#new-lead-name`), "Joanna"),
		chromedp.SendKeys(chromedp.CSS(`#new-lead-company`), "Chotchkie's"),
		chromedp.SendKeys(chromedp.CSS(`#new-lead-network`), "X"), chromedp.SendKeys(chromedp.CSS(`#new-lead-handle`), "@joanna"),
		chromedp.Click(chromedp.CSS(`#lead-new button[type=submit]`)))
	waitFor(t, b, "four leads, Joanna's first", `document.querySelectorAll("#leads tr[data-lead]").length === 4 && document.querySelector("#leads tr[data-lead] a").textContent === "Joanna"`)
	joanna, _, err := st.FindLeads(ctx, socialcrm.LeadFilter{Query: new("joanna")})
	must(t, err)
	if len(joanna) != 1 || joanna[0].Source != socialcrm.LeadFromForm || joanna[0].Company != "Chotchkie's" ||
		len(joanna[0].Identities) != 1 || joanna[0].Identities[0].Network != "x" {
		t.Errorf("lead added from the page = %+v", joanna)
	}
	do(t, b, "unassigned", chromedp.Click(chromedp.CSS(`#lead-filter [data-owner="none"]`)))
	waitFor(t, b, "all four unassigned", `document.querySelectorAll("#leads tr[data-lead]").length === 4`)
	do(t, b, "mine", chromedp.Click(chromedp.CSS(`#lead-filter [data-owner="me"]`)))
	waitFor(t, b, "none of the agent's", `document.querySelectorAll("#leads tr[data-lead]").length === 0`)
	do(t, b, "everyone's", chromedp.Click(chromedp.CSS(`#lead-filter [data-owner=""]`)))
	waitFor(t, b, "four again", `document.querySelectorAll("#leads tr[data-lead]").length === 4`)

	do(t, b, "open peter", chromedp.Click(chromedp.CSS(`#leads tr[data-lead="l-peter"] a`)))
	waitAcross(t, b, "peter's record", `document.querySelector("#record").dataset.state === "ready" && document.querySelector("#record h1").textContent.includes("Peter Gibbons")`)
	waitFor(t, b, "the mention behind the lead", `/buy the blue one/.test(document.querySelector('#lead-mentions [data-mention="mastodon:1"]')?.textContent || "")`)
	if got := eval[[]string](t, b, `Array.from(document.querySelectorAll("#lead-actions [data-move]")).map(b => b.dataset.move)`); len(got) != 2 || got[0] != "working" || got[1] != "qualified" {
		t.Errorf("moves offered to a new lead = %q, want working, qualified", got)
	}
	do(t, b, "qualify", chromedp.Click(chromedp.CSS(`#lead-actions [data-move="qualified"]`)))
	waitFor(t, b, "qualified", `document.querySelector("#record").dataset.status === "qualified"`)
	do(t, b, "disqualify without a reason", chromedp.Click(chromedp.CSS(`#lead-actions [data-action="disqualify"]`)))
	waitFor(t, b, "the refusal shown", `/reason is required/.test(document.querySelector("#toasts").textContent)`)
	if l, err := st.FindLeadByID(ctx, "l-peter"); err != nil || l.Status != socialcrm.LeadQualified {
		t.Fatalf("stored lead after a refused disqualification = %+v, %v; want qualified", l, err)
	}
	do(t, b, "disqualify", chromedp.SendKeys(chromedp.CSS(`#lead-reason`), "no budget"),
		chromedp.Click(chromedp.CSS(`#lead-actions [data-action="disqualify"]`)))
	waitFor(t, b, "disqualified", `document.querySelector("#record").dataset.status === "disqualified" && document.querySelector('[data-field="reason"]').textContent === "no budget"`)
	l, err := st.FindLeadByID(ctx, "l-peter")
	must(t, err)
	if l.Status != socialcrm.LeadDisqualified || l.Reason != "no budget" {
		t.Errorf("stored lead = %+v, want disqualified for no budget", l)
	}
	if n := count(t, b, "#lead-convert"); n != 0 {
		t.Errorf("a disqualified lead offers conversion")
	}

	do(t, b, "open milton", chromedp.Navigate(url+"/leads/l-milton"), chromedp.WaitVisible(chromedp.CSS(`#convert-form`)))
	do(t, b, "convert milton", chromedp.SendKeys(chromedp.CSS(`#conv-opp-name`), "Stapler supply"),
		chromedp.SendKeys(chromedp.CSS(`#conv-opp-amount`), "1250.50"),
		chromedp.Click(chromedp.CSS(`#convert-form [data-action="convert"]`)))
	waitFor(t, b, "converted", `document.querySelector("#record").dataset.status === "converted" && !!document.querySelector('#lead-converted a[href^="/contacts/"]')`)
	l, err = st.FindLeadByID(ctx, "l-milton")
	must(t, err)
	if l.Status != socialcrm.LeadConverted || l.ContactID == "" || l.OpportunityID == "" {
		t.Fatalf("stored lead after converting from the page = %+v", l)
	}
	a, err := st.FindAccountByID(ctx, l.AccountID)
	must(t, err)
	o, err := st.FindOpportunityByID(ctx, l.OpportunityID)
	must(t, err)
	if a.Name != "Initech" || o.Name != "Stapler supply" || o.Amount != 125050 || o.Currency != "EUR" {
		t.Errorf("made account %+v and opportunity %+v, want Initech and Stapler supply at 1250.50 EUR", a, o)
	}
	do(t, b, "milton's record again", chromedp.Navigate(url+"/leads/l-milton"),
		chromedp.WaitVisible(chromedp.CSS(`#timeline-items [data-kind="conversion"]`)))
	if got := eval[string](t, b, `document.querySelector('#lead-converted a[href^="/opportunities/"]')?.getAttribute("href") || ""`); got != "/opportunities/"+o.ID {
		t.Errorf("converted card's opportunity link = %q, want its record", got)
	}
	do(t, b, "his opportunity on the pipeline", chromedp.Click(chromedp.CSS(`#lead-converted a[href^="/pipeline"]`)))
	waitAcross(t, b, "the deal focused", `document.activeElement?.dataset?.opp === "`+o.ID+`"`)
}
