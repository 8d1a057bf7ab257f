package web_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/store/memory"
	"github.com/socialcrm/socialcrm/web"
)

// seedSalesPage stores, relative to now: leads created 5 days ago
// (mastodon, new, owned by owner), 20 days ago (mastodon, qualified), 40
// days ago (bluesky, converted, deal won, owner's) and 3 days ago (form,
// converted, deal in proposal), and one 400 days ago; deals won 2 days ago
// (12,500.00 EUR, owner's) and lost 35 days ago (3,000.00 USD), open in
// proposal (10,000.00 EUR), prospecting (4,000.00 EUR) and negotiation
// (2,000.00 GBP); the segment "VIPs" of Ann, with two negative and one
// positive mention in the last 30 days and an open case.
func seedSalesPage(t *testing.T, st *memory.Store, owner string, now time.Time) {
	t.Helper()
	ctx := context.Background()
	must(t, st.SaveAccounts(ctx, &socialcrm.Account{ID: "acc-n", Name: "Northwind"}))
	lead := func(id, source, network, status, owner string, ago time.Duration) *socialcrm.Lead {
		l := &socialcrm.Lead{ID: id, Name: "Lead " + id, Source: source, Status: status, Owner: owner, CreatedAt: now.Add(-ago)}
		if network != "" {
			l.Identities = []socialcrm.Identity{{Network: network, Handle: id + "@example.social"}}
		}
		if status == socialcrm.LeadConverted {
			l.ContactID, l.AccountID = "c-"+id, "acc-n"
		}
		return l
	}
	day := 24 * time.Hour
	won := lead("l-won", socialcrm.LeadFromMention, "bluesky", socialcrm.LeadConverted, owner, 40*day)
	won.OpportunityID = "o-won"
	conv := lead("l-form", socialcrm.LeadFromForm, "", socialcrm.LeadConverted, "", 3*day)
	conv.OpportunityID = "o-open"
	for _, l := range []*socialcrm.Lead{
		lead("l-new", socialcrm.LeadFromMention, "mastodon", socialcrm.LeadNew, owner, 5*day),
		lead("l-qual", socialcrm.LeadFromMention, "mastodon", socialcrm.LeadQualified, "", 20*day),
		won, conv,
		lead("l-old", socialcrm.LeadFromImport, "", socialcrm.LeadNew, "", 400*day),
	} {
		must(t, st.CreateLead(ctx, l))
	}
	deal := func(id, stage, currency, owner string, amount int64, closedAgo time.Duration) *socialcrm.Opportunity {
		s, _ := socialcrm.StageOf(stage)
		o := &socialcrm.Opportunity{ID: id, Name: "Deal " + id, AccountID: "acc-n", Amount: amount, Currency: currency,
			Stage: stage, Probability: s.Probability, Outcome: s.Outcome, Owner: owner}
		if stage == socialcrm.StageLost {
			o.LostReason = "price"
		}
		if s.Closed {
			c := now.Add(-closedAgo)
			o.ClosedAt = &c
		}
		return o
	}
	for _, o := range []*socialcrm.Opportunity{
		deal("o-won", socialcrm.StageWon, "EUR", owner, 1_250_000, 2*day),
		deal("o-lost", socialcrm.StageLost, "USD", "", 300_000, 35*day),
		deal("o-open", socialcrm.StageProposal, "EUR", "", 1_000_000, 0),
		deal("o-pro", socialcrm.StageProspecting, "EUR", owner, 400_000, 0),
		deal("o-neg", socialcrm.StageNegotiation, "GBP", "", 200_000, 0),
	} {
		must(t, st.CreateOpportunity(ctx, o))
	}
	must(t, st.SaveContacts(ctx, &socialcrm.Contact{ID: "c-ann", Name: "Ann", AccountID: "acc-n", Tags: []string{"vip"},
		Identities: []socialcrm.Identity{{Network: "mastodon", Handle: "ann@example.social"}}}))
	say := func(id, label string, ago time.Duration) *socialcrm.Mention {
		return &socialcrm.Mention{V: 1, ID: "mastodon:" + id, Source: "mastodon", Brand: "acme", Kind: socialcrm.KindPost,
			Text: "about @acme", CreatedAt: now.Add(-ago), Author: socialcrm.Author{ID: "ann", Handle: "ann@example.social"},
			Sentiment: &socialcrm.Sentiment{Label: label, Score: map[string]float64{socialcrm.Negative: -0.6, socialcrm.Positive: 0.6}[label]},
			Contacts:  []string{"c-ann"}}
	}
	must(t, st.SaveMentions(ctx, say("s1", socialcrm.Negative, day), say("s2", socialcrm.Negative, 2*day),
		say("s3", socialcrm.Positive, 3*day), say("s4", socialcrm.Positive, 45*day)))
	opened := now.Add(-day)
	must(t, st.SaveCase(ctx, &socialcrm.Case{ID: "case-ann", Key: "acme|mastodon|c-ann", Brand: "acme", Channel: "mastodon",
		ContactID: "c-ann", AccountID: "acc-n", Author: "mastodon:ann@example.social", Kind: socialcrm.CaseComplaint,
		Status: socialcrm.CaseOpen, Subject: "late", Mentions: []string{"mastodon:s1"}, MentionCount: 1,
		OpenedAt: opened, LastMentionAt: opened, DueAt: opened.Add(time.Hour)}))
	must(t, st.CreateSegment(ctx, &socialcrm.Segment{ID: "vip", Name: "VIPs",
		Rules: socialcrm.SegmentRules{Match: "all", Conditions: []socialcrm.SegmentCondition{{Field: socialcrm.SegTag, Op: socialcrm.OpEq, Text: "vip"}}}}))
}

func TestSalesReport_API(t *testing.T) {
	st := memory.New()
	t.Cleanup(func() { st.Close() })
	ts := serve(t, &web.Server{Store: st}, st)
	me := whoAmI(t, ts.URL)
	now := time.Now()
	seedSalesPage(t, st, me, now)

	var rep socialcrm.SalesReport
	sendJSON(t, "GET", ts.URL+"/api/v1/reports/sales", "", http.StatusOK, &rep)
	if got := rep.Until.Sub(rep.Since); got != 180*24*time.Hour {
		t.Errorf("default period %v, want 180 days", got)
	}
	tot := rep.FunnelTotal
	if tot.Leads != 4 || tot.Qualified != 3 || tot.Converted != 2 || tot.Won != 1 || tot.OverallRate == nil || *tot.OverallRate != 0.25 {
		t.Errorf("funnel total %+v, want 4 leads, 3 qualified, 2 converted, 1 won (25 %%)", tot)
	}
	if len(rep.Funnel) != 3 || rep.Funnel[0].Channel != "mastodon" || rep.Funnel[0].Leads != 2 {
		t.Errorf("funnel %+v, want mastodon (2 leads), then bluesky and form", rep.Funnel)
	}
	if len(rep.Pipeline) != 3 || rep.Pipeline[1] != (socialcrm.SalesStageValue{Stage: "proposal", Probability: 50, Currency: "EUR", Count: 1, Amount: 1_000_000, Weighted: 500_000}) {
		t.Errorf("pipeline %+v, want prospecting, proposal (10,000.00 EUR, weighted 5,000.00) and negotiation", rep.Pipeline)
	}
	wonMonth := now.Add(-48 * time.Hour).UTC().Format("2006-01")
	if i := slices.IndexFunc(rep.Months, func(m socialcrm.SalesMonth) bool { return m.Month == wonMonth }); len(rep.Months) < 6 || i < 0 ||
		rep.Months[i].Won != 1 || rep.Months[i].WonAmount["EUR"] != 1_250_000 || len(rep.Months[i].WonAmount) != 1 {
		t.Errorf("months %+v, want 6 or 7, %s with one deal won, 12,500.00 EUR", rep.Months, wonMonth)
	}
	if len(rep.Segments) != 1 || rep.Segments[0] != (socialcrm.SegmentSales{ID: "vip", Name: "VIPs", Members: 1, Positive: 1, Negative: 2, OpenCases: 1}) {
		t.Errorf("segments %+v, want VIPs: 1 member, 1 positive, 2 negative, 1 open case", rep.Segments)
	}

	sendJSON(t, "GET", ts.URL+"/api/v1/reports/sales?owner=me", "", http.StatusOK, &rep)
	if tot := rep.FunnelTotal; tot.Leads != 2 || tot.Won != 1 || len(rep.Pipeline) != 1 || rep.Pipeline[0].Stage != "prospecting" || rep.Owner == nil || *rep.Owner != me {
		t.Errorf("owner=me: funnel %+v, pipeline %+v, owner %v; want my 2 leads (1 won) and my prospecting deal", tot, rep.Pipeline, rep.Owner)
	}
	sendJSON(t, "GET", ts.URL+"/api/v1/reports/sales?owner=none&since=30d", "", http.StatusOK, &rep)
	if tot := rep.FunnelTotal; tot.Leads != 2 || tot.Converted != 1 {
		t.Errorf("owner=none over 30 days: funnel %+v, want the 2 unassigned leads, 1 converted", tot)
	}

	code, body := send(t, "GET", ts.URL+"/api/v1/reports/sales?format=csv&table=pipeline", "")
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if code != http.StatusOK || err != nil || len(rows) != 4 || strings.Join(rows[2], ",") != "proposal,50,EUR,1,10000,5000" {
		t.Errorf("pipeline CSV: %d %v %q, want a header and 3 stages, proposal 10000 EUR weighted 5000", code, err, rows)
	}
	code, body = send(t, "GET", ts.URL+"/api/v1/reports/sales?format=csv", "")
	if rows, _ := csv.NewReader(strings.NewReader(body)).ReadAll(); code != http.StatusOK || len(rows) != 5 || strings.Join(rows[4], ",") != "total,4,3,2,1,0.7500,0.6667,0.5000,0.2500" {
		t.Errorf("funnel CSV: %d %q, want 3 channels and the total", code, rows)
	}
	code, body = send(t, "GET", ts.URL+"/api/v1/reports/sales?format=csv&table=segments", "")
	if rows, _ := csv.NewReader(strings.NewReader(body)).ReadAll(); code != http.StatusOK || len(rows) != 2 || strings.Join(rows[1], ",") != "vip,VIPs,1,1,0,2,1" {
		t.Errorf("segments CSV: %d %q", code, rows)
	}

	t.Run("ErrInvalid", func(t *testing.T) {
		for q, want := range map[string]string{
			"since=yesterday":            "parameter since",
			"until=2026-13-01T00:00:00Z": "parameter until",
			"since=2026-11-01T00:00:00Z&until=2026-10-01T00:00:00Z": "is not after since",
			"since=2020-01-01T00:00:00Z&until=2026-01-01T00:00:00Z": "more than 37 months",
			"format=xml":                        "parameter format",
			"format=csv&table=deals":            "parameter table",
			"table=funnel":                      "with format=csv",
			"owner=" + strings.Repeat("x", 300): "owner",
		} {
			code, body := send(t, "GET", ts.URL+"/api/v1/reports/sales?"+q, "")
			if code != http.StatusBadRequest || !strings.Contains(body, `"error":`) || !strings.Contains(body, want) {
				t.Errorf("?%s: %d %s, want 400 saying %q", q, code, body, want)
			}
		}
	})
}

// TestSalesReport_Totals: with exchange rates the report adds totals in
// the base currency, computed here by hand from seedSalesPage's deals,
// names the rates it used and the currencies it left out; without rates
// it has none.
func TestSalesReport_Totals(t *testing.T) {
	st := memory.New()
	t.Cleanup(func() { st.Close() })
	fx := &socialcrm.FXRates{Base: "EUR", Rates: map[string]float64{"USD": 0.92}}
	withFX := serve(t, &web.Server{Store: st, FX: fx}, st)
	without := serve(t, &web.Server{Store: st}, st)
	now := time.Now()
	seedSalesPage(t, st, whoAmI(t, withFX.URL), now)
	wonMonth, lostMonth := now.Add(-48*time.Hour).UTC().Format("2006-01"), now.Add(-35*24*time.Hour).UTC().Format("2006-01")
	month := func(tot *socialcrm.SalesTotals, name string) socialcrm.SalesMonthTotals {
		for _, m := range tot.Months {
			if m.Month == name {
				return m
			}
		}
		return socialcrm.SalesMonthTotals{Month: "(missing)"}
	}

	var rep socialcrm.SalesReport
	sendJSON(t, "GET", withFX.URL+"/api/v1/reports/sales", "", http.StatusOK, &rep)
	tot := rep.Totals
	if tot == nil {
		t.Fatal("no totals with rates configured")
	}
	// Open: 10,000 + 4,000 EUR (weighted 5,000 + 400); 2,000 GBP has no
	// rate. Lost: 3,000 USD × 0.92 = 2,760 EUR. Won: 12,500 EUR.
	if tot.Base != "EUR" || tot.PipelineCount != 2 || tot.PipelineAmount != 1_400_000 || tot.PipelineWeighted != 540_000 ||
		!slices.Equal(tot.Missing, []string{"GBP"}) || len(tot.Rates) != 2 || tot.Rates["EUR"] != 1 || tot.Rates["USD"] != 0.92 {
		t.Errorf("totals %+v, want 2 deals, 14,000.00 EUR weighted 5,400.00, rates EUR 1 and USD 0.92, GBP missing", tot)
	}
	if len(tot.Months) != len(rep.Months) || month(tot, wonMonth).WonAmount != 1_250_000 || month(tot, lostMonth).LostAmount != 276_000 {
		t.Errorf("monthly totals %+v, want %d months, 12,500.00 EUR won in %s, 2,760.00 EUR lost in %s", tot.Months, len(rep.Months), wonMonth, lostMonth)
	}

	// With GBP known everything adds up: 2,000 GBP × 1.17 = 2,340 EUR,
	// weighted 1,500 × 1.17 = 1,755.
	allFX := serve(t, &web.Server{Store: st, FX: &socialcrm.FXRates{Base: "EUR", Rates: map[string]float64{"USD": 0.92, "GBP": 1.17, "JPY": 0.0061}}}, st)
	rep = socialcrm.SalesReport{}
	sendJSON(t, "GET", allFX.URL+"/api/v1/reports/sales", "", http.StatusOK, &rep)
	if tot := rep.Totals; tot == nil || tot.PipelineCount != 3 || tot.PipelineAmount != 1_634_000 || tot.PipelineWeighted != 715_500 ||
		len(tot.Missing) != 0 || len(tot.Rates) != 3 || tot.Rates["GBP"] != 1.17 {
		t.Errorf("totals with GBP %+v, want 3 deals, 16,340.00 EUR weighted 7,155.00, nothing missing, the rates of EUR, GBP and USD (not JPY: no deal in it)", tot)
	}
	if tot := rep.Totals; tot != nil && month(tot, lostMonth).LostAmount != 276_000 {
		t.Errorf("lost in %s: %+v, want 2,760.00 EUR", lostMonth, month(tot, lostMonth))
	}

	// A base other than EUR: 1 EUR = 1.087 USD; JPY has no minor units.
	usd := &socialcrm.FXRates{Base: "USD", Rates: map[string]float64{"EUR": 1.087, "JPY": 0.0067}}
	r := &socialcrm.SalesReport{Pipeline: []socialcrm.SalesStageValue{
		{Stage: "proposal", Currency: "EUR", Count: 1, Amount: 1_000_000, Weighted: 500_000},
		{Stage: "proposal", Currency: "JPY", Count: 2, Amount: 1_500_000, Weighted: 750_000},
		{Stage: "demo", Currency: "EUR", Count: 1, Amount: 33, Weighted: 11},
	}}
	r.Convert(usd)
	// EUR: 10,000.33 × 1.087 = 10,870.36 USD; JPY: 1,500,000 × 0.0067 =
	// 10,050.00 USD; weighted 5,000.11 × 1.087 = 5,435.12 and 5,025.00.
	if got := r.Totals; got.PipelineAmount != 1_087_036+1_005_000 || got.PipelineWeighted != 543_512+502_500 || got.PipelineCount != 4 {
		t.Errorf("USD totals %+v, want 20,920.36 USD weighted 10,460.12", got)
	}

	code, body := send(t, "GET", withFX.URL+"/api/v1/reports/sales?format=csv&table=pipeline", "")
	if rows, _ := csv.NewReader(strings.NewReader(body)).ReadAll(); code != http.StatusOK || len(rows) != 5 || strings.Join(rows[4], ",") != "total,,EUR,2,14000,5400" {
		t.Errorf("pipeline CSV with rates: %d %q, want the 3 stages and a total of 14000 EUR, weighted 5400", code, rows)
	}
	code, body = send(t, "GET", withFX.URL+"/api/v1/reports/sales?format=csv&table=months", "")
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if i := slices.IndexFunc(rows, func(r []string) bool { return r[0] == lostMonth }); code != http.StatusOK || err != nil || i < 0 ||
		strings.Join(rows[0], ",") != "month,won,lost,won_amount,lost_amount,won_total,lost_total" || strings.Join(rows[i], ",") != lostMonth+",0,1,,3000 USD,0 EUR,2760 EUR" {
		t.Errorf("months CSV with rates: %d %v %q, want won_total and lost_total columns, 2760 EUR lost in %s", code, err, rows, lostMonth)
	}
	code, body = send(t, "GET", without.URL+"/api/v1/reports/sales?format=csv&table=months", "")
	if rows, _ := csv.NewReader(strings.NewReader(body)).ReadAll(); code != http.StatusOK || len(rows) == 0 || len(rows[0]) != 5 {
		t.Errorf("months CSV without rates: %d %q, want the 5 columns", code, rows)
	}

	code, body = send(t, "GET", without.URL+"/api/v1/reports/sales", "")
	if code != http.StatusOK || strings.Contains(body, `"totals"`) {
		t.Errorf("without rates: %d, totals in %s; want none", code, body)
	}
}

// TestSales_Browser opens the Sales page in Chromium as an agent and reads
// the seeded figures from its cards, then narrows it to the agent's own
// leads and deals.
func TestSales_Browser(t *testing.T) {
	st := memory.New()
	t.Cleanup(func() { st.Close() })
	srv := serve(t, &web.Server{Store: st, Stream: web.NewHub(), FX: &socialcrm.FXRates{Base: "EUR", Rates: map[string]float64{"USD": 0.92}}}, st).URL
	b := browser(t)
	u := signIn(t, b, srv, st, socialcrm.RoleAgent)
	now := time.Now()
	seedSalesPage(t, st, u.ID, now)

	do(t, b, "open sales", chromedp.Navigate(srv+"/sales"), chromedp.WaitVisible(chromedp.CSS(`#funnel tr[data-channel="total"]`)))
	text := func(sel string) string {
		return eval[string](t, b, `document.querySelector(`+jsString(sel)+`)?.textContent ?? "(missing)"`)
	}
	for sel, want := range map[string]string{
		"#kpi-leads":     "4",
		"#kpi-qualified": "3",
		"#kpi-converted": "2",
		"#kpi-won":       "1",
		"#kpi-overall":   "25 %",
		`#funnel tr[data-channel="mastodon"] [data-role="leads"]`:                            "2",
		`#funnel tr[data-channel="mastodon"] [data-role="qualified_rate"]`:                   "50 %",
		`#funnel tr[data-channel="bluesky"] [data-role="won"]`:                               "1",
		`#funnel tr[data-channel="form"] [data-role="won_rate"]`:                             "0 %",
		`#funnel tr[data-channel="total"] [data-role="converted_rate"]`:                      "66.7 %",
		`#pipeline tr[data-stage="proposal"][data-currency="EUR"] [data-role="amount"]`:      "10,000 EUR",
		`#pipeline tr[data-stage="proposal"][data-currency="EUR"] [data-role="weighted"]`:    "5,000 EUR",
		`#pipeline tr[data-stage="prospecting"][data-currency="EUR"] [data-role="weighted"]`: "400 EUR",
		`#pipeline tr[data-stage="negotiation"][data-currency="GBP"] [data-role="weighted"]`: "1,500 GBP",
		`#segments tr[data-segment="vip"] [data-role="members"]`:                             "1",
		`#segments tr[data-segment="vip"] [data-role="negative"]`:                            "2",
		`#segments tr[data-segment="vip"] [data-role="open_cases"]`:                          "1",
	} {
		if got := text(sel); got != want {
			t.Errorf("%s = %q, want %q", sel, got, want)
		}
	}
	wonMonth, lostMonth := now.Add(-48*time.Hour).UTC().Format("2006-01"), now.Add(-35*24*time.Hour).UTC().Format("2006-01")
	if got := text(`#months tr[data-month="` + wonMonth + `"] [data-role="won_amount"]`); got != "12,500 EUR" {
		t.Errorf("won in %s = %q, want 12,500 EUR", wonMonth, got)
	}
	if got := text(`#months tr[data-month="` + lostMonth + `"] [data-role="lost"]`); got != "1" {
		t.Errorf("lost in %s = %q, want 1", lostMonth, got)
	}
	// Totals in EUR: 10,000 + 4,000 EUR open (weighted 5,000 + 400), the
	// 2,000 GBP deal left out and named; 3,000 USD lost × 0.92.
	for sel, want := range map[string]string{
		`#pipeline tr[data-stage="total"] [data-role="count"]`:    "2",
		`#pipeline tr[data-stage="total"] [data-role="amount"]`:   "14,000 EUR",
		`#pipeline tr[data-stage="total"] [data-role="weighted"]`: "5,400 EUR",
		`#pipeline tr[data-stage="total"] td:not(.num)`:           "EUR (without GBP)",
		`#months-won-total`: "Won, EUR",
		`#months tr[data-month="` + lostMonth + `"] [data-role="lost_total"]`: "2,760 EUR",
		`#months tr[data-month="` + wonMonth + `"] [data-role="won_total"]`:   "12,500 EUR",
		`#sales-fx [data-role="rates"]`:                                       "Totals in EUR at 1 USD = 0.92 EUR.",
		`#sales-fx [data-role="missing"]`:                                     " Left out of the totals, no exchange rate: GBP.",
	} {
		if got := text(sel); got != want {
			t.Errorf("%s = %q, want %q", sel, got, want)
		}
	}
	if eval[bool](t, b, `document.querySelector("#sales-fx").hidden || document.querySelector("#months-won-total").hidden`) {
		t.Error("the rates note or the monthly total columns are hidden with rates configured")
	}
	if n := count(t, b, `#funnel-chart rect.bar`); n != 12 {
		t.Errorf("funnel chart has %d bars, want 4 for each of 3 channels", n)
	}
	if got := eval[string](t, b, `document.querySelector('#months-chart .column[data-group="`+wonMonth+`"] rect.won')?.dataset.value ?? ""`); got != "1" {
		t.Errorf("won column of %s = %q, want 1", wonMonth, got)
	}
	if n := count(t, b, `#pipeline-chart .currency-chart`); n != 2 {
		t.Errorf("pipeline charts %d, want one per currency (EUR, GBP)", n)
	}
	if *screenshots {
		do(t, b, "a taller window", chromedp.EmulateViewport(1280, 1400))
		screenshot(t, b, "sales.png")
	}

	do(t, b, "only mine", chromedp.SetValue(chromedp.CSS(`#sales-owner`), "me"))
	eval[bool](t, b, `document.querySelector("#sales-owner").dispatchEvent(new Event("change"))`)
	waitFor(t, b, "my figures", `document.querySelector("#kpi-leads").textContent === "2" && !document.querySelector('#funnel tr[data-channel="form"]')`)
	if got := text(`#pipeline tbody`); !strings.Contains(got, "prospecting") || strings.Contains(got, "proposal") {
		t.Errorf("my pipeline = %q, want my prospecting deal only", got)
	}
	if href := eval[string](t, b, `document.querySelector('a.csv[data-table="months"]').href`); !strings.Contains(href, "owner=me") || !strings.Contains(href, "table=months") {
		t.Errorf("months CSV link %s, want it to follow the owner and name its table", href)
	}
	do(t, b, "30 days", chromedp.Click(chromedp.CSS(`#sales-filter [data-range="30"]`)))
	waitFor(t, b, "30 days: only the newest of my leads", `document.querySelector("#kpi-leads").textContent === "1"`)
	if got := eval[string](t, b, `document.querySelector('#sales-filter [aria-pressed="true"]')?.dataset.range ?? ""`); got != "30" {
		t.Errorf("pressed range %q, want 30", got)
	}

	plain := serve(t, &web.Server{Store: st, Stream: web.NewHub()}, st).URL
	do(t, b, "open sales without rates", chromedp.Navigate(plain+"/sales"), chromedp.WaitVisible(chromedp.CSS(`#funnel tr[data-channel="total"]`)))
	waitFor(t, b, "the pipeline", `!!document.querySelector('#pipeline tr[data-stage="proposal"]')`)
	if eval[bool](t, b, `!document.querySelector("#sales-fx").hidden || !document.querySelector("#months-won-total").hidden || !!document.querySelector('#pipeline tr[data-stage="total"], #months [data-role="won_total"]')`) {
		t.Error("without rates the page shows totals")
	}

	do(t, b, "open at 375px", chromedp.EmulateViewport(375, 800), chromedp.Navigate(srv+"/sales"),
		chromedp.WaitVisible(chromedp.CSS(`#funnel tr[data-channel="total"]`)))
	if w := eval[int](t, b, `document.documentElement.scrollWidth`); w > 375 {
		t.Errorf("the Sales page is %dpx wide at 375px", w)
	}
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
