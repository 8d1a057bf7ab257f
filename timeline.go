package socialcrm

import (
	"cmp"
	"context"
	"encoding/base64"
	"strings"
	"time"
)

// Timeline item kinds: what happened on a record.
const (
	TimelineMention      = "mention"       // the contact posted on a social network
	TimelineCaseOpened   = "case_opened"   // a case of the record was opened
	TimelineCaseResolved = "case_resolved" // and resolved
	TimelineActivity     = "activity"      // a note, task, call… (see Activity)
	TimelineChange       = "change"        // a change through the service, from the audit trail
	TimelineConversion   = "conversion"    // a lead became the contact (see Lead)
	TimelineStageChange  = "stage_change"  // an opportunity moved (see StageChange)
)

// TimelineItem is one event on a record's timeline, with the record it
// comes from in the field named for its kind.
type TimelineItem struct {
	At       time.Time     `json:"at"`
	Kind     string        `json:"kind"`
	ID       string        `json:"id"`
	Title    string        `json:"title"`
	Mention  *Mention      `json:"mention,omitempty"`
	Case     *Case         `json:"case,omitempty"`
	Activity *Activity     `json:"activity,omitempty"`
	Change   *RecordChange `json:"change,omitempty"`
	Lead     *Lead         `json:"lead,omitempty"`
	// Opportunity and Stage are the opportunity of a stage change and the
	// change.
	Opportunity *Opportunity `json:"opportunity,omitempty"`
	Stage       *StageChange `json:"stage,omitempty"`
}

// RecordChange is what a timeline shows of an audit entry: who did what,
// without the request's details.
type RecordChange struct {
	Actor  string `json:"actor"`
	Action string `json:"action"`
	Status int    `json:"status,omitempty"`
}

// CompareTimeline orders timeline items newest first: by At, then Kind,
// then ID, all descending.
func CompareTimeline(a, b TimelineItem) int {
	return cmp.Or(b.At.Compare(a.At), cmp.Compare(b.Kind, a.Kind), cmp.Compare(b.ID, a.ID))
}

// TimelineCursor marks where a page of a timeline ended: the next page
// holds the items that come after it in timeline order.
type TimelineCursor struct {
	At   time.Time
	Kind string
	ID   string
}

// CursorOf returns the cursor just past item.
func CursorOf(item TimelineItem) TimelineCursor {
	return TimelineCursor{At: item.At, Kind: item.Kind, ID: item.ID}
}

// After reports whether item comes after c in timeline order.
func (c TimelineCursor) After(item TimelineItem) bool {
	return CompareTimeline(TimelineItem{At: c.At, Kind: c.Kind, ID: c.ID}, item) < 0
}

// String encodes c for a URL.
func (c TimelineCursor) String() string {
	raw := c.At.UTC().Format(time.RFC3339Nano) + "\n" + c.Kind + "\n" + c.ID
	return base64.RawURLEncoding.EncodeToString([]byte(raw))
}

// ParseTimelineCursor decodes a cursor made by String; anything else is
// ErrInvalid.
func ParseTimelineCursor(s string) (TimelineCursor, error) {
	raw, err := base64.RawURLEncoding.DecodeString(s)
	parts := strings.SplitN(string(raw), "\n", 3)
	if err != nil || len(parts) != 3 {
		return TimelineCursor{}, Invalidf("cursor %q is not one a timeline page gave", s)
	}
	at, err := time.Parse(time.RFC3339Nano, parts[0])
	if err != nil {
		return TimelineCursor{}, Invalidf("cursor %q is not one a timeline page gave", s)
	}
	return TimelineCursor{At: at, Kind: parts[1], ID: parts[2]}, nil
}

// RecordPath is the first segment of the API path of a record kind, as in
// audit targets ("contacts/c-1"): contacts, accounts, leads, opportunities,
// cases.
func RecordPath(kind string) string {
	if kind == RecordOpportunity {
		return "opportunities"
	}
	return kind + "s"
}

// TimelineService pages through the timeline of a record.
type TimelineService interface {
	// Timeline returns up to limit items of the record of kind and id
	// that come after cursor (from the newest when nil), newest first,
	// and the cursor of the next page, nil on the last. A limit out of
	// range is ErrInvalid.
	Timeline(ctx context.Context, kind, id string, cursor *TimelineCursor, limit int) ([]TimelineItem, *TimelineCursor, error)
}
