package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
)

func testLeadConsentStore(t *testing.T, open Open) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		must(t, "CreateLead", s.CreateLead(ctx, lead("l1", "Peter")))
		must(t, "CreateLead", s.CreateLead(ctx, lead("l2", "Joanna")))
		got, err := s.FindLeadConsent(ctx, "l1")
		must(t, "FindLeadConsent", err)
		diff(t, "consent never set", &socialcrm.Consent{LeadID: "l1", State: socialcrm.ConsentUnknown}, got)
		changes := []*socialcrm.Consent{
			{LeadID: "l1", State: socialcrm.ConsentGranted, Source: "web form", By: "u-1", At: at(time.Hour)},
			{LeadID: "l1", State: socialcrm.ConsentWithdrawn, Source: "email", By: "u-2", At: at(2 * time.Hour)},
			{LeadID: "l2", State: socialcrm.ConsentGranted, Suppressed: true, At: at(time.Hour)},
		}
		for _, c := range changes {
			must(t, "SetLeadConsent", s.SetLeadConsent(ctx, c))
		}
		h, err := s.FindLeadConsentHistory(ctx, "l1")
		must(t, "FindLeadConsentHistory", err)
		diff(t, "history of l1", changes[:2], h)
		got, err = s.FindLeadConsent(ctx, "l1")
		must(t, "FindLeadConsent", err)
		diff(t, "current consent of l1", changes[1], got)
		un, err := s.FindUnprofiledLeads(ctx)
		must(t, "FindUnprofiledLeads", err)
		diff(t, "unprofiled leads", []*socialcrm.Consent{changes[1], changes[2]}, un)
		cun, err := s.FindUnprofiled(ctx)
		must(t, "FindUnprofiled", err)
		diff(t, "no contact is unprofiled", []*socialcrm.Consent(nil), cun)
		none, err := s.FindLeadConsentHistory(ctx, "nobody")
		must(t, "FindLeadConsentHistory", err)
		diff(t, "history of no lead", []*socialcrm.Consent{}, none)
	})
	t.Run("Errors", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		must(t, "CreateLead", s.CreateLead(ctx, lead("l1", "Peter")))
		must(t, "SaveContacts", s.SaveContacts(ctx, contact("c-1", "Ann", "")))
		wantErr(t, "SetLeadConsent of no lead", s.SetLeadConsent(ctx, &socialcrm.Consent{LeadID: "nobody", State: socialcrm.ConsentGranted, At: t0}), socialcrm.ErrNotFound)
		_, err := s.FindLeadConsent(ctx, "nobody")
		wantErr(t, "FindLeadConsent of no lead", err, socialcrm.ErrNotFound)
		wantErr(t, "SetLeadConsent without a lead", s.SetLeadConsent(ctx, &socialcrm.Consent{ContactID: "c-1", State: socialcrm.ConsentGranted, At: t0}), socialcrm.ErrInvalid)
		wantErr(t, "SetConsent of a lead", s.SetConsent(ctx, &socialcrm.Consent{LeadID: "l1", State: socialcrm.ConsentGranted, At: t0}), socialcrm.ErrInvalid)
		wantErr(t, "both", s.SetLeadConsent(ctx, &socialcrm.Consent{LeadID: "l1", ContactID: "c-1", State: socialcrm.ConsentGranted, At: t0}), socialcrm.ErrInvalid)
		wantErr(t, "bad state", s.SetLeadConsent(ctx, &socialcrm.Consent{LeadID: "l1", State: "maybe", At: t0}), socialcrm.ErrInvalid)
	})
	// Converting a lead carries its history to the contact, each change in
	// the place it was recorded among the contact's own: the contact's
	// withdrawal, recorded after the lead's grant, stays its consent.
	t.Run("Conversion", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		must(t, "CreateLead", s.CreateLead(ctx, lead("l1", "Peter")))
		must(t, "CreateLead", s.CreateLead(ctx, lead("l2", "Joanna")))
		must(t, "SaveAccounts", s.SaveAccounts(ctx, &socialcrm.Account{ID: "acc-1", Name: "Initech"}))
		must(t, "SaveContacts", s.SaveContacts(ctx, &socialcrm.Contact{ID: "c-old", Name: "Peter G.", AccountID: "acc-1"}))
		grant := &socialcrm.Consent{LeadID: "l1", State: socialcrm.ConsentGranted, Source: "web form", At: at(time.Hour)}
		withdraw := &socialcrm.Consent{ContactID: "c-old", State: socialcrm.ConsentWithdrawn, Source: "phone call", At: at(2 * time.Hour)}
		must(t, "SetLeadConsent", s.SetLeadConsent(ctx, grant))
		must(t, "SetConsent", s.SetConsent(ctx, withdraw))
		_, err := s.ConvertLead(ctx, socialcrm.LeadConversion{LeadID: "l1", ContactID: "c-old", AccountID: "acc-1", By: "u-ana", At: at(3 * time.Hour)})
		must(t, "ConvertLead", err)
		h, err := s.FindConsentHistory(ctx, "c-old")
		must(t, "history of the contact", err)
		g := *grant
		g.ContactID, g.LeadID = "c-old", ""
		diff(t, "history of the contact", []*socialcrm.Consent{&g, withdraw}, h)
		cur, err := s.FindConsent(ctx, "c-old")
		must(t, "FindConsent", err)
		diff(t, "the contact's consent", withdraw, cur)
		lh, err := s.FindLeadConsentHistory(ctx, "l1")
		must(t, "history of the converted lead", err)
		diff(t, "the lead keeps its history", []*socialcrm.Consent{grant}, lh)

		// A lead that withdrew makes a new contact that is not profiled.
		must(t, "SetLeadConsent", s.SetLeadConsent(ctx, &socialcrm.Consent{LeadID: "l2", State: socialcrm.ConsentWithdrawn, At: at(time.Hour)}))
		_, err = s.ConvertLead(ctx, conversion(lead("l2", "Joanna")))
		must(t, "ConvertLead l2", err)
		cur, err = s.FindConsent(ctx, "c-l2")
		must(t, "FindConsent c-l2", err)
		if cur.State != socialcrm.ConsentWithdrawn || cur.ContactID != "c-l2" {
			t.Errorf("consent of the new contact = %+v, want the lead's withdrawal", cur)
		}
		un, err := s.FindUnprofiled(ctx)
		must(t, "FindUnprofiled", err)
		if len(un) != 2 {
			t.Errorf("unprofiled contacts = %+v, want c-l2 and c-old", un)
		}
	})
}
