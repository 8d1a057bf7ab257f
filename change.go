package socialcrm

import "context"

// Kinds of state change that processes sharing a store tell each other of,
// so that each rereads that state at once instead of at its next period.
const (
	ChangeContacts      = "contacts"       // CRM contacts or accounts saved (API, import contacts)
	ChangeSentiment     = "sentiment"      // a brand's sentiment adapter learned a correction
	ChangeRules         = "tracking_rules" // stored tracking rules changed
	ChangeAlerts        = "alerts"         // an alert or silence was changed by hand
	ChangeAlertSettings = "alert_settings" // the alert settings were edited (PUT /api/v1/alerts/settings)
)

// ChangeFeed carries notices of state changes between the processes that
// share a store. A notice is a hint to reread: it carries no data, may be
// lost while a watcher reconnects, and may come more than once, so
// watchers also reread on a period.
type ChangeFeed interface {
	// NotifyChange tells every process watching the store, this one
	// included, that state of kind changed. Returns ErrInvalid for an
	// empty kind or one over MaxLabelBytes.
	NotifyChange(ctx context.Context, kind string) error
	// WatchChanges calls f with the kind of each notice until ctx ends,
	// then returns nil. f is called from one goroutine and must not block
	// for long. Notices sent before the watch began are not delivered.
	WatchChanges(ctx context.Context, f func(kind string)) error
}

// CheckChangeKind validates the kind of a notice (for stores).
func CheckChangeKind(kind string) error {
	if kind == "" || len(kind) > MaxLabelBytes {
		return Invalidf("change kind %q: want 1 to %d bytes", kind, MaxLabelBytes)
	}
	return nil
}
