package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
)

// BenchmarkSalesReport measures a sales report over a year of the
// SeedSalesBench fixture and reports the leads counted per second.
func BenchmarkSalesReport(b *testing.B, s socialcrm.Store, leads, contacts, perContact int) {
	f := SeedSalesBench(b, s, leads, contacts, perContact)
	var r *socialcrm.SalesReport
	for b.Loop() {
		var err error
		if r, err = s.SalesReport(context.Background(), f); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(r.FunnelTotal.Leads), "leads")
	b.ReportMetric(float64(r.Segments[len(r.Segments)-1].Members), "contacts")
	b.ReportMetric(float64(b.N*leads)/b.Elapsed().Seconds(), "leads/s")
}

// SeedSalesBench stores leads leads
// created over the year on four channels (a third qualified, one in ten
// converted with a deal, half of those won), deals/2 more open deals in
// two currencies, and five segments (the built-in high-value rule among
// them) over contacts contacts with perContact linked mentions each in
// the last 30 days, and returns the filter of the year up to now.
func SeedSalesBench(b testing.TB, s socialcrm.Store, leads, contacts, perContact int) socialcrm.SalesReportFilter {
	b.Helper()
	ctx := context.Background()
	now := time.Now().UTC()
	fail := func(err error) {
		if err != nil {
			b.Fatal(err)
		}
	}
	var as []*socialcrm.Account
	for i := range max(1, contacts/10) {
		as = append(as, &socialcrm.Account{ID: fmt.Sprintf("acc-%d", i), Name: "A", Tier: socialcrm.TierGold, Value: float64(i * 1000)})
	}
	fail(s.SaveAccounts(ctx, as...))
	networks := []string{"mastodon", "bluesky", "reddit", "x"}
	deals := 0
	for i := range leads {
		created := now.Add(-time.Duration(i%365) * 24 * time.Hour)
		l := &socialcrm.Lead{ID: fmt.Sprintf("l-%d", i), Name: "Lead", Source: socialcrm.LeadFromMention, Status: socialcrm.LeadNew,
			Owner: fmt.Sprintf("u-%d", i%5), CreatedAt: created, Identities: []socialcrm.Identity{{Network: networks[i%4], Handle: fmt.Sprintf("h%d", i)}}}
		switch {
		case i%10 == 0:
			stage := socialcrm.StageNegotiation
			if i%20 == 0 {
				stage = socialcrm.StageWon
			}
			st, _ := socialcrm.StageOf(stage)
			o := &socialcrm.Opportunity{ID: fmt.Sprintf("o-%d", i), Name: "Deal", AccountID: "acc-0", Amount: int64(1000 * (i + 1)),
				Currency: []string{"EUR", "USD"}[i%2], Stage: stage, Probability: st.Probability, Outcome: st.Outcome, Owner: l.Owner}
			if st.Closed {
				o.ClosedAt = &created
			}
			fail(s.CreateOpportunity(ctx, o))
			deals++
			l.Status, l.ContactID, l.AccountID, l.OpportunityID = socialcrm.LeadConverted, "c-0", "acc-0", o.ID
		case i%3 == 0:
			l.Status = socialcrm.LeadQualified
		}
		fail(s.CreateLead(ctx, l))
	}
	for i := range deals / 2 {
		st := socialcrm.Pipeline[i%4]
		fail(s.CreateOpportunity(ctx, &socialcrm.Opportunity{ID: fmt.Sprintf("open-%d", i), Name: "Deal", AccountID: "acc-0",
			Amount: int64(500 * (i + 1)), Currency: []string{"EUR", "USD"}[i%2], Stage: st.Name, Probability: st.Probability}))
	}
	var cs []*socialcrm.Contact
	var ms []*socialcrm.Mention
	for i := range contacts {
		id := fmt.Sprintf("c-%d", i)
		c := &socialcrm.Contact{ID: id, Name: id, AccountID: fmt.Sprintf("acc-%d", i/10), Identities: []socialcrm.Identity{{Network: networks[i%4], Handle: id}}}
		if i%7 == 0 {
			c.Tags = []string{"vip"}
		}
		cs = append(cs, c)
		for j := range perContact {
			label, score := socialcrm.Positive, 0.4
			if i%4 == 0 || (i+j)%3 == 0 {
				label, score = socialcrm.Negative, -0.8
			}
			ms = append(ms, &socialcrm.Mention{V: 1, ID: fmt.Sprintf("x:%d-%d", i, j), Source: "x", Brand: "acme",
				Author: socialcrm.Author{Handle: id}, Text: "t", CreatedAt: now.Add(-time.Duration(j*30/perContact*24) * time.Hour),
				Contacts: []string{id}, Sentiment: &socialcrm.Sentiment{Label: label, Score: score}})
		}
		if len(cs) >= 500 || i == contacts-1 {
			fail(s.SaveContacts(ctx, cs...))
			fail(s.SaveMentions(ctx, ms...))
			cs, ms = cs[:0], ms[:0]
		}
	}
	cond := func(field, op string, n float64, days int, text string) socialcrm.SegmentCondition {
		return socialcrm.SegmentCondition{Field: field, Op: op, Number: n, Days: days, Text: text}
	}
	for i, r := range []socialcrm.SegmentRules{
		{Match: "all", Conditions: []socialcrm.SegmentCondition{cond(socialcrm.SegAccountValue, socialcrm.OpGTE, 50000, 0, ""), cond(socialcrm.SegSentimentAvg, socialcrm.OpLTE, -0.2, 14, "")}},
		{Match: "all", Conditions: []socialcrm.SegmentCondition{cond(socialcrm.SegTag, socialcrm.OpEq, 0, 0, "vip")}},
		{Match: "all", Conditions: []socialcrm.SegmentCondition{cond(socialcrm.SegChannel, socialcrm.OpEq, 0, 0, "bluesky")}},
		{Match: "all", Conditions: []socialcrm.SegmentCondition{cond(socialcrm.SegNegativeShare, socialcrm.OpGTE, 0.5, 30, "")}},
		{Match: "all"},
	} {
		fail(s.CreateSegment(ctx, &socialcrm.Segment{ID: fmt.Sprintf("s%d", i), Name: fmt.Sprintf("Segment %d", i), Rules: r}))
	}
	return socialcrm.SalesReportFilter{Since: now.AddDate(-1, 0, 0), Until: now.Add(time.Hour), Now: now}
}
