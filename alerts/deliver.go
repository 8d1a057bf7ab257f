package alerts

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/socialcrm/socialcrm"
)

// deliver notifies every receiver of al unless a silence mutes it or the
// hourly cap is reached, retrying with exponential backoff, and records
// each outcome on the alert. snapshot is al's state to send.
func (a *Alerter) deliver(ctx context.Context, al, snapshot *socialcrm.Alert) error {
	now := a.conf.Now()
	if len(a.notifiers) == 0 {
		return nil
	}
	if s, ok := a.silenced(al, now); ok {
		a.m.suppressed.WithLabelValues("silence").Inc()
		a.logger.Info("notification silenced", "alert_id", al.ID, "silence_id", s.ID)
		return nil
	}
	if !a.takeBudget(now) {
		a.m.suppressed.WithLabelValues("cap").Inc()
		a.logger.Warn("notification cap reached", "alert_id", al.ID, "max_per_hour", a.conf.MaxPerHour)
		return a.addDeliveries(ctx, al, socialcrm.Delivery{Notifier: "cap", At: now, Error: "hourly notification cap reached"})
	}
	var ds []socialcrm.Delivery
	var errs []error
	for _, n := range a.notifiers {
		err := a.notifyWithRetry(ctx, n, snapshot)
		d := socialcrm.Delivery{Notifier: n.Name(), At: a.conf.Now(), OK: err == nil}
		if err != nil {
			d.Error = err.Error()
			errs = append(errs, fmt.Errorf("notify %s of %s: %w", n.Name(), al.ID, err))
			a.m.notified.WithLabelValues(n.Name(), "error").Inc()
			a.logger.Error("notification failed", "alert_id", al.ID, "notifier", n.Name(), "err", err)
		} else {
			a.m.notified.WithLabelValues(n.Name(), "ok").Inc()
		}
		ds = append(ds, d)
	}
	if err := a.addDeliveries(ctx, al, ds...); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// notifyWithRetry calls n until it succeeds, says retrying will not help,
// or Config.Attempts are spent, waiting Backoff, 2·Backoff… in between.
func (a *Alerter) notifyWithRetry(ctx context.Context, n socialcrm.Notifier, al *socialcrm.Alert) error {
	wait := a.conf.Backoff
	var err error
	for attempt := 1; ; attempt++ {
		var retry bool
		retry, err = n.Notify(ctx, al)
		if err == nil || !retry || attempt >= a.conf.Attempts {
			return err
		}
		select {
		case <-ctx.Done():
			return errors.Join(err, ctx.Err())
		case <-time.After(wait):
		}
		wait *= 2
	}
}

// addDeliveries appends ds to the stored alert.
func (a *Alerter) addDeliveries(ctx context.Context, al *socialcrm.Alert, ds ...socialcrm.Delivery) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	al.Deliveries = append(al.Deliveries, ds...)
	return a.saveAlert(ctx, al)
}

// takeBudget counts a notification against the hourly cap; false when
// the cap is reached.
func (a *Alerter) takeBudget(now time.Time) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	cut := now.Add(-time.Hour)
	i := 0
	for i < len(a.sent) && a.sent[i].Before(cut) {
		i++
	}
	a.sent = a.sent[i:]
	if len(a.sent) >= a.conf.MaxPerHour {
		return false
	}
	a.sent = append(a.sent, now)
	return true
}
