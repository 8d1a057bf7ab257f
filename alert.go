package socialcrm

import (
	"context"
	"time"
)

// Alert states.
const (
	AlertFiring       = "firing"
	AlertAcknowledged = "acknowledged"
	AlertResolved     = "resolved"
)

// Alert severities, from least to most urgent.
const (
	SeverityInfo     = "info"
	SeverityWarning  = "warning"
	SeverityCritical = "critical"
)

// Alert is a crisis alert: negative talk about a brand (and topic) that is
// well above what is expected, or a negative mention by a VIP contact.
type Alert struct {
	V           int        `json:"v"`
	ID          string     `json:"id"`
	Fingerprint string     `json:"fingerprint"` // brand + topic: one open alert each
	Brand       string     `json:"brand"`
	Topic       string     `json:"topic,omitempty"`
	Reason      string     `json:"reason"` // "spike" or "vip"
	Start       time.Time  `json:"start"`
	End         time.Time  `json:"end"`
	Window      string     `json:"window"` // window width, e.g. "5m0s"
	Observed    float64    `json:"observed"`
	Expected    float64    `json:"expected"`
	NegShare    float64    `json:"negative_share"`
	Reach       float64    `json:"reach,omitempty"`
	Severity    string     `json:"severity"`
	Status      string     `json:"status"`
	Mentions    []string   `json:"mentions,omitempty"` // a sample of mention IDs
	Authors     []string   `json:"authors,omitempty"`  // most influential first
	Themes      []string   `json:"themes,omitempty"`
	Contacts    []string   `json:"contacts,omitempty"` // most valuable first
	Deliveries  []Delivery `json:"deliveries,omitempty"`
	// DeliveryStatus says where its notification stands: DeliveryPending,
	// DeliveryRetrying, DeliveryDelivered, DeliveryFailed, DeliverySilenced
	// or DeliveryCapped; empty when there is nothing to notify.
	DeliveryStatus string    `json:"delivery_status,omitempty"`
	AckedBy        string    `json:"acked_by,omitempty"`
	CreatedAt      time.Time `json:"created_at"`
	UpdatedAt      time.Time `json:"updated_at"`

	// MentionsLink is the API path listing the negative mentions of the
	// alert's brand, and topic or rule, over its span.
	MentionsLink string `json:"mentions_link,omitempty"`

	// BrandObserved and BrandExpected are the whole brand's negative
	// mentions in the window of Observed and its expected count, for an
	// alert on one topic or rule: the topic's burst in its brand's scale.
	BrandObserved float64 `json:"brand_observed,omitempty"`
	BrandExpected float64 `json:"brand_expected,omitempty"`
	// SLA is set on the notices of a case's target at risk or missed
	// (ReasonSLAAtRisk, ReasonSLAMissed), which are sent and not stored.
	SLA *SLANotice `json:"sla,omitempty"`
	// Task is set on the reminders of tasks that fell due
	// (ReasonTaskDue), which are sent and not stored.
	Task *TaskNotice `json:"task,omitempty"`
}

// Delivery records one attempt to notify a receiver of an alert.
type Delivery struct {
	Notifier string    `json:"notifier"`
	At       time.Time `json:"at"`
	OK       bool      `json:"ok"`
	Error    string    `json:"error,omitempty"`
}

// Notification states of an alert (Alert.DeliveryStatus).
const (
	DeliveryPending   = "pending"   // waiting for its first attempt
	DeliveryRetrying  = "retrying"  // an attempt failed; more will follow
	DeliveryDelivered = "delivered" // every receiver took it
	DeliveryFailed    = "failed"    // a receiver refused it for good, or retries ran out
	DeliverySilenced  = "silenced"  // a silence muted it
	DeliveryCapped    = "capped"    // the hourly notification cap held it back
)

// AlertFilter selects alerts. Nil fields do not filter.
type AlertFilter struct {
	Brand  *string
	Status *string
	Open   bool // only firing and acknowledged alerts
	// Fingerprint selects the alerts of one fingerprint.
	Fingerprint *string
	Since       *time.Time
	Offset      int
	Limit       int // 0 means the store's default (50); -1 means all
}

// Open reports whether the alert is firing or acknowledged.
func (a *Alert) Open() bool { return a.Status == AlertFiring || a.Status == AlertAcknowledged }

// AlertStore keeps alerts.
type AlertStore interface {
	// SaveAlert upserts an alert by ID. Returns ErrConflict when the
	// alert is open and another open alert has the same non-empty
	// Fingerprint: a fingerprint has at most one open alert.
	SaveAlert(ctx context.Context, a *Alert) error
	// FindAlertByID returns ErrNotFound if no alert has that ID.
	FindAlertByID(ctx context.Context, id string) (*Alert, error)
	// FindAlerts returns matching alerts, newest first, and the total.
	FindAlerts(ctx context.Context, f AlertFilter) ([]*Alert, int, error)
	// UnlinkAlerts removes the contact id from the Contacts of every
	// alert, the author keys from their Authors and the mention IDs from
	// their Mentions (GDPR erasure), and returns how many alerts changed.
	// Their UpdatedAt is kept. Nothing to remove is not an error.
	UnlinkAlerts(ctx context.Context, id string, authors, mentions []string) (int, error)
}

// Alert reasons.
const (
	ReasonSpike = "spike"
	ReasonVIP   = "vip"
)

// Silence mutes notifications of matching alerts between Start and End.
// Empty Brand or Topic match any. Alerts are still raised and stored.
type Silence struct {
	ID        string    `json:"id"`
	Brand     string    `json:"brand,omitempty"`
	Topic     string    `json:"topic,omitempty"`
	Start     time.Time `json:"start"`
	End       time.Time `json:"end"`
	Comment   string    `json:"comment,omitempty"`
	CreatedBy string    `json:"created_by,omitempty"`
}

// Matches reports whether the silence mutes a at time t.
func (s Silence) Matches(a *Alert, t time.Time) bool {
	return !t.Before(s.Start) && t.Before(s.End) &&
		(s.Brand == "" || s.Brand == a.Brand) && (s.Topic == "" || s.Topic == a.Topic)
}

// Validate checks a silence before it is stored.
func (s Silence) Validate() error {
	if s.End.IsZero() || !s.End.After(s.Start) {
		return Invalidf("silence: end must be after start")
	}
	return nil
}

// AlertService changes alerts and silences (the alerter). Reading alerts
// goes through AlertStore.
type AlertService interface {
	// AckAlert acknowledges a firing alert. Returns ErrNotFound for an
	// unknown id and ErrConflict when the alert is resolved.
	AckAlert(ctx context.Context, id, by string) (*Alert, error)
	// ResolveAlert resolves an alert by hand; resolving it again changes
	// nothing. Returns ErrNotFound for an unknown id.
	ResolveAlert(ctx context.Context, id, by string) (*Alert, error)
	// CreateSilence stores a silence and returns it with its ID. Returns
	// ErrInvalid when it does not end after it starts.
	CreateSilence(ctx context.Context, s Silence) (Silence, error)
	// FindSilences returns the silences that have not ended.
	FindSilences(ctx context.Context) ([]Silence, error)
	// DeleteSilence returns ErrNotFound for an unknown id.
	DeleteSilence(ctx context.Context, id string) error
}
