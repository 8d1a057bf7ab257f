package alerts

import (
	"context"

	"github.com/socialcrm/socialcrm"
)

var _ socialcrm.AlertService = (*Alerter)(nil)

// AckAlert implements socialcrm.AlertService.
func (a *Alerter) AckAlert(ctx context.Context, id, by string) (*socialcrm.Alert, error) {
	return a.Ack(ctx, id, by)
}

// ResolveAlert implements socialcrm.AlertService.
func (a *Alerter) ResolveAlert(ctx context.Context, id, by string) (*socialcrm.Alert, error) {
	return a.Resolve(ctx, id, by)
}

// CreateSilence implements socialcrm.AlertService.
func (a *Alerter) CreateSilence(ctx context.Context, s socialcrm.Silence) (socialcrm.Silence, error) {
	return a.Silence(ctx, s)
}

// FindSilences implements socialcrm.AlertService.
func (a *Alerter) FindSilences(ctx context.Context) ([]socialcrm.Silence, error) {
	return a.Silences(), nil
}
