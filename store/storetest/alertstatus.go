package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
)

// testAlertStatusForward: a saved alert's status only moves forward. An
// older copy saved later (the alerter that raised the alert, after
// another process acknowledged or resolved it) keeps the stored status and
// AckedBy, and its other fields are taken.
func testAlertStatusForward(t *testing.T, open Open) {
	t.Parallel()
	ctx := context.Background()
	s := open(t)
	a := alert("fw1", "acme", t0)
	a.Fingerprint = "acme/vip"
	must(t, "SaveAlert(firing)", s.SaveAlert(ctx, a))
	acked := *a
	acked.Status, acked.AckedBy = socialcrm.AlertAcknowledged, "ana"
	must(t, "SaveAlert(acknowledged)", s.SaveAlert(ctx, &acked))

	stale := *a // still firing, with a later observation
	stale.Observed, stale.End = 7, at(time.Hour)
	must(t, "SaveAlert(stale firing copy)", s.SaveAlert(ctx, &stale))
	got, err := s.FindAlertByID(ctx, "fw1")
	must(t, "FindAlertByID", err)
	if got.Status != socialcrm.AlertAcknowledged || got.AckedBy != "ana" || got.Observed != 7 || !got.End.Equal(at(time.Hour)) {
		t.Errorf("after a stale firing save: status %q by %q, observed %v, end %v; want acknowledged by ana, 7, %v",
			got.Status, got.AckedBy, got.Observed, got.End, at(time.Hour))
	}
	if open, _, err := s.FindAlerts(ctx, socialcrm.AlertFilter{Status: ptr(socialcrm.AlertAcknowledged), Limit: -1}); err != nil || len(open) != 1 {
		t.Errorf("FindAlerts(acknowledged): %d alerts (%v), want 1: the status column follows the kept status", len(open), err)
	}

	resolved := stale
	resolved.Status = socialcrm.AlertResolved
	must(t, "SaveAlert(resolved)", s.SaveAlert(ctx, &resolved))
	for _, status := range []string{socialcrm.AlertFiring, socialcrm.AlertAcknowledged} {
		c := stale
		c.Status = status
		must(t, "SaveAlert("+status+" after resolved)", s.SaveAlert(ctx, &c))
		got, err := s.FindAlertByID(ctx, "fw1")
		must(t, "FindAlertByID", err)
		if got.Status != socialcrm.AlertResolved {
			t.Errorf("a resolved alert saved as %s: status %q, want resolved", status, got.Status)
		}
	}
	// Its fingerprint is free for a new open alert.
	next := alert("fw2", "acme", at(2*time.Hour))
	next.Fingerprint = "acme/vip"
	must(t, "SaveAlert(new open alert of the fingerprint)", s.SaveAlert(ctx, next))
}
