package alerts

import (
	"context"
	"errors"
	"fmt"

	"github.com/socialcrm/socialcrm"
)

// Restore brings back what a restarted alerter had: the members of the
// segments it targets (evaluated in the store), the baselines of its
// series (Warm), its open spike and VIP alerts, which go on and resolve
// as they would have, the notifications they had not delivered yet, and
// the count of the hourly notification cap. Call it once, before Observe
// and Run.
func (a *Alerter) Restore(ctx context.Context) error {
	if err := a.RefreshSegments(ctx); err != nil {
		a.logger.Warn("segment members not loaded; they are tried again every segment_refresh", "err", err)
	}
	if err := a.Warm(ctx); err != nil {
		return err
	}
	if err := a.restoreOpen(ctx); err != nil {
		return err
	}
	return a.restoreBudget(ctx)
}

// restoreOpen takes the stored open alerts back into their series (a
// spike alert) or the VIP state (a VIP alert).
func (a *Alerter) restoreOpen(ctx context.Context) error {
	open, _, err := a.store.FindAlerts(ctx, socialcrm.AlertFilter{Open: true, Limit: -1})
	if err != nil {
		return fmt.Errorf("alerts: restore open alerts: %w", err)
	}
	now := a.conf.Now()
	var errs []error
	for _, al := range open {
		var ms []*socialcrm.Mention
		if al.Reason == socialcrm.ReasonVIP {
			ms, err = a.sample(ctx, al)
			errs = append(errs, err)
		}
		a.mu.Lock()
		switch al.Reason {
		case socialcrm.ReasonVIP:
			a.vip[al.Fingerprint] = &vipAlert{alert: al, ms: ms}
		default:
			s := a.seriesFor(key{al.Brand, al.Topic}, now)
			s.alert = al
			s.det.resume(al.Start)
		}
		if al.DeliveryStatus == socialcrm.DeliveryPending || al.DeliveryStatus == socialcrm.DeliveryRetrying {
			a.queue(al)
		}
		a.m.open.Inc()
		a.mu.Unlock()
		a.logger.Info("open alert restored", "alert_id", al.ID, "fingerprint", al.Fingerprint, "reason", al.Reason)
	}
	return joinErrs("alerts: restore open alerts", errs)
}

// sample loads the stored mentions of al's sample; erased ones are gone.
func (a *Alerter) sample(ctx context.Context, al *socialcrm.Alert) ([]*socialcrm.Mention, error) {
	var ms []*socialcrm.Mention
	for _, id := range al.Mentions {
		m, err := a.store.FindMentionByID(ctx, id)
		switch {
		case errors.Is(err, socialcrm.ErrNotFound):
			continue
		case err != nil:
			return ms, fmt.Errorf("sample of %s: %w", al.ID, err)
		}
		ms = append(ms, m)
	}
	return ms, nil
}
