package socialcrm

import (
	"context"
	"slices"
	"time"
)

// Case kinds: what the customer wants from the brand.
const (
	CaseQuestion  = "question"
	CaseComplaint = "complaint"
)

// Case states. An open case waits for the brand's answer and is due by
// DueAt; an answered case waits for the customer, and goes back to open
// when they write again; a resolved case is closed.
const (
	CaseOpen     = "open"
	CaseAnswered = "answered"
	CaseResolved = "resolved"
)

// CaseStatuses lists every case state.
var CaseStatuses = []string{CaseOpen, CaseAnswered, CaseResolved}

// MaxCaseMentions bounds Case.Mentions: the opening mention and the
// newest follow-ups are kept; MentionCount counts them all.
const MaxCaseMentions = 50

// Case is a question or complaint addressed to a brand on one channel that
// must be answered within the channel's service-level time.
type Case struct {
	ID string `json:"id"`
	// Key names the brand, channel and party of the case (see CaseKey):
	// at most one case per key is active (open or answered) at a time.
	Key       string `json:"key"`
	Brand     string `json:"brand"`
	Channel   string `json:"channel"` // source network of its mentions
	ContactID string `json:"contact_id,omitempty"`
	AccountID string `json:"account_id,omitempty"`
	Author    string `json:"author"` // author key of the opening mention, see NodeKey
	Kind      string `json:"kind"`
	Status    string `json:"status"`
	// Priority is one of Priorities; "" reads as normal. It is scored
	// at opening (PriorityReasons say why) unless PrioritySetBy (a user
	// ID) set it by hand.
	Priority        string   `json:"priority,omitempty"`
	PriorityReasons []string `json:"priority_reasons,omitempty"`
	PrioritySetBy   string   `json:"priority_set_by,omitempty"`
	// Policy is the ID of the SLA policy that set Targets.
	Policy string `json:"policy,omitempty"`
	// Targets are the case's service-level targets, at most
	// MaxCaseTargets, the first-response one first.
	Targets []SLATarget `json:"targets,omitempty"`
	// Notices are the SLA notifications of the case, at most
	// MaxCaseNotices.
	Notices []SLANotice `json:"notices,omitempty"`
	Subject string      `json:"subject,omitempty"` // the opening mention's text, shortened
	// LastSubject is the newest customer mention's text, shortened, once
	// a follow-up came.
	LastSubject string `json:"last_subject,omitempty"`
	// Kind is the strongest kind of its mentions (a complaint outranks a
	// question); OpenedKind is the opening mention's, when it differs.
	OpenedKind string `json:"opened_kind,omitempty"`
	// Mentions are the IDs of the customer's mentions, the opening one
	// first; at most MaxCaseMentions are kept.
	Mentions        []string   `json:"mentions"`
	MentionCount    int        `json:"mention_count"`
	OpenedAt        time.Time  `json:"opened_at"`
	LastMentionAt   time.Time  `json:"last_mention_at"`
	DueAt           time.Time  `json:"due_at"` // when the brand's answer is due
	FirstResponseAt *time.Time `json:"first_response_at,omitempty"`
	LastResponseAt  *time.Time `json:"last_response_at,omitempty"`
	ResolvedAt      *time.Time `json:"resolved_at,omitempty"`
	Assignee        string     `json:"assignee,omitempty"`
	// RespondedBy is who recorded the last answer (a user ID).
	RespondedBy string `json:"responded_by,omitempty"`
	// Breached is set once the case has been open past DueAt.
	Breached  bool      `json:"breached"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// CaseKey is the key of the case of a party (a contact ID, or an author key
// when the author is no contact) about a brand on a channel.
func CaseKey(brand, channel, party string) string { return brand + "|" + channel + "|" + party }

// Active reports whether the case is open or answered.
func (c *Case) Active() bool { return c.Status == CaseOpen || c.Status == CaseAnswered }

// Overdue reports whether the case is open past its due time at now.
func (c *Case) Overdue(now time.Time) bool { return c.Status == CaseOpen && now.After(c.DueAt) }

// Validate checks a case before it is stored.
func (c *Case) Validate() error {
	switch {
	case c == nil:
		return Invalidf("case: nil")
	case c.ID == "" || c.Key == "" || c.Brand == "" || c.Channel == "":
		return Invalidf("case %q: id, key, brand and channel are required", c.ID)
	case c.Kind != CaseQuestion && c.Kind != CaseComplaint:
		return Invalidf("case %q: unknown kind %q", c.ID, c.Kind)
	case c.OpenedKind != "" && c.OpenedKind != CaseQuestion && c.OpenedKind != CaseComplaint:
		return Invalidf("case %q: unknown opened_kind %q", c.ID, c.OpenedKind)
	case !slices.Contains(CaseStatuses, c.Status):
		return Invalidf("case %q: unknown status %q", c.ID, c.Status)
	case c.OpenedAt.IsZero() || c.DueAt.IsZero():
		return Invalidf("case %q: opened_at and due_at are required", c.ID)
	case c.Priority != "" && !slices.Contains(Priorities, c.Priority):
		return Invalidf("case %q: priority %q: want urgent, high, normal or low", c.ID, c.Priority)
	case len(c.Policy) > MaxLabelBytes:
		return Invalidf("case %q: policy: want at most %d bytes", c.ID, MaxLabelBytes)
	case len(c.PriorityReasons) > 8:
		return Invalidf("case %q: priority_reasons: want at most 8", c.ID)
	case len(c.Notices) > MaxCaseNotices:
		return Invalidf("case %q: notices: want at most %d", c.ID, MaxCaseNotices)
	}
	return validateTargets(c.ID, c.Targets)
}

// CleanCase returns a copy of c with its text cleaned (see CleanText).
func CleanCase(c *Case) *Case {
	d := *c
	for _, p := range []*string{&d.ID, &d.Key, &d.Brand, &d.Channel, &d.ContactID, &d.AccountID,
		&d.Author, &d.Kind, &d.Status, &d.Subject, &d.LastSubject, &d.OpenedKind, &d.Assignee, &d.Policy, &d.Priority, &d.PrioritySetBy} {
		*p = CleanText(*p)
	}
	d.Mentions = cleanAll(c.Mentions)
	return &d
}

// CaseFilter selects cases. Nil fields do not filter.
type CaseFilter struct {
	Status    *string
	Active    bool // only open and answered cases
	Key       *string
	ContactID *string
	AccountID *string
	Brand     *string
	Channel   *string
	MentionID *string    // cases that hold this mention
	DueBefore *time.Time // open cases due before this time: overdue then
	Breached  *bool
	// Assignee selects the cases of one assignee; "" the unassigned ones.
	Assignee *string
	// OpenedSince and OpenedBefore select the cases opened in
	// [OpenedSince, OpenedBefore).
	OpenedSince  *time.Time
	OpenedBefore *time.Time
	Offset       int
	Limit        int // 0 means the store's default (50); -1 means all
}

// CaseStore keeps cases.
type CaseStore interface {
	// SaveCase upserts a case by ID. Returns ErrInvalid when the case does
	// not pass Validate, and ErrConflict when another active case has the
	// same Key.
	SaveCase(ctx context.Context, c *Case) error
	// FindCaseByID returns ErrNotFound if no case has that ID.
	FindCaseByID(ctx context.Context, id string) (*Case, error)
	// FindCases returns the matching cases, soonest due first, and the
	// total number that match regardless of Offset and Limit. Returns
	// ErrInvalid for an unknown status or a negative offset or limit
	// (other than -1).
	FindCases(ctx context.Context, f CaseFilter) ([]*Case, int, error)
	// DeleteContactCases removes, for good (GDPR erasure), the cases of
	// the contact id and the cases opened by any of the author keys, and
	// returns how many it removed. An empty id matches no case by
	// contact; nothing to remove is not an error.
	DeleteContactCases(ctx context.Context, id string, authors []string) (int, error)
}

// CaseService changes cases (crm.Cases). Reading cases goes through
// CaseStore. The by argument names who acts.
type CaseService interface {
	// AssignCase gives the case to assignee ("" unassigns). Returns
	// ErrNotFound for an unknown id and ErrConflict when it is resolved.
	AssignCase(ctx context.Context, id, assignee string) (*Case, error)
	// RespondCase records that the brand answered: the first response
	// time is kept, the case is answered and no longer due. Returns
	// ErrNotFound for an unknown id and ErrConflict when it is resolved.
	RespondCase(ctx context.Context, id, by string) (*Case, error)
	// ResolveCase closes the case; resolving it again changes nothing.
	// Returns ErrNotFound for an unknown id.
	ResolveCase(ctx context.Context, id, by string) (*Case, error)
	// SetCasePriority sets the case's priority by hand. Returns
	// ErrInvalid for an unknown priority, ErrNotFound for an unknown id
	// and ErrConflict when it is resolved.
	SetCasePriority(ctx context.Context, id, priority, by string) (*Case, error)
	// ReopenCase opens a resolved case again, due after the channel's
	// service-level time from now. Returns ErrNotFound for an unknown id
	// and ErrConflict when it is not resolved or another case of its key
	// is active.
	ReopenCase(ctx context.Context, id, by string) (*Case, error)
}
