package storetest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
)

// opportunity returns an opportunity of account acc1 in prospecting.
func opportunity(id, close string) *socialcrm.Opportunity {
	return &socialcrm.Opportunity{ID: id, Name: "Deal " + id, AccountID: "acc1", Contacts: []string{"c1"}, Amount: 100000,
		Currency: "EUR", Stage: socialcrm.StageProspecting, Probability: 10, ExpectedClose: close, Owner: "u-ana",
		History:   []socialcrm.StageChange{{To: socialcrm.StageProspecting, At: t0, By: "u-ana"}},
		CreatedAt: t0, UpdatedAt: t0}
}

// move moves o to the default pipeline's stage called name.
func move(o *socialcrm.Opportunity, name, reason, by string, at time.Time) error {
	return socialcrm.DefaultStages().Move(o, name, reason, by, at)
}

func oppIDs(os []*socialcrm.Opportunity) []string {
	out := make([]string, len(os))
	for i, o := range os {
		out[i] = o.ID
	}
	return out
}

func testOpportunityStore(t *testing.T, open Open) {
	ctx := context.Background()
	withAccount := func(t *testing.T) socialcrm.Store {
		s := open(t)
		must(t, "SaveAccounts", s.SaveAccounts(ctx, &socialcrm.Account{ID: "acc1", Name: "Initech", Value: 1000}))
		return s
	}
	t.Run("Create", func(t *testing.T) {
		t.Parallel()
		s := withAccount(t)
		o := opportunity("o1", "2026-12-31")
		must(t, "CreateOpportunity", s.CreateOpportunity(ctx, o))
		got, err := s.FindOpportunityByID(ctx, "o1")
		must(t, "FindOpportunityByID", err)
		diff(t, "opportunity", o, got)
		wantErr(t, "CreateOpportunity of an existing id", s.CreateOpportunity(ctx, opportunity("o1", "")), socialcrm.ErrConflict)
		bad := opportunity("o2", "")
		bad.AccountID = "acc-nowhere"
		wantErr(t, "CreateOpportunity of a missing account", s.CreateOpportunity(ctx, bad), socialcrm.ErrInvalid)
		_, err = s.FindOpportunityByID(ctx, "nobody")
		wantErr(t, "FindOpportunityByID of an unknown id", err, socialcrm.ErrNotFound)
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		t.Parallel()
		s := withAccount(t)
		for name, change := range map[string]func(*socialcrm.Opportunity){
			"no name":         func(o *socialcrm.Opportunity) { o.Name = "" },
			"no account":      func(o *socialcrm.Opportunity) { o.AccountID = "" },
			"malformed stage": func(o *socialcrm.Opportunity) { o.Stage = "Dreaming!" },
			"no stage":        func(o *socialcrm.Opportunity) { o.Stage = "" },
			"probability":     func(o *socialcrm.Opportunity) { o.Probability = 190 },
			"outcome":         func(o *socialcrm.Opportunity) { o.Outcome = "maybe" },
			"credited, open":  func(o *socialcrm.Opportunity) { o.Credited = &socialcrm.Credit{Value: 1, Currency: "EUR", Rate: 1} },
			"negative amount": func(o *socialcrm.Opportunity) { o.Amount = -1 },
			"currency":        func(o *socialcrm.Opportunity) { o.Currency = "eur" },
			"lost, no reason": func(o *socialcrm.Opportunity) { o.Stage, o.Probability, o.Outcome = "lost", 0, socialcrm.OutcomeLost },
			"bad date":        func(o *socialcrm.Opportunity) { o.ExpectedClose = "31/12/2026" },
			"long name":       func(o *socialcrm.Opportunity) { o.Name = strings.Repeat("a", 10<<10) },
			"long reason":     func(o *socialcrm.Opportunity) { o.LostReason = strings.Repeat("a", 10<<10) },
			"long owner":      func(o *socialcrm.Opportunity) { o.Owner = strings.Repeat("a", 10<<10) },
			"long contact":    func(o *socialcrm.Opportunity) { o.Contacts = []string{strings.Repeat("a", 10<<10)} },
			"many contacts":   func(o *socialcrm.Opportunity) { o.Contacts = make([]string, 51) },
		} {
			o := opportunity("o1", "")
			change(o)
			wantErr(t, "CreateOpportunity with "+name, s.CreateOpportunity(ctx, o), socialcrm.ErrInvalid)
		}
		if _, n, err := s.FindOpportunities(ctx, socialcrm.OpportunityFilter{}); err != nil || n != 0 {
			t.Errorf("after refused creates: %d opportunities (err %v), want none", n, err)
		}
	})
	t.Run("Won", func(t *testing.T) {
		t.Parallel()
		s := withAccount(t)
		must(t, "CreateOpportunity", s.CreateOpportunity(ctx, opportunity("o1", "")))
		moved, err := s.UpdateOpportunity(ctx, "o1", func(o *socialcrm.Opportunity) error {
			return move(o, socialcrm.StageNegotiation, "", "u-kim", at(time.Hour))
		})
		must(t, "UpdateOpportunity to negotiation", err)
		if a, _ := s.FindAccountByID(ctx, "acc1"); a.Value != 1000 {
			t.Errorf("account value after negotiation = %v, want 1000 unchanged", a.Value)
		}
		won, err := s.UpdateOpportunity(ctx, "o1", func(o *socialcrm.Opportunity) error {
			return move(o, socialcrm.StageWon, "", "u-kim", at(2*time.Hour))
		})
		must(t, "UpdateOpportunity to won", err)
		diff(t, "history", []socialcrm.StageChange{{To: "prospecting", At: t0, By: "u-ana"},
			{From: "prospecting", To: "negotiation", At: at(time.Hour), By: "u-kim"},
			{From: "negotiation", To: "won", At: at(2 * time.Hour), By: "u-kim"}}, won.History)
		if won.Probability != 100 || won.ClosedAt == nil || !won.ClosedAt.Equal(at(2*time.Hour)) || moved.Probability != 75 {
			t.Errorf("won = %+v, want probability 100 closed at +2h", won)
		}
		if a, _ := s.FindAccountByID(ctx, "acc1"); a.Value != 2000 {
			t.Errorf("account value after winning 1,000.00 EUR = %v, want 2000", a.Value)
		}
		diff(t, "credited", &socialcrm.Credit{Value: 1000, Currency: "EUR", Rate: 1}, won.Credited)
		if won.Outcome != socialcrm.OutcomeWon {
			t.Errorf("won outcome = %q, want won", won.Outcome)
		}
		_, err = s.UpdateOpportunity(ctx, "o1", func(o *socialcrm.Opportunity) error { o.Name = "Renamed"; return nil })
		must(t, "UpdateOpportunity of a won one's name", err)
		_, err = s.UpdateOpportunity(ctx, "o1", func(o *socialcrm.Opportunity) error {
			return move(o, socialcrm.StageLost, "changed mind", "u-kim", at(3*time.Hour))
		})
		wantErr(t, "UpdateOpportunity out of won", err, socialcrm.ErrConflict)
		if a, _ := s.FindAccountByID(ctx, "acc1"); a.Value != 2000 {
			t.Errorf("account value after more changes = %v, want 2000: won counts once", a.Value)
		}
		_, err = s.UpdateOpportunity(ctx, "nobody", func(o *socialcrm.Opportunity) error { return nil })
		wantErr(t, "UpdateOpportunity of an unknown id", err, socialcrm.ErrNotFound)
		_, err = s.UpdateOpportunity(ctx, "o1", func(o *socialcrm.Opportunity) error { o.AccountID = "acc-nowhere"; return nil })
		wantErr(t, "UpdateOpportunity to a missing account", err, socialcrm.ErrInvalid)
	})
	t.Run("WonCurrency", func(t *testing.T) {
		t.Parallel()
		s := withAccount(t) // valued in EUR
		usd := opportunity("o-usd", "")
		usd.Currency = "USD"
		must(t, "CreateOpportunity", s.CreateOpportunity(ctx, usd))
		win := func(credit *socialcrm.Credit) error {
			_, err := s.UpdateOpportunity(ctx, "o-usd", func(o *socialcrm.Opportunity) error {
				o.Credited = credit
				return move(o, socialcrm.StageWon, "", "u-kim", at(time.Hour))
			})
			return err
		}
		wantErr(t, "winning 1,000.00 USD unconverted for a EUR account", win(nil), socialcrm.ErrInvalid)
		wantErr(t, "winning with a credit in USD for a EUR account", win(&socialcrm.Credit{Value: 1000, Currency: "USD", Rate: 1}), socialcrm.ErrConflict)
		if o, _ := s.FindOpportunityByID(ctx, "o-usd"); o.Outcome != "" || o.Credited != nil {
			t.Errorf("after refused wins the opportunity is %+v, want it open and uncredited", o)
		}
		must(t, "win converted", win(&socialcrm.Credit{Value: 920, Currency: "EUR", Rate: 0.92}))
		o, err := s.FindOpportunityByID(ctx, "o-usd")
		must(t, "FindOpportunityByID", err)
		diff(t, "credited", &socialcrm.Credit{Value: 920, Currency: "EUR", Rate: 0.92}, o.Credited)
		if a, _ := s.FindAccountByID(ctx, "acc1"); a.Value != 1920 {
			t.Errorf("account value after winning 1,000.00 USD at 0.92 = %v, want 1920", a.Value)
		}

		must(t, "SaveAccounts", s.SaveAccounts(ctx, &socialcrm.Account{ID: "acc-us", Name: "Globex", Currency: "USD", Value: 10}))
		born := opportunity("o-born-won", "")
		born.AccountID, born.Currency, born.Stage, born.Probability, born.Outcome = "acc-us", "USD", "signed", 100, socialcrm.OutcomeWon
		must(t, "CreateOpportunity won in the account's currency", s.CreateOpportunity(ctx, born))
		if a, _ := s.FindAccountByID(ctx, "acc-us"); a.Value != 1010 {
			t.Errorf("USD account value after an opportunity created won = %v, want 1010", a.Value)
		}
		eur := opportunity("o-born-eur", "")
		eur.AccountID, eur.Stage, eur.Probability, eur.Outcome = "acc-us", "signed", 100, socialcrm.OutcomeWon
		wantErr(t, "CreateOpportunity won in EUR for a USD account", s.CreateOpportunity(ctx, eur), socialcrm.ErrInvalid)
		if _, err := s.FindOpportunityByID(ctx, "o-born-eur"); !errors.Is(err, socialcrm.ErrNotFound) {
			t.Errorf("a refused won opportunity was stored: %v", err)
		}
	})
	t.Run("Concurrent", func(t *testing.T) {
		t.Parallel()
		s := withAccount(t)
		must(t, "CreateOpportunity", s.CreateOpportunity(ctx, opportunity("o1", "")))
		var wg sync.WaitGroup
		for i := range 10 {
			wg.Go(func() {
				stage := []string{socialcrm.StageQualification, socialcrm.StageProposal}[i%2]
				_, err := s.UpdateOpportunity(ctx, "o1", func(o *socialcrm.Opportunity) error {
					if o.Stage == stage {
						stage = socialcrm.StageNegotiation
					}
					return move(o, stage, "", fmt.Sprint("u-", i), at(time.Duration(i)*time.Minute))
				})
				if err != nil {
					t.Errorf("UpdateOpportunity: %v", err)
				}
			})
		}
		wg.Wait()
		got, err := s.FindOpportunityByID(ctx, "o1")
		must(t, "FindOpportunityByID", err)
		if len(got.History) != 11 {
			t.Errorf("after 10 concurrent moves the history has %d changes, want 11: moves were lost", len(got.History))
		}
	})
	t.Run("Find", func(t *testing.T) {
		t.Parallel()
		s := withAccount(t)
		must(t, "SaveAccounts", s.SaveAccounts(ctx, &socialcrm.Account{ID: "acc2", Name: "Globex"}))
		for _, o := range []*socialcrm.Opportunity{opportunity("o1", "2026-12-31"), opportunity("o2", ""), opportunity("o3", "2026-11-30"), opportunity("o4", "2027-01-15")} {
			if o.ID == "o2" {
				o.AccountID, o.Contacts, o.Owner = "acc2", []string{"c2"}, "u-kim"
			}
			if o.ID == "o4" {
				o.Stage, o.Probability, o.Outcome, o.LostReason = socialcrm.StageLost, 0, socialcrm.OutcomeLost, "price"
			}
			if o.ID == "o3" { // a stage of a configured pipeline
				o.Stage, o.Probability = "demo", 40
			}
			must(t, "CreateOpportunity", s.CreateOpportunity(ctx, o))
		}
		for name, c := range map[string]struct {
			f    socialcrm.OpportunityFilter
			want []string
			n    int
		}{
			"All":     {socialcrm.OpportunityFilter{}, []string{"o3", "o1", "o4", "o2"}, 4},
			"Page":    {socialcrm.OpportunityFilter{Offset: 1, Limit: 2}, []string{"o1", "o4"}, 4},
			"Account": {socialcrm.OpportunityFilter{AccountID: ptr("acc2")}, []string{"o2"}, 1},
			"Contact": {socialcrm.OpportunityFilter{ContactID: ptr("c1")}, []string{"o3", "o1", "o4"}, 3},
			"Stage":   {socialcrm.OpportunityFilter{Stage: ptr(socialcrm.StageLost)}, []string{"o4"}, 1},
			"Owner":   {socialcrm.OpportunityFilter{Owner: ptr("u-kim")}, []string{"o2"}, 1},
			"Open":    {socialcrm.OpportunityFilter{Open: true}, []string{"o3", "o1", "o2"}, 3},
		} {
			got, n, err := s.FindOpportunities(ctx, c.f)
			must(t, "FindOpportunities "+name, err)
			diff(t, "FindOpportunities "+name, c.want, oppIDs(got))
			if n != c.n {
				t.Errorf("FindOpportunities %s: total %d, want %d", name, n, c.n)
			}
		}
		got, n, err := s.FindOpportunities(ctx, socialcrm.OpportunityFilter{Stage: ptr("demo")})
		if err != nil || n != 1 || got[0].ID != "o3" {
			t.Errorf("FindOpportunities of stage demo = %v (%d), %v; want o3", oppIDs(got), n, err)
		}
		_, _, err = s.FindOpportunities(ctx, socialcrm.OpportunityFilter{Stage: ptr("Dreaming!")})
		wantErr(t, "FindOpportunities of a malformed stage", err, socialcrm.ErrInvalid)
	})
}
