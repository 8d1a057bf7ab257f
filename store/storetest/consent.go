package storetest

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
)

func testConsentStore(t *testing.T, open Open) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		must(t, "SaveContacts", s.SaveContacts(ctx, contact("c-1", "Ann", ""), contact("c-2", "Bob", ""), contact("c-3", "Cy", "")))
		got, err := s.FindConsent(ctx, "c-1")
		must(t, "FindConsent", err)
		diff(t, "consent never set", &socialcrm.Consent{ContactID: "c-1", State: socialcrm.ConsentUnknown}, got)

		changes := []*socialcrm.Consent{
			{ContactID: "c-1", State: socialcrm.ConsentGranted, Source: "web form", By: "u-1", At: at(time.Hour + 1500)},
			{ContactID: "c-1", State: socialcrm.ConsentWithdrawn, Source: "email", By: "u-2", At: at(2 * time.Hour)},
			{ContactID: "c-2", State: socialcrm.ConsentGranted, Suppressed: true, Source: "phone call\x00", At: at(time.Hour)},
			{ContactID: "c-3", State: socialcrm.ConsentWithdrawn, At: at(time.Hour)},
			// Recorded last, back-dated: still the current one.
			{ContactID: "c-3", State: socialcrm.ConsentGranted, At: at(0)},
		}
		for _, c := range changes {
			must(t, "SetConsent", s.SetConsent(ctx, c))
		}
		changes[0].At = changes[0].At.Truncate(time.Microsecond)
		changes[2].Source = "phone call\uFFFD"
		history, err := s.FindConsentHistory(ctx, "c-1")
		must(t, "FindConsentHistory", err)
		diff(t, "history of c-1", changes[:2], history)
		got, err = s.FindConsent(ctx, "c-1")
		must(t, "FindConsent", err)
		diff(t, "current consent of c-1", changes[1], got)
		got, err = s.FindConsent(ctx, "c-3")
		must(t, "FindConsent", err)
		diff(t, "current consent of c-3 (the last recorded)", changes[4], got)
		un, err := s.FindUnprofiled(ctx)
		must(t, "FindUnprofiled", err)
		diff(t, "unprofiled", []*socialcrm.Consent{changes[1], changes[2]}, un)

		// Erasing the contact erases its consent history.
		must(t, "DeleteContact", s.DeleteContact(ctx, "c-1"))
		history, err = s.FindConsentHistory(ctx, "c-1")
		must(t, "FindConsentHistory", err)
		diff(t, "history of an erased contact", []*socialcrm.Consent{}, history)
		un, err = s.FindUnprofiled(ctx)
		must(t, "FindUnprofiled", err)
		diff(t, "unprofiled after erasure", []*socialcrm.Consent{changes[2]}, un)
		// A contact saved again under the same ID keeps its consent.
		must(t, "SaveContacts", s.SaveContacts(ctx, contact("c-2", "Bob B.", "")))
		got, err = s.FindConsent(ctx, "c-2")
		must(t, "FindConsent", err)
		diff(t, "consent of c-2 after a save", changes[2], got)
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		err := s.SetConsent(ctx, &socialcrm.Consent{ContactID: "nobody", State: socialcrm.ConsentGranted, At: t0})
		if !errors.Is(err, socialcrm.ErrNotFound) {
			t.Errorf("SetConsent of no contact: %v, want ErrNotFound", err)
		}
		if _, err := s.FindConsent(ctx, "nobody"); !errors.Is(err, socialcrm.ErrNotFound) {
			t.Errorf("FindConsent of no contact: %v, want ErrNotFound", err)
		}
		history, err := s.FindConsentHistory(ctx, "nobody")
		must(t, "FindConsentHistory", err)
		diff(t, "history of no contact", []*socialcrm.Consent{}, history)
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		must(t, "SaveContacts", s.SaveContacts(ctx, contact("c-1", "Ann", "")))
		long := strings.Repeat("x", socialcrm.MaxConsentSourceBytes+1)
		for name, c := range map[string]*socialcrm.Consent{
			"state":  {ContactID: "c-1", State: "maybe", At: t0},
			"source": {ContactID: "c-1", State: socialcrm.ConsentGranted, Source: long, At: t0},
			"by":     {ContactID: "c-1", State: socialcrm.ConsentGranted, By: long, At: t0},
			"at":     {ContactID: "c-1", State: socialcrm.ConsentGranted},
			"id":     {State: socialcrm.ConsentGranted, At: t0},
		} {
			err := s.SetConsent(ctx, c)
			if !errors.Is(err, socialcrm.ErrInvalid) || !strings.Contains(err.Error(), name) {
				t.Errorf("SetConsent with a bad %s: %v, want ErrInvalid naming it", name, err)
			}
		}
		// At the limit it is stored.
		ok := &socialcrm.Consent{ContactID: "c-1", State: socialcrm.ConsentGranted, Source: long[1:], By: long[1:], At: t0}
		must(t, "SetConsent at the limits", s.SetConsent(ctx, ok))
		history, err := s.FindConsentHistory(ctx, "c-1")
		must(t, "FindConsentHistory", err)
		diff(t, "history", []*socialcrm.Consent{ok}, history)
	})
}
