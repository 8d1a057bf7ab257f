package alerts

import (
	"context"
	"errors"
	"fmt"

	"github.com/socialcrm/socialcrm"
)

// Sync adopts what another process (socialcrm web, another replica)
// changed by hand: an open alert of this alerter that is acknowledged or
// resolved in the store is acknowledged or resolved here too, so that its
// notifications stop and its series move on; and the silences are reread.
// cmd calls it on a change notice and on a period.
func (a *Alerter) Sync(ctx context.Context) error {
	a.mu.Lock()
	var ids []string
	for _, s := range a.series {
		if s.alert != nil && s.alert.Open() {
			ids = append(ids, s.alert.ID)
		}
	}
	for _, v := range a.vip {
		if v.alert.Open() {
			ids = append(ids, v.alert.ID)
		}
	}
	a.mu.Unlock()
	errs := []error{a.loadSilences(ctx)}
	for _, id := range ids {
		stored, err := a.store.FindAlertByID(ctx, id)
		if err != nil {
			errs = append(errs, fmt.Errorf("alerts: sync %s: %w", id, err))
			continue
		}
		switch stored.Status {
		case socialcrm.AlertAcknowledged:
			_, err = a.Ack(ctx, id, stored.AckedBy)
		case socialcrm.AlertResolved:
			_, err = a.Resolve(ctx, id, stored.AckedBy)
		}
		if err != nil && !errors.Is(err, socialcrm.ErrConflict) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
