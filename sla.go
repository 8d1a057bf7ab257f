package socialcrm

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Service-level targets of a case.
const (
	// TargetFirstResponse: the brand's first answer after the case opened.
	TargetFirstResponse = "first_response"
	// TargetNextResponse: the brand's answer after each customer message
	// that follows an answer.
	TargetNextResponse = "next_response"
	// TargetResolution: the case resolved, not counting the time it waits
	// for the customer (answered).
	TargetResolution = "resolution"
)

// Statuses of a target. Hit and missed are final: a missed target stays
// missed after the case is answered or resolved.
const (
	TargetActive = "active"
	TargetAtRisk = "at_risk" // less than the policy's at-risk share of its time is left
	TargetHit    = "hit"
	TargetMissed = "missed"
)

// Case priorities, from most to least urgent.
const (
	PriorityUrgent = "urgent"
	PriorityHigh   = "high"
	PriorityNormal = "normal"
	PriorityLow    = "low"
)

// Priorities lists every priority, most urgent first.
var Priorities = []string{PriorityUrgent, PriorityHigh, PriorityNormal, PriorityLow}

// MaxCaseTargets bounds Case.Targets: the first-response and resolution
// targets and the newest next-response targets are kept.
const MaxCaseTargets = 20

// Pause is a span during which a target's clock stops; a nil To is open.
type Pause struct {
	From time.Time  `json:"from"`
	To   *time.Time `json:"to,omitempty"`
}

// SLATarget is one service-level target of a case: the working time
// (over its policy's calendar, not counting pauses) the brand has from
// StartAt on.
type SLATarget struct {
	Name    string    `json:"name"`
	Seconds int64     `json:"seconds"` // working time allowed
	StartAt time.Time `json:"start_at"`
	// DueAt is when the target falls due; nil while its clock is paused.
	DueAt  *time.Time `json:"due_at,omitempty"`
	Status string     `json:"status"`
	MetAt  *time.Time `json:"met_at,omitempty"`
	Pauses []Pause    `json:"pauses,omitempty"`
	// Notified lists the statuses (at_risk, missed) already notified, so
	// that a restart does not notify them again.
	Notified []string `json:"notified,omitempty"`
}

// Allowed is the working time the target allows.
func (t *SLATarget) Allowed() time.Duration { return time.Duration(t.Seconds) * time.Second }

// Open reports whether the target is neither hit nor missed.
func (t *SLATarget) Open() bool { return t.Status == TargetActive || t.Status == TargetAtRisk }

// Paused reports whether the target's clock is stopped.
func (t *SLATarget) Paused() bool {
	return len(t.Pauses) > 0 && t.Pauses[len(t.Pauses)-1].To == nil
}

// Duration is a time.Duration written as text: "90m", "4h", "2d".
type Duration time.Duration

// ParseDuration reads a duration such as 30m, 4h or 2d (whole days).
func ParseDuration(s string) (Duration, error) {
	s = strings.TrimSpace(s)
	if n, ok := strings.CutSuffix(s, "d"); ok {
		days, err := strconv.Atoi(n)
		if err != nil || days < 0 {
			return 0, Invalidf("duration %q: want a whole number of days such as 2d", s)
		}
		return Duration(time.Duration(days) * 24 * time.Hour), nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, Invalidf("duration %q: want a duration such as 30m, 4h or 2d", s)
	}
	return Duration(d), nil
}

// String writes whole days as "2d", other durations as Go does ("1h30m").
func (d Duration) String() string {
	td := time.Duration(d)
	switch {
	case td > 0 && td%(24*time.Hour) == 0:
		return fmt.Sprintf("%dd", td/(24*time.Hour))
	case td > 0 && td%time.Hour == 0:
		return fmt.Sprintf("%dh", td/time.Hour)
	case td > time.Hour && td%time.Minute == 0:
		return fmt.Sprintf("%dh%dm", td/time.Hour, td%time.Hour/time.Minute)
	case td > 0 && td%time.Minute == 0:
		return fmt.Sprintf("%dm", td/time.Minute)
	}
	return td.String()
}

// MarshalText writes d as String does.
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads d as ParseDuration does.
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := ParseDuration(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// DefaultAtRisk is the share of a target's time left below which it is at
// risk.
const DefaultAtRisk = 0.2

// SLAPolicy sets the targets of the cases it matches. Policies are
// ordered; the first that matches a case applies. Empty match lists match
// everything.
type SLAPolicy struct {
	ID         string   `json:"id" yaml:"id"`
	Name       string   `json:"name,omitempty" yaml:"name"`
	Channels   []string `json:"channels,omitempty" yaml:"channels"`
	Priorities []string `json:"priorities,omitempty" yaml:"priorities"`
	Tiers      []string `json:"tiers,omitempty" yaml:"tiers"` // account tiers
	// Targets; zero means no target of that kind.
	FirstResponse Duration `json:"first_response" yaml:"first_response"`
	NextResponse  Duration `json:"next_response" yaml:"next_response"`
	Resolution    Duration `json:"resolution" yaml:"resolution"`
	// Calendar names the business hours the targets count in; "" counts
	// around the clock.
	Calendar string `json:"calendar,omitempty" yaml:"calendar"`
	// AtRisk is the share of a target's time left below which it is at
	// risk, between 0 and 1; 0 means DefaultAtRisk.
	AtRisk float64 `json:"at_risk,omitempty" yaml:"at_risk"`
}

// Matches reports whether the policy applies to a case on channel with
// priority, of an account of tier ("" when none).
func (p *SLAPolicy) Matches(channel, priority, tier string) bool {
	in := func(list []string, v string) bool { return len(list) == 0 || slices.Contains(list, v) }
	return in(p.Channels, channel) && in(p.Priorities, priority) && in(p.Tiers, tier)
}

// Share returns the policy's at-risk share.
func (p *SLAPolicy) Share() float64 {
	if p.AtRisk == 0 {
		return DefaultAtRisk
	}
	return p.AtRisk
}

// Validate checks a policy; the error names the field.
func (p *SLAPolicy) Validate() error {
	tiers := []string{TierPlatinum, TierGold, TierSilver, TierBronze}
	switch {
	case p.ID == "" || len(p.ID) > MaxLabelBytes:
		return Invalidf("sla policy: id: want 1 to %d bytes", MaxLabelBytes)
	case len(p.Name) > MaxNameBytes:
		return Invalidf("sla policy %q: name: want at most %d bytes", p.ID, MaxNameBytes)
	case p.FirstResponse < 0 || p.NextResponse < 0 || p.Resolution < 0:
		return Invalidf("sla policy %q: first_response, next_response and resolution: want 0 or more", p.ID)
	case p.FirstResponse == 0 && p.NextResponse == 0 && p.Resolution == 0:
		return Invalidf("sla policy %q: first_response, next_response or resolution: want at least one target", p.ID)
	case p.AtRisk < 0 || p.AtRisk >= 1:
		return Invalidf("sla policy %q: at_risk %g: want a share from 0 to below 1 (0.2 is 20 %%)", p.ID, p.AtRisk)
	case len(p.Calendar) > MaxLabelBytes:
		return Invalidf("sla policy %q: calendar: want at most %d bytes", p.ID, MaxLabelBytes)
	}
	for _, f := range []struct {
		name  string
		list  []string
		allow []string
	}{{"channels", p.Channels, nil}, {"priorities", p.Priorities, Priorities}, {"tiers", p.Tiers, tiers}} {
		if len(f.list) > MaxListLen {
			return Invalidf("sla policy %q: %s: want at most %d", p.ID, f.name, MaxListLen)
		}
		for _, v := range f.list {
			if v == "" || len(v) > MaxLabelBytes || f.allow != nil && !slices.Contains(f.allow, v) {
				return Invalidf("sla policy %q: %s: %q is not one of %s", p.ID, f.name, v, allowed(f.allow))
			}
		}
	}
	return nil
}

func allowed(list []string) string {
	if list == nil {
		return "the channel names"
	}
	return strings.Join(list, ", ")
}

// ValidatePolicies checks each policy and that their ids are unique.
func ValidatePolicies(ps []SLAPolicy) error {
	seen := map[string]bool{}
	for i := range ps {
		if err := ps[i].Validate(); err != nil {
			return err
		}
		if seen[ps[i].ID] {
			return Invalidf("sla policy %q: id: used twice", ps[i].ID)
		}
		seen[ps[i].ID] = true
	}
	return nil
}

// MaxTargetPauses bounds SLATarget.Pauses; past it the clock no longer
// pauses.
const MaxTargetPauses = 50

var targetNames = []string{TargetFirstResponse, TargetNextResponse, TargetResolution}

var targetStatuses = []string{TargetActive, TargetAtRisk, TargetHit, TargetMissed}

// validateTargets checks the targets of case id.
func validateTargets(id string, ts []SLATarget) error {
	if len(ts) > MaxCaseTargets {
		return Invalidf("case %q: targets: want at most %d", id, MaxCaseTargets)
	}
	for _, t := range ts {
		switch {
		case !slices.Contains(targetNames, t.Name):
			return Invalidf("case %q: target %q: want first_response, next_response or resolution", id, t.Name)
		case !slices.Contains(targetStatuses, t.Status):
			return Invalidf("case %q: target %s: status %q: want active, at_risk, hit or missed", id, t.Name, t.Status)
		case t.Seconds <= 0 || t.StartAt.IsZero():
			return Invalidf("case %q: target %s: seconds and start_at are required", id, t.Name)
		case len(t.Pauses) > MaxTargetPauses || len(t.Notified) > len(targetStatuses):
			return Invalidf("case %q: target %s: want at most %d pauses", id, t.Name, MaxTargetPauses)
		}
	}
	return nil
}

// MapTargetTimes returns a deep copy of ts with every time passed through
// f (a store's rounding).
func MapTargetTimes(ts []SLATarget, f func(time.Time) time.Time) []SLATarget {
	if ts == nil {
		return nil
	}
	ptr := func(t *time.Time) *time.Time {
		if t == nil {
			return nil
		}
		v := f(*t)
		return &v
	}
	out := make([]SLATarget, len(ts))
	for i, t := range ts {
		t.StartAt, t.DueAt, t.MetAt = f(t.StartAt), ptr(t.DueAt), ptr(t.MetAt)
		t.Notified = slices.Clone(t.Notified)
		if t.Pauses != nil {
			ps := make([]Pause, len(t.Pauses))
			for j, p := range t.Pauses {
				ps[j] = Pause{From: f(p.From), To: ptr(p.To)}
			}
			t.Pauses = ps
		}
		out[i] = t
	}
	return out
}
