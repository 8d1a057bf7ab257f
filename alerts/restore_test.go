package alerts_test

import (
	"context"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/alerts"
)

// openByFingerprint counts the stored open alerts per fingerprint.
func (f *fixture) openByFingerprint() map[string]int {
	f.t.Helper()
	as, _, err := f.store.FindAlerts(context.Background(), socialcrm.AlertFilter{Open: true, Limit: -1})
	if err != nil {
		f.t.Fatal(err)
	}
	out := map[string]int{}
	for _, a := range as {
		out[a.Fingerprint]++
	}
	return out
}

// A restart while a spike alert is open keeps that alert, raises no
// second one while the burst goes on, and resolves it once the burst is
// over.
func TestAlerter_RestartDuringSpike(t *testing.T) {
	f := newFixture(t)
	f.save = true
	f.storeHistory(3)
	if err := f.alerter.Warm(context.Background()); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		f.window(45, 40, "c-gold")
	}
	before := f.openByFingerprint()
	if before["acme"] != 1 {
		t.Fatalf("open alerts before the restart: %v, want one for acme", before)
	}
	f.restart()
	for range 3 {
		f.window(45, 40, "c-gold")
	}
	after := f.openByFingerprint()
	t.Logf("open alerts per fingerprint: before restart %v, during the burst after it %v", before, after)
	for fp, n := range after {
		if n != 1 {
			t.Errorf("%d open alerts of %s after the restart, want 1", n, fp)
		}
	}
	if after["acme"] != 1 {
		t.Fatalf("the brand's alert was not kept open across the restart: %v", after)
	}
	f.quiet(6)
	if open := f.openByFingerprint(); len(open) != 0 {
		t.Fatalf("still open after the burst: %v", open)
	}
	resolved := f.stored(socialcrm.AlertResolved)
	if len(resolved) != 1 || resolved[0].Fingerprint != "acme" {
		t.Fatalf("resolved alerts %v, want the one acme alert", resolved)
	}
	if got := f.recv.alerts(); len(got) != 2 || got[0].Status != socialcrm.AlertFiring || got[1].Status != socialcrm.AlertResolved {
		t.Errorf("webhook got %d notifications, want firing then resolved once each", len(got))
	}
	t.Logf("one acme alert, resolved at %s after the burst", resolved[0].End.Format(time.TimeOnly))
}

// A restart while a VIP alert is open keeps it: the VIP's next complaint
// joins it, and it resolves after the quiet hour. The hourly cap counts
// the notifications sent before the restart.
func TestAlerter_RestartDuringVIP(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, func(c *alerts.Config) { c.MaxPerHour = 1 })
	if err := f.alerter.Observe(ctx, []*socialcrm.Mention{vipMention("test:v1")}); err != nil {
		t.Fatal(err)
	}
	if err := f.alerter.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	f.restart()
	f.clock.Add(10 * time.Minute)
	if err := f.alerter.Observe(ctx, []*socialcrm.Mention{vipMention("test:v2")}); err != nil {
		t.Fatal(err)
	}
	if err := f.alerter.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	open := f.openByFingerprint()
	t.Logf("open alerts per fingerprint after the restart and a second VIP complaint: %v", open)
	if len(open) != 1 || open["acme/vip"] != 1 {
		t.Fatalf("open alerts %v, want the one acme/vip alert", open)
	}
	al := f.stored(socialcrm.AlertFiring)[0]
	if al.Observed != 2 {
		t.Errorf("VIP alert counts %v complaints, want 2", al.Observed)
	}
	// a new brand's VIP alert finds the cap reached by the one before the restart
	other := vipMention("test:v3")
	other.Brand = "globex"
	if err := f.alerter.Observe(ctx, []*socialcrm.Mention{other}); err != nil {
		t.Fatal(err)
	}
	if err := f.alerter.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	if got := f.recv.alerts(); len(got) != 1 {
		t.Errorf("webhook got %d notifications, want 1: the cap of 1 an hour survives the restart", len(got))
	}
	f.clock.Add(61 * time.Minute)
	if err := f.alerter.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	if open := f.openByFingerprint(); len(open) != 0 {
		t.Fatalf("still open after a quiet hour: %v", open)
	}
}
