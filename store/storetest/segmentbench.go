package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
)

// BenchmarkSegmentMembers measures evaluating the built-in "high-value
// customers turning negative" rules over contacts contacts with perContact
// linked mentions each over the last 30 days (every fourth contact only
// negatives, the others one in three), and reports the contacts evaluated
// per second.
func BenchmarkSegmentMembers(b *testing.B, s socialcrm.Store, contacts, perContact int) {
	ctx := context.Background()
	now := time.Now().UTC()
	var as []*socialcrm.Account
	for i := range contacts / 10 {
		as = append(as, &socialcrm.Account{ID: fmt.Sprintf("acc-%d", i), Name: "A", Tier: socialcrm.TierGold, Value: float64(i * 1000)})
	}
	if err := s.SaveAccounts(ctx, as...); err != nil {
		b.Fatal(err)
	}
	var cs []*socialcrm.Contact
	var ms []*socialcrm.Mention
	flush := func(force bool) {
		if len(cs) >= 500 || force && len(cs) > 0 {
			if err := s.SaveContacts(ctx, cs...); err != nil {
				b.Fatal(err)
			}
			cs = cs[:0]
		}
		if len(ms) >= 2000 || force && len(ms) > 0 {
			if err := s.SaveMentions(ctx, ms...); err != nil {
				b.Fatal(err)
			}
			ms = ms[:0]
		}
	}
	for i := range contacts {
		id := fmt.Sprintf("c-%d", i)
		cs = append(cs, &socialcrm.Contact{ID: id, Name: id, AccountID: fmt.Sprintf("acc-%d", i/10)})
		for j := range perContact {
			label, score := socialcrm.Positive, 0.4
			if i%4 == 0 || (i+j)%3 == 0 { // every fourth contact is unhappy
				label, score = socialcrm.Negative, -0.8
			}
			ms = append(ms, &socialcrm.Mention{V: 1, ID: fmt.Sprintf("x:%d-%d", i, j), Source: "x", Brand: "acme",
				Author: socialcrm.Author{Handle: id}, Text: "t", CreatedAt: now.Add(-time.Duration(j*30/perContact*24) * time.Hour),
				Contacts: []string{id}, Sentiment: &socialcrm.Sentiment{Label: label, Score: score}})
		}
		flush(false)
	}
	flush(true)
	rules := socialcrm.SegmentRules{Match: "all", Conditions: []socialcrm.SegmentCondition{
		{Field: socialcrm.SegAccountValue, Op: socialcrm.OpGTE, Number: 50000},
		{Field: socialcrm.SegSentimentAvg, Op: socialcrm.OpLTE, Number: -0.2, Days: 14},
	}}
	var total int
	for b.Loop() {
		var err error
		if _, total, err = s.FindSegmentMembers(ctx, rules, socialcrm.SegmentMemberFilter{Now: now, Limit: 50}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(total), "members")
	b.ReportMetric(float64(b.N*contacts)/b.Elapsed().Seconds(), "contacts/s")
}
