package socialcrm

import "context"

// Notifier delivers alerts to one receiver: a webhook, a chat channel,
// email or Alertmanager.
type Notifier interface {
	// Name identifies the receiver in deliveries, logs and metrics.
	Name() string
	// Notify sends the alert in its current state (firing, acknowledged
	// or resolved). retry reports whether trying again may help; it is
	// false for errors such as a rejected payload.
	Notify(ctx context.Context, a *Alert) (retry bool, err error)
}
