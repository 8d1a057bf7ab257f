package socialcrm

import (
	"slices"
	"time"
)

// Alert reasons of SLA notices sent through the notifiers.
const (
	ReasonSLAAtRisk = "sla_at_risk"
	ReasonSLAMissed = "sla_missed"
)

// Notice states.
const (
	NoticePending   = "pending"   // recorded, not yet delivered
	NoticeDelivered = "delivered" // every notifier took it
	NoticeSilenced  = "silenced"  // a silence of the case's brand muted it
	NoticeFailed    = "failed"    // a notifier refused it, or retries ran out
)

// Recipient roles of a notice.
const (
	RecipientAssignee   = "assignee"
	RecipientSupervisor = "supervisor" // of the assignee's team: escalation
	RecipientUnassigned = "unassigned" // nobody is assigned: the team channel
)

// MaxCaseNotices bounds Case.Notices; the oldest settled ones go first.
const MaxCaseNotices = 50

// SLANotice is a notification that a target of a case is at risk or was
// missed, sent once per target, status and recipient. It is recorded on
// the case before it is sent, so that a restart does not send it again.
type SLANotice struct {
	// ID is stable: "<case id>/<target index>/<status>/<recipient>", so
	// that receivers can drop a repeat.
	ID        string     `json:"id"`
	CaseID    string     `json:"case_id"`
	Target    string     `json:"target"`
	Status    string     `json:"status"` // at_risk or missed
	DueAt     *time.Time `json:"due_at,omitempty"`
	Recipient string     `json:"recipient,omitempty"` // user id; "" for none
	Role      string     `json:"role"`
	At        time.Time  `json:"at"` // when it was recorded
	State     string     `json:"state"`
	Attempts  int        `json:"attempts"`
	Error     string     `json:"error,omitempty"`
	SentAt    *time.Time `json:"sent_at,omitempty"`
}

// MapNoticeTimes returns a deep copy of ns with every time passed through
// f.
func MapNoticeTimes(ns []SLANotice, f func(time.Time) time.Time) []SLANotice {
	if ns == nil {
		return nil
	}
	out := slices.Clone(ns)
	for i := range out {
		n := &out[i]
		n.At = f(n.At)
		if n.DueAt != nil {
			v := f(*n.DueAt)
			n.DueAt = &v
		}
		if n.SentAt != nil {
			v := f(*n.SentAt)
			n.SentAt = &v
		}
	}
	return out
}
