package socialcrm

import "context"

// StateStore keeps small named blobs that components need across restarts:
// collector cursors, graph snapshots, tracking rules, adapter weights.
type StateStore interface {
	// GetState returns ErrNotFound if nothing is stored under key.
	GetState(ctx context.Context, key string) ([]byte, error)
	// PutState stores value under key, replacing what was there.
	PutState(ctx context.Context, key string, value []byte) error
}

// Store is everything the service persists.
type Store interface {
	MentionStore
	ContactStore
	AlertStore
	CaseStore
	StateStore
	NonceStore
	GraphStore
	UserStore
	SessionStore
	TokenStore
	Leader
	ChangeFeed
	ErasedStore
	AuditStore
	TeamStore
	ActivityStore
	ContactMergeStore
	LeadStore
	ConsentStore
	LeadConsentStore
	BreakdownStore
	AccountSummaryStore
	OpportunityStore
	SegmentStore
	SalesReportStore
	RetentionStore
	// Ping returns an error when the store cannot be reached.
	Ping(ctx context.Context) error
	// Close releases the store's resources.
	Close() error
}
