package socialcrm

import (
	"context"
	"encoding/json"
	"time"
)

// AuditEntry records one change made through the service, or one export
// of personal data: who (Actor: a user ID or "token:" and a token ID),
// when, what (Action, e.g. "POST /cases/{id}/assign") to what (Target,
// e.g. "cases/case-1"), with a small After (the non-personal part of what
// was asked), the request ID and the caller's address. Entries are never
// changed or removed.
type AuditEntry struct {
	ID         string          `json:"id"`
	At         time.Time       `json:"at"`
	Actor      string          `json:"actor"`
	Action     string          `json:"action"`
	Target     string          `json:"target,omitempty"`
	Before     json.RawMessage `json:"before,omitempty"`
	After      json.RawMessage `json:"after,omitempty"`
	Status     int             `json:"status,omitempty"`
	RequestID  string          `json:"request_id,omitempty"`
	RemoteAddr string          `json:"remote_addr,omitempty"`
}

// AuditFilter selects audit entries; empty fields match any. Since and
// Until select Since <= At < Until. Limit 0 means 100.
type AuditFilter struct {
	Actor  string
	Action string
	Target string
	Since  time.Time
	Until  time.Time
	Limit  int
}

// AuditStore keeps the audit trail, append-only.
type AuditStore interface {
	// AppendAudit adds an entry. Returns ErrInvalid without an ID, an
	// actor, an action or a time, or with Before or After not valid JSON,
	// and ErrConflict when the ID is taken.
	AppendAudit(ctx context.Context, e *AuditEntry) error
	// FindAudit returns the matching entries, newest first (At, then ID,
	// descending). A negative Limit is ErrInvalid.
	FindAudit(ctx context.Context, f AuditFilter) ([]*AuditEntry, error)
}

// Validate returns ErrInvalid for an entry that cannot be stored.
func (e *AuditEntry) Validate() error {
	if e.ID == "" || e.Actor == "" || e.Action == "" || e.At.IsZero() {
		return Invalidf("audit entry %q: want an id, an actor, an action and a time", e.ID)
	}
	for _, raw := range []json.RawMessage{e.Before, e.After} {
		if len(raw) > 0 && !json.Valid(raw) {
			return Invalidf("audit entry %q: before or after is not valid JSON", e.ID)
		}
	}
	return nil
}

// Matches reports whether the entry passes f (Limit aside).
func (f AuditFilter) Matches(e *AuditEntry) bool {
	return (f.Actor == "" || e.Actor == f.Actor) && (f.Action == "" || e.Action == f.Action) &&
		(f.Target == "" || e.Target == f.Target) && (f.Since.IsZero() || !e.At.Before(f.Since)) &&
		(f.Until.IsZero() || e.At.Before(f.Until))
}
