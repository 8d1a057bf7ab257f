package alerts

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/socialcrm/socialcrm"
)

// budgetKey is the state store key of the notification times within the
// last hour, which the hourly cap counts.
const budgetKey = "alerts/notified"

// takeBudget counts a notification against the hourly cap and saves the
// count, so that a restart keeps it; false when the cap is reached. A
// failed save is returned but does not refuse the notification.
func (a *Alerter) takeBudget(ctx context.Context, now time.Time) (bool, error) {
	a.mu.Lock()
	cut := now.Add(-time.Hour)
	i := 0
	for i < len(a.sent) && a.sent[i].Before(cut) {
		i++
	}
	a.sent = a.sent[i:]
	if len(a.sent) >= a.conf.MaxPerHour {
		a.mu.Unlock()
		return false, nil
	}
	a.sent = append(a.sent, now)
	b, err := json.Marshal(a.sent)
	a.mu.Unlock()
	if err == nil {
		err = a.store.PutState(ctx, budgetKey, b)
	}
	if err != nil {
		return true, fmt.Errorf("alerts: save notification count: %w", err)
	}
	return true, nil
}

// restoreBudget reads the notification times saved by takeBudget.
func (a *Alerter) restoreBudget(ctx context.Context) error {
	b, err := a.store.GetState(ctx, budgetKey)
	if errors.Is(err, socialcrm.ErrNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("alerts: restore notification count: %w", err)
	}
	var sent []time.Time
	if err := json.Unmarshal(b, &sent); err != nil {
		return fmt.Errorf("alerts: restore notification count: %w", err)
	}
	a.mu.Lock()
	a.sent = sent
	a.mu.Unlock()
	return nil
}
