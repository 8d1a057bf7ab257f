package storetest

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
)

// conversion returns the conversion of lead l into a new contact c-<l> of
// a new account acc-<l> with an opportunity opp-<l>, as crm.Conversion
// plans it.
func conversion(l *socialcrm.Lead) socialcrm.LeadConversion {
	return socialcrm.LeadConversion{LeadID: l.ID,
		Contact:   &socialcrm.Contact{ID: "c-" + l.ID, Name: l.Name, Email: l.Email, AccountID: "acc-" + l.ID},
		Account:   &socialcrm.Account{ID: "acc-" + l.ID, Name: l.Company, Tier: socialcrm.TierGold},
		AccountID: "acc-" + l.ID,
		Opportunity: &socialcrm.Opportunity{ID: "opp-" + l.ID, Name: "Initech rollout", AccountID: "acc-" + l.ID,
			Contacts: []string{"c-" + l.ID}, Amount: 1250000, Currency: "EUR", Stage: socialcrm.StageProspecting, Probability: 10,
			LeadID: l.ID, History: []socialcrm.StageChange{{To: socialcrm.StageProspecting, At: at(time.Hour), By: "u-ana"}}},
		By: "u-ana", At: at(time.Hour)}
}

func testConvertLead(t *testing.T, open Open) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		l := lead("l1", "Peter")
		must(t, "CreateLead", s.CreateLead(ctx, l))
		must(t, "SaveMentions", s.SaveMentions(ctx, mention("l1", "acme", socialcrm.Positive, t0), mention("other", "acme", socialcrm.Positive, t0)))
		c := conversion(l)
		got, err := s.ConvertLead(ctx, c)
		must(t, "ConvertLead", err)
		want := lead("l1", "Peter")
		want.Status, want.Identities, want.ContactID, want.AccountID, want.OpportunityID = socialcrm.LeadConverted, nil, "c-l1", "acc-l1", "opp-l1"
		want.ConvertedAt, want.ConvertedBy, want.UpdatedAt = ptr(at(time.Hour)), "u-ana", got.UpdatedAt
		diff(t, "converted lead", want, got)
		stored, err := s.FindLeadByID(ctx, "l1")
		must(t, "FindLeadByID", err)
		diff(t, "stored lead", got, stored)
		contact, err := s.FindContactByID(ctx, "c-l1")
		must(t, "FindContactByID", err)
		if contact.AccountID != "acc-l1" || contact.Name != "Peter" {
			t.Errorf("contact = %+v, want Peter of acc-l1", contact)
		}
		diff(t, "contact's identities (the lead's)", l.Identities, contact.Identities)
		if _, err := s.FindAccountByID(ctx, "acc-l1"); err != nil {
			t.Errorf("new account: %v", err)
		}
		ms, _, err := s.FindMentions(ctx, socialcrm.MentionFilter{ContactID: ptr("c-l1")})
		must(t, "FindMentions of the contact", err)
		if len(ms) != 1 || ms[0].ID != "mastodon:l1" {
			t.Errorf("the contact's mentions = %d, want the lead's mention alone", len(ms))
		}
		o, err := s.FindOpportunityByID(ctx, "opp-l1")
		must(t, "FindOpportunityByID", err)
		diff(t, "opportunity's contacts", []string{"c-l1"}, o.Contacts)
		_, err = s.ConvertLead(ctx, c)
		wantErr(t, "ConvertLead again", err, socialcrm.ErrConflict)
	})
	t.Run("LinkExisting", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		must(t, "SaveAccounts", s.SaveAccounts(ctx, &socialcrm.Account{ID: "acc-north", Name: "Northwind", Value: 500}))
		must(t, "SaveContacts", s.SaveContacts(ctx, &socialcrm.Contact{ID: "c-peter", Name: "Peter G.",
			Identities: []socialcrm.Identity{{Network: "x", Handle: "peterg"}}}))
		l := lead("l1", "Peter")
		must(t, "CreateLead", s.CreateLead(ctx, l))
		got, err := s.ConvertLead(ctx, socialcrm.LeadConversion{LeadID: "l1", ContactID: "c-peter", AccountID: "acc-north", By: "u-ana", At: at(time.Hour)})
		must(t, "ConvertLead", err)
		if got.ContactID != "c-peter" || got.AccountID != "acc-north" || got.OpportunityID != "" {
			t.Errorf("converted lead = %+v, want c-peter of acc-north without opportunity", got)
		}
		contact, err := s.FindContactByID(ctx, "c-peter")
		must(t, "FindContactByID", err)
		diff(t, "linked contact's identities", append([]socialcrm.Identity{{Network: "x", Handle: "peterg"}}, l.Identities...), contact.Identities)
		if contact.AccountID != "acc-north" || contact.Name != "Peter G." {
			t.Errorf("linked contact = %+v, want Peter G. given account acc-north", contact)
		}
		a, err := s.FindAccountByID(ctx, "acc-north")
		must(t, "FindAccountByID", err)
		if a.Name != "Northwind" || a.Value != 500 {
			t.Errorf("linked account changed: %+v", a)
		}
	})
	t.Run("MergeContacts", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		l := lead("l1", "Peter")
		must(t, "CreateLead", s.CreateLead(ctx, l))
		_, err := s.ConvertLead(ctx, conversion(l)) // into c-l1 of acc-l1, opportunity opp-l1 listing c-l1
		must(t, "ConvertLead", err)
		must(t, "SaveContacts", s.SaveContacts(ctx, &socialcrm.Contact{ID: "c-keep", Name: "Peter G."}))
		o2 := opportunity("o2", "")
		o2.AccountID, o2.Contacts = "acc-l1", []string{"c-keep", "c-l1"}
		must(t, "CreateOpportunity", s.CreateOpportunity(ctx, o2))
		_, err = s.MergeContacts(ctx, "c-keep", "c-l1")
		must(t, "MergeContacts", err)
		got, err := s.FindLeadByID(ctx, "l1")
		must(t, "FindLeadByID", err)
		if got.ContactID != "c-keep" {
			t.Errorf("converted lead's contact after the merge = %q, want c-keep", got.ContactID)
		}
		for id, want := range map[string][]string{"opp-l1": {"c-keep"}, "o2": {"c-keep"}} {
			o, err := s.FindOpportunityByID(ctx, id)
			must(t, "FindOpportunityByID", err)
			diff(t, id+" contacts after the merge", want, o.Contacts)
		}
		os, _, err := s.FindOpportunities(ctx, socialcrm.OpportunityFilter{ContactID: ptr("c-l1")})
		must(t, "FindOpportunities", err)
		if len(os) != 0 {
			t.Errorf("%d opportunities still list the merged contact", len(os))
		}
	})
	t.Run("NothingHalfDone", func(t *testing.T) { testConvertRefused(t, open) })
	t.Run("Concurrent", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		l := lead("l1", "Peter")
		must(t, "CreateLead", s.CreateLead(ctx, l))
		var wg sync.WaitGroup
		var mu sync.Mutex
		var ok, conflicts int
		for i := range 8 {
			wg.Go(func() {
				c := conversion(l)
				c.Contact.ID, c.Account.ID, c.Opportunity.ID = c.Contact.ID+string(rune('a'+i)), c.Account.ID+string(rune('a'+i)), c.Opportunity.ID+string(rune('a'+i))
				c.AccountID, c.Contact.AccountID, c.Opportunity.AccountID = c.Account.ID, c.Account.ID, c.Account.ID
				_, err := s.ConvertLead(ctx, c)
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					ok++
				case errors.Is(err, socialcrm.ErrConflict):
					conflicts++
				default:
					t.Errorf("ConvertLead: %v", err)
				}
			})
		}
		wg.Wait()
		if ok != 1 || conflicts != 7 {
			t.Errorf("8 concurrent conversions of one lead: %d succeeded, %d conflicted; want 1 and 7", ok, conflicts)
		}
		if _, n, err := s.FindOpportunities(ctx, socialcrm.OpportunityFilter{}); err != nil || n != 1 {
			t.Errorf("%d opportunities (err %v) after concurrent conversions, want 1", n, err)
		}
	})
}

// testConvertRefused makes conversions fail at each step, the last ones
// after the account and the contact were written: nothing of them stays.
func testConvertRefused(t *testing.T, open Open) {
	ctx := context.Background()
	for name, c := range map[string]struct {
		setup  func(s socialcrm.Store)
		change func(c *socialcrm.LeadConversion)
		want   error
	}{
		"IdentityOfAnotherContact": {setup: func(s socialcrm.Store) {
			must(t, "SaveContacts", s.SaveContacts(ctx, &socialcrm.Contact{ID: "c-other", Name: "Other",
				Identities: []socialcrm.Identity{{Network: "mastodon", Handle: "PETER@example.social"}}}))
		}, want: socialcrm.ErrConflict},
		"OpportunityIDTaken": {setup: func(s socialcrm.Store) {
			must(t, "SaveAccounts", s.SaveAccounts(ctx, &socialcrm.Account{ID: "acc-x", Name: "X"}))
			must(t, "CreateOpportunity", s.CreateOpportunity(ctx, &socialcrm.Opportunity{ID: "opp-l1", Name: "Old deal", AccountID: "acc-x",
				Currency: "EUR", Stage: socialcrm.StageProposal, Probability: 50}))
		}, want: socialcrm.ErrConflict},
		"OpportunityInvalid": {change: func(c *socialcrm.LeadConversion) { c.Opportunity.Currency = "euro" }, want: socialcrm.ErrInvalid},
		"ContactIDTaken": {setup: func(s socialcrm.Store) {
			must(t, "SaveContacts", s.SaveContacts(ctx, &socialcrm.Contact{ID: "c-l1", Name: "Someone"}))
		}, want: socialcrm.ErrConflict},
		"AccountIDTaken": {setup: func(s socialcrm.Store) {
			must(t, "SaveAccounts", s.SaveAccounts(ctx, &socialcrm.Account{ID: "acc-l1", Name: "Taken"}))
		}, want: socialcrm.ErrConflict},
		"AccountMissing": {change: func(c *socialcrm.LeadConversion) { c.Account, c.AccountID = nil, "acc-nowhere" }, want: socialcrm.ErrInvalid},
		"ContactMissing": {change: func(c *socialcrm.LeadConversion) { c.Contact, c.ContactID = nil, "c-nowhere" }, want: socialcrm.ErrInvalid},
		"LeadMissing":    {change: func(c *socialcrm.LeadConversion) { c.LeadID = "nobody" }, want: socialcrm.ErrNotFound},
		"LeadDisqualified": {setup: func(s socialcrm.Store) {
			_, err := s.UpdateLead(ctx, "l1", func(l *socialcrm.Lead) error { return l.Move(socialcrm.LeadDisqualified, "spam") })
			must(t, "UpdateLead", err)
		}, want: socialcrm.ErrConflict},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s := open(t)
			l := lead("l1", "Peter")
			must(t, "CreateLead", s.CreateLead(ctx, l))
			if c.setup != nil {
				c.setup(s)
			}
			before, err := s.FindLeadByID(ctx, "l1")
			must(t, "FindLeadByID", err)
			conv := conversion(l)
			if c.change != nil {
				c.change(&conv)
			}
			_, err = s.ConvertLead(ctx, conv)
			wantErr(t, "ConvertLead", err, c.want)
			after, err := s.FindLeadByID(ctx, "l1")
			must(t, "FindLeadByID", err)
			diff(t, "lead after a refused conversion", before, after)
			if name != "AccountIDTaken" {
				if _, err := s.FindAccountByID(ctx, "acc-l1"); !errors.Is(err, socialcrm.ErrNotFound) {
					t.Errorf("the new account was left behind (err %v)", err)
				}
			}
			if name != "ContactIDTaken" {
				if _, err := s.FindContactByID(ctx, "c-l1"); !errors.Is(err, socialcrm.ErrNotFound) {
					t.Errorf("the new contact was left behind (err %v)", err)
				}
			}
			if name != "OpportunityIDTaken" {
				if _, err := s.FindOpportunityByID(ctx, "opp-l1"); !errors.Is(err, socialcrm.ErrNotFound) {
					t.Errorf("the new opportunity was left behind (err %v)", err)
				}
			}
		})
	}
}
