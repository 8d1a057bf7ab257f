package socialcrm

import (
	"context"
	"fmt"
	"math"
	"slices"
	"time"
)

// Segment fields: what a condition looks at. The windowed ones count the
// contact's live linked mentions created in the last Days days.
const (
	SegAccountValue    = "account_value"     // the account's value; no account matches nothing
	SegTier            = "tier"              // the account's tier
	SegTag             = "tag"               // one of the contact's tags
	SegChannel         = "channel"           // a network the contact has an identity on
	SegLifecycle       = "lifecycle"         // the contact's lifecycle stage
	SegOwner           = "owner"             // the contact's owner (a user ID)
	SegMentionCount    = "mention_count"     // windowed: linked mentions
	SegSentimentAvg    = "sentiment_avg"     // windowed: mean score of the scored ones; none matches nothing
	SegNegativeShare   = "negative_share"    // windowed: share of negatives among the scored; none matches nothing
	SegLastMentionDays = "last_mention_days" // days since the latest linked mention; none is never
	SegFollowers       = "followers"         // the most followers an identity of theirs had on a mention (influence)
	SegOpenCases       = "open_cases"        // open or answered cases of the contact
)

// Segment comparison operators.
const (
	OpGTE = "gte"
	OpLTE = "lte"
	OpEq  = "eq"
)

// segmentFields maps each field to its operators and whether it takes
// a number and a window.
var segmentFields = map[string]struct {
	ops      []string
	number   bool
	windowed bool
}{
	SegAccountValue:    {[]string{OpGTE, OpLTE}, true, false},
	SegTier:            {[]string{OpEq}, false, false},
	SegTag:             {[]string{OpEq}, false, false},
	SegChannel:         {[]string{OpEq}, false, false},
	SegLifecycle:       {[]string{OpEq}, false, false},
	SegOwner:           {[]string{OpEq}, false, false},
	SegMentionCount:    {[]string{OpGTE, OpLTE}, true, true},
	SegSentimentAvg:    {[]string{OpGTE, OpLTE}, true, true},
	SegNegativeShare:   {[]string{OpGTE, OpLTE}, true, true},
	SegLastMentionDays: {[]string{OpGTE, OpLTE}, true, false},
	SegFollowers:       {[]string{OpGTE, OpLTE}, true, false},
	SegOpenCases:       {[]string{OpGTE, OpLTE}, true, false},
}

// SegmentFields lists the fields a condition may look at, sorted.
func SegmentFields() []string {
	out := make([]string, 0, len(segmentFields))
	for f := range segmentFields {
		out = append(out, f)
	}
	slices.Sort(out)
	return out
}

// Limits on a segment's rules.
const (
	MaxSegmentConditions = 32  // in all groups together
	MaxSegmentDepth      = 3   // groups within groups
	MaxSegmentDays       = 366 // window of a windowed condition
	MaxSegmentBoost      = 100
)

// SegmentCondition is one test of a contact: Field Op Value (Number for
// the numeric fields, Text for the others), over the last Days days for
// the windowed fields.
type SegmentCondition struct {
	Field  string  `json:"field"`
	Op     string  `json:"op"`
	Number float64 `json:"number,omitempty"`
	Text   string  `json:"text,omitempty"`
	Days   int     `json:"days,omitempty"`
}

// SegmentRules match a contact when all (Match "all") or any (Match
// "any") of the conditions and groups do. Rules without conditions or
// groups match every contact when "all", none when "any".
type SegmentRules struct {
	Match      string             `json:"match"`
	Conditions []SegmentCondition `json:"conditions,omitempty"`
	Groups     []SegmentRules     `json:"groups,omitempty"`
}

// Segment is a saved set of rules over CRM and social fields. Its members
// are the contacts the rules match, evaluated by the store when asked,
// less the contacts who are not profiled (see Consent). Boost raises the
// priority of its members' cases in the queue (0 to MaxSegmentBoost).
type Segment struct {
	ID        string       `json:"id"`
	Name      string       `json:"name"`
	Rules     SegmentRules `json:"rules"`
	Boost     int          `json:"priority_boost"`
	CreatedAt time.Time    `json:"created_at"`
	UpdatedAt time.Time    `json:"updated_at"`
}

// Validate returns ErrInvalid, naming the field, for a segment that
// cannot be stored.
func (s *Segment) Validate() error {
	switch {
	case s.ID == "" || len(s.ID) > MaxIDBytes || !validID(s.ID):
		return Invalidf("segment: id %q: want 1 to %d letters, digits, '-', '_' or '.'", s.ID, MaxIDBytes)
	case s.Name == "" || len(s.Name) > MaxNameBytes:
		return Invalidf("segment %q: name: want 1 to %d bytes", s.ID, MaxNameBytes)
	case s.Boost < 0 || s.Boost > MaxSegmentBoost:
		return Invalidf("segment %q: priority_boost %d: want 0 to %d", s.ID, s.Boost, MaxSegmentBoost)
	}
	n := 0
	if err := s.Rules.validate("rules", 1, &n); err != nil {
		return fmt.Errorf("segment %q: %w", s.ID, err)
	}
	return nil
}

func validID(id string) bool {
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.') {
			return false
		}
	}
	return id != "." && id != ".."
}

func (r *SegmentRules) validate(at string, depth int, n *int) error {
	if r.Match != "all" && r.Match != "any" {
		return Invalidf("%s.match %q: want all or any", at, r.Match)
	}
	if depth > MaxSegmentDepth {
		return Invalidf("%s: groups nest deeper than %d", at, MaxSegmentDepth)
	}
	for i, c := range r.Conditions {
		if *n++; *n > MaxSegmentConditions {
			return Invalidf("%s: more than %d conditions", at, MaxSegmentConditions)
		}
		if err := c.validate(fmt.Sprintf("%s.conditions[%d]", at, i)); err != nil {
			return err
		}
	}
	for i := range r.Groups {
		if err := r.Groups[i].validate(fmt.Sprintf("%s.groups[%d]", at, i), depth+1, n); err != nil {
			return err
		}
	}
	return nil
}

func (c SegmentCondition) validate(at string) error {
	f, ok := segmentFields[c.Field]
	switch {
	case !ok:
		return Invalidf("%s.field %q: want one of %v", at, c.Field, SegmentFields())
	case !slices.Contains(f.ops, c.Op):
		return Invalidf("%s.op %q: %s takes %v", at, c.Op, c.Field, f.ops)
	case f.number && (math.IsNaN(c.Number) || math.IsInf(c.Number, 0)):
		return Invalidf("%s.number: want a finite number", at)
	case f.number && c.Text != "":
		return Invalidf("%s.text: %s compares a number", at, c.Field)
	case !f.number && (c.Text == "" || len(c.Text) > MaxLabelBytes):
		return Invalidf("%s.text: %s wants 1 to %d bytes", at, c.Field, MaxLabelBytes)
	case !f.number && c.Number != 0:
		return Invalidf("%s.number: %s compares text", at, c.Field)
	case c.Field == SegTier && !slices.Contains([]string{TierPlatinum, TierGold, TierSilver, TierBronze}, c.Text):
		return Invalidf("%s.text %q: want a tier", at, c.Text)
	case c.Field == SegLifecycle && !slices.Contains(LifecycleStages, c.Text):
		return Invalidf("%s.text %q: want one of %v", at, c.Text, LifecycleStages)
	case f.windowed && (c.Days < 1 || c.Days > MaxSegmentDays):
		return Invalidf("%s.days %d: %s wants 1 to %d", at, c.Days, c.Field, MaxSegmentDays)
	case !f.windowed && c.Days != 0:
		return Invalidf("%s.days: %s has no window", at, c.Field)
	}
	return nil
}

// SegmentMemberFilter pages a segment's members; Now is the end of the
// windows (zero: the time of the call).
type SegmentMemberFilter struct {
	Now time.Time
	// ContactID, when set, evaluates the rules for that contact alone.
	ContactID string
	Offset    int
	Limit     int // 0 means 50; -1 means all
}

// SegmentLookup tells the segments a contact is a member of (crm.Segments):
// the case queue raises the priority of their cases by the highest Boost.
type SegmentLookup interface {
	// SegmentsOf returns the segments whose rules match the contact now,
	// by name; none for a contact not profiled or not found.
	SegmentsOf(ctx context.Context, contactID string) ([]*Segment, error)
}

// SegmentStore keeps segments and evaluates their rules.
type SegmentStore interface {
	// CreateSegment stores a new segment. Returns ErrInvalid if it fails
	// Validate and ErrConflict if its ID is taken.
	CreateSegment(ctx context.Context, s *Segment) error
	// UpdateSegment replaces a stored segment (CreatedAt is kept).
	// Returns ErrInvalid or ErrNotFound.
	UpdateSegment(ctx context.Context, s *Segment) error
	// FindSegmentByID returns ErrNotFound if no segment has that ID.
	FindSegmentByID(ctx context.Context, id string) (*Segment, error)
	// FindSegments returns every segment ordered by name then ID.
	FindSegments(ctx context.Context) ([]*Segment, error)
	// DeleteSegment returns ErrNotFound if no segment has that ID.
	DeleteSegment(ctx context.Context, id string) error
	// FindSegmentMembers returns the profiled contacts that rules match,
	// ordered by name then ID, and their total. Rules failing validation
	// or a negative Offset are ErrInvalid.
	FindSegmentMembers(ctx context.Context, rules SegmentRules, f SegmentMemberFilter) ([]*Contact, int, error)
}

// Validate checks rules alone.
func (r *SegmentRules) Validate() error {
	n := 0
	return r.validate("rules", 1, &n)
}

// Since is the start of a windowed condition's window ending at now.
func (c SegmentCondition) Since(now time.Time) time.Time {
	return now.Add(-time.Duration(c.Days) * 24 * time.Hour).Truncate(time.Microsecond)
}

// DaysAgo is now less Number days, the bound of last_mention_days.
func (c SegmentCondition) DaysAgo(now time.Time) time.Time {
	return now.Add(-time.Duration(c.Number * float64(24*time.Hour))).Truncate(time.Microsecond)
}
