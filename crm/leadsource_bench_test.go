package crm_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/crm"
	"github.com/socialcrm/socialcrm/store/memory"
	"github.com/socialcrm/socialcrm/store/postgres/pgtest"
)

// BenchmarkLeads_Observe makes leads from batches of 100 purchase-intent
// mentions, half from authors seen before (the lead is updated), half
// from new ones (a lead is created), and reports mentions per second.
func BenchmarkLeads_Observe(b *testing.B) {
	for name, open := range map[string]func(b *testing.B) socialcrm.Store{
		"memory":   func(*testing.B) socialcrm.Store { return memory.New() },
		"postgres": func(b *testing.B) socialcrm.Store { return pgtest.MustOpenTestDB(b, pgtest.DSN(b)) },
	} {
		b.Run(name, func(b *testing.B) {
			st := open(b)
			defer st.Close()
			leads := crm.NewLeads(crm.LeadConfig{}, st)
			ctx, n := context.Background(), 0
			for b.Loop() {
				ms := make([]*socialcrm.Mention, 100)
				for i := range ms {
					author := fmt.Sprintf("a%d", n/2) // every author writes twice
					ms[i] = scored(fmt.Sprint(n), author, socialcrm.IntentPurchase, "where can I buy it?")
					n++
				}
				if err := leads.Observe(ctx, ms); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "mentions/s")
		})
	}
}

// BenchmarkConvertLead converts leads into a new contact of a new account
// with an opportunity, one transaction each, and reports conversions per
// second.
func BenchmarkConvertLead(b *testing.B) {
	st := pgtest.MustOpenTestDB(b, pgtest.DSN(b))
	defer st.Close()
	ctx, n := context.Background(), 0
	for b.Loop() {
		b.StopTimer()
		l := &socialcrm.Lead{ID: fmt.Sprintf("l%d", n), Name: "Peter", Company: "Initech", Source: socialcrm.LeadFromAPI,
			Status: socialcrm.LeadQualified, Identities: []socialcrm.Identity{{Network: "x", Handle: fmt.Sprintf("p%d", n)}}}
		if err := st.CreateLead(ctx, l); err != nil {
			b.Fatal(err)
		}
		plan, err := crm.Conversion{Account: &crm.NewAccount{}, Opportunity: &crm.NewOpportunity{Name: "Rollout", Amount: 100}}.Plan(l, "u-ana", t0)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := st.ConvertLead(ctx, plan); err != nil {
			b.Fatal(err)
		}
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "conversions/s")
}
