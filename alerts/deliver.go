package alerts

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/socialcrm/socialcrm"
)

// maxDeliveries bounds the attempts an alert records; the newest are kept.
const maxDeliveries = 50

// delivery is one alert's notification in progress: the receivers that
// have not taken it yet and when to try them again.
type delivery struct {
	alert   *socialcrm.Alert
	left    []socialcrm.Notifier
	attempt int       // attempts made
	since   time.Time // first attempt; zero before it
	next    time.Time // next attempt due
}

// queue schedules the notification of al for the next Tick, replacing a
// notification of al still in progress (it would send the older state).
// Called with a.mu held.
func (a *Alerter) queue(al *socialcrm.Alert) {
	if len(a.notifiers) == 0 {
		return
	}
	al.DeliveryStatus = socialcrm.DeliveryPending
	a.outgoing[al.ID] = &delivery{alert: al, left: a.notifiers}
}

// deliverDue makes the notification attempts due by now, in the order the
// alerts were queued, outside the lock.
func (a *Alerter) deliverDue(ctx context.Context, now time.Time) error {
	a.mu.Lock()
	var due []*delivery
	for _, d := range a.outgoing {
		if !now.Before(d.next) {
			due = append(due, d)
		}
	}
	slices.SortFunc(due, func(x, y *delivery) int {
		return cmp.Or(x.alert.CreatedAt.Compare(y.alert.CreatedAt), cmp.Compare(x.alert.ID, y.alert.ID))
	})
	snaps := make([]*socialcrm.Alert, len(due))
	for i, d := range due {
		snaps[i] = snapshot(d.alert)
	}
	a.mu.Unlock()
	var errs []error
	for i, d := range due {
		if err := a.attempt(ctx, d, snaps[i], now); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// attempt notifies the receivers d has left, unless a silence mutes the
// alert or the hourly cap is reached at its first attempt, and records
// the outcome on the alert. A receiver that may take it later is tried
// again after the Retry policy's delay until RetryFor has passed since
// the first attempt; then the alert's delivery has failed.
func (a *Alerter) attempt(ctx context.Context, d *delivery, snap *socialcrm.Alert, now time.Time) error {
	al := d.alert
	if d.attempt == 0 {
		if s, ok := a.silenced(al, now); ok {
			a.m.suppressed.WithLabelValues("silence").Inc()
			a.logger.Info("notification silenced", "alert_id", al.ID, "silence_id", s.ID)
			return a.settle(ctx, d, socialcrm.DeliverySilenced)
		}
		ok, err := a.takeBudget(ctx, now)
		if !ok {
			a.m.suppressed.WithLabelValues("cap").Inc()
			a.logger.Warn("notification cap reached", "alert_id", al.ID, "max_per_hour", a.confCopy().MaxPerHour)
			return errors.Join(err, a.settle(ctx, d, socialcrm.DeliveryCapped,
				socialcrm.Delivery{Notifier: "cap", At: now, Error: "hourly notification cap reached"}))
		}
		if err != nil {
			a.logger.Warn("notification cap not saved", "err", err)
		}
		d.since = now
	}
	d.attempt++
	var ds []socialcrm.Delivery
	var errs []error
	var again []socialcrm.Notifier
	refused := false
	for _, n := range d.left {
		retry, err := n.Notify(ctx, snap)
		rec := socialcrm.Delivery{Notifier: n.Name(), At: a.conf.Now(), OK: err == nil}
		if err == nil {
			a.m.notified.WithLabelValues(n.Name(), "ok").Inc()
		} else {
			rec.Error = err.Error()
			a.m.notified.WithLabelValues(n.Name(), "error").Inc()
			errs = append(errs, fmt.Errorf("notify %s of %s (attempt %d): %w", n.Name(), al.ID, d.attempt, err))
			if retry {
				again = append(again, n)
			} else {
				refused = true
			}
		}
		ds = append(ds, rec)
	}
	wait := a.conf.Retry.Delay(d.attempt - 1)
	status := socialcrm.DeliveryDelivered
	switch {
	case len(again) > 0 && now.Add(wait).Sub(d.since) <= a.conf.RetryFor:
		status = socialcrm.DeliveryRetrying
		d.left, d.next = again, now.Add(wait)
	case len(again) > 0 || refused:
		status = socialcrm.DeliveryFailed
	}
	if status == socialcrm.DeliveryFailed {
		a.logger.Error("notification failed; giving up", "alert_id", al.ID, "attempts", d.attempt, "err", errors.Join(errs...))
	}
	return errors.Join(errors.Join(errs...), a.settle(ctx, d, status, ds...))
}

// settle records the attempt's deliveries and status on the alert and
// saves it; the delivery leaves the queue unless it is retrying.
func (a *Alerter) settle(ctx context.Context, d *delivery, status string, ds ...socialcrm.Delivery) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	al := d.alert
	if cur := a.outgoing[al.ID]; cur != d {
		return nil // queued again meanwhile: the newer notification decides
	}
	if status != socialcrm.DeliveryRetrying {
		delete(a.outgoing, al.ID)
	}
	al.Deliveries = append(al.Deliveries, ds...)
	if n := len(al.Deliveries); n > maxDeliveries {
		al.Deliveries = slices.Delete(al.Deliveries, 0, n-maxDeliveries)
	}
	al.DeliveryStatus = status
	return a.saveAlert(ctx, al)
}
