package postgres_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/store/postgres/pgtest"
	"github.com/socialcrm/socialcrm/store/storetest"
)

// BenchmarkStore_Breakdowns measures the store-side figures of the
// overview, the contact record and the accounts list on 100,000 mentions
// over 28 hours:
//
//	go test -run '^$' -bench Breakdowns -benchtime 20x ./store/postgres/
func BenchmarkStore_Breakdowns(b *testing.B) {
	ctx := context.Background()
	s := pgtest.MustOpenTestDB(b, pgtest.DSN(b))
	ms := storetest.Mentions(100_000, "m:", time.Now().Add(-100_000*time.Second), 1)
	var accounts []*socialcrm.Account
	var contacts []*socialcrm.Contact
	for i := range 12 {
		accounts = append(accounts, &socialcrm.Account{ID: fmt.Sprintf("acc-%d", i), Name: "A", Value: float64(i)})
	}
	for i := range 40 {
		contacts = append(contacts, &socialcrm.Contact{ID: fmt.Sprintf("contact-%d", i), Name: "C", AccountID: fmt.Sprintf("acc-%d", i%12)})
	}
	if err := s.SaveAccounts(ctx, accounts...); err != nil {
		b.Fatal(err)
	}
	if err := s.SaveContacts(ctx, contacts...); err != nil {
		b.Fatal(err)
	}
	for i := 0; i < len(ms); i += 5000 {
		if err := s.SaveMentions(ctx, ms[i:i+5000]...); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := s.Pool().Exec(ctx, "VACUUM ANALYZE"); err != nil {
		b.Fatal(err)
	}
	day, month, contact := time.Now().Add(-24*time.Hour), time.Now().Add(-30*24*time.Hour), "contact-7"
	for name, f := range map[string]socialcrm.BreakdownFilter{
		"Topic24h":       {By: socialcrm.ByTopic, Since: &day, Limit: 6},
		"Brand24h":       {By: socialcrm.ByBrand, Since: &day, Limit: 10},
		"Source24h":      {By: socialcrm.BySource, Since: &day, Limit: 6},
		"All24h":         {Since: &day},
		"Contact30d":     {ContactID: &contact, Since: &month},
		"ContactAllTime": {ContactID: &contact},
	} {
		b.Run("SentimentBreakdown/"+name, func(b *testing.B) {
			for b.Loop() {
				if _, err := s.SentimentBreakdown(ctx, f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("SummarizeAccounts/30d", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.SummarizeAccounts(ctx, &month); err != nil {
				b.Fatal(err)
			}
		}
	})
}
