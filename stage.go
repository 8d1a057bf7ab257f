package socialcrm

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Stage is a step of the sales pipeline with the probability that an
// opportunity in it is won.
type Stage struct {
	Name        string `json:"name" yaml:"name"`
	Probability int    `json:"probability" yaml:"probability"` // percent
	// Outcome is OutcomeWon or OutcomeLost for a closed stage, "" for an
	// open one.
	Outcome string `json:"outcome,omitempty" yaml:"outcome"`
	Closed  bool   `json:"closed" yaml:"-"` // won or lost: the deal is done
}

// The outcomes of a closed stage.
const (
	OutcomeWon  = "won"
	OutcomeLost = "lost"
)

// Stages of the default pipeline.
const (
	StageProspecting   = "prospecting"
	StageQualification = "qualification"
	StageProposal      = "proposal"
	StageNegotiation   = "negotiation"
	StageWon           = "won"
	StageLost          = "lost"
)

// Limits of a configured pipeline.
const (
	MaxStages       = 20
	MaxStageNameLen = 40
)

var defaultStages = []Stage{
	{StageProspecting, 10, "", false},
	{StageQualification, 25, "", false},
	{StageProposal, 50, "", false},
	{StageNegotiation, 75, "", false},
	{StageWon, 100, OutcomeWon, true},
	{StageLost, 0, OutcomeLost, true},
}

// Stages is the pipeline: the ordered stages opportunities move through.
// Its zero value (nil) is the default pipeline: prospecting 10 % →
// qualification 25 % → proposal 50 % → negotiation 75 % → won 100 % |
// lost 0 %.
type Stages []Stage

// Pipeline is the default pipeline's stages.
//
// Deprecated: the pipeline is configurable; use the Stages in force
// (web.Server.Stages), whose zero value is this default.
var Pipeline = defaultStages

// StageOf returns the default pipeline's stage called name.
//
// Deprecated: use Stages.Stage on the stages in force.
func StageOf(name string) (Stage, bool) { return Stages(nil).Stage(name) }

// DefaultStages returns the default pipeline's stages.
func DefaultStages() Stages { return slices.Clone(defaultStages) }

// List returns the stages in order.
func (p Stages) List() []Stage {
	if len(p) == 0 {
		return defaultStages
	}
	return p
}

// Stage returns the stage called name.
func (p Stages) Stage(name string) (Stage, bool) {
	ss := p.List()
	i := slices.IndexFunc(ss, func(s Stage) bool { return s.Name == name })
	if i < 0 {
		return Stage{}, false
	}
	return ss[i], true
}

// Names lists the stage names, comma-separated, for error messages.
func (p Stages) Names() string {
	ss := p.List()
	names := make([]string, len(ss))
	for i, s := range ss {
		names[i] = s.Name
	}
	return strings.Join(names, ", ")
}

// First is the first open stage: where new and reopened opportunities go.
func (p Stages) First() Stage {
	for _, s := range p.List() {
		if s.Outcome == "" {
			return s
		}
	}
	return Stage{}
}

// Validate reports the first reason p cannot be used, and sets each
// stage's Closed from its outcome. A pipeline has 3 to MaxStages stages
// with distinct names (lower-case letters, digits, - and _), at least one
// open stage, at least one won (probability 100) and one lost
// (probability 0) stage.
func (p Stages) Validate() error {
	if len(p) < 3 || len(p) > MaxStages {
		return Invalidf("pipeline: %d stages: want 3 to %d (at least one open, one won and one lost)", len(p), MaxStages)
	}
	seen := map[string]bool{}
	count := map[string]int{}
	for i := range p {
		s := &p[i]
		if err := ValidStageName(s.Name); err != nil {
			return fmt.Errorf("pipeline: stage %d: %w", i+1, err)
		}
		if seen[s.Name] {
			return Invalidf("pipeline: stage %q is listed twice", s.Name)
		}
		seen[s.Name] = true
		if s.Probability < 0 || s.Probability > 100 {
			return Invalidf("pipeline: stage %q: probability %d: want 0 to 100 (percent)", s.Name, s.Probability)
		}
		switch s.Outcome {
		case "":
		case OutcomeWon:
			if s.Probability != 100 {
				return Invalidf("pipeline: stage %q is won: its probability is 100, not %d", s.Name, s.Probability)
			}
		case OutcomeLost:
			if s.Probability != 0 {
				return Invalidf("pipeline: stage %q is lost: its probability is 0, not %d", s.Name, s.Probability)
			}
		default:
			return Invalidf("pipeline: stage %q: outcome %q: want won, lost or none (an open stage)", s.Name, s.Outcome)
		}
		s.Closed = s.Outcome != ""
		count[s.Outcome]++
	}
	for _, o := range []struct{ outcome, what string }{{"", "open"}, {OutcomeWon, "won"}, {OutcomeLost, "lost"}} {
		if count[o.outcome] == 0 {
			return Invalidf("pipeline: no %s stage: want at least one (stages: %s)", o.what, p.Names())
		}
	}
	return nil
}

// ValidStageName reports whether name may name a stage: 1 to
// MaxStageNameLen lower-case letters, digits, - and _.
func ValidStageName(name string) error {
	if name == "" || len(name) > MaxStageNameLen {
		return Invalidf("stage name %q: want 1 to %d characters", name, MaxStageNameLen)
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return Invalidf("stage name %q: want lower-case letters, digits, - and _ only", name)
		}
	}
	return nil
}

// Move puts o in the stage called name (see Opportunity.MoveTo). Returns
// ErrInvalid naming the allowed stages when p has no such stage. An
// opportunity in a stage p no longer has may move to any of p's.
func (p Stages) Move(o *Opportunity, name, lostReason, by string, at time.Time) error {
	st, ok := p.Stage(name)
	if !ok {
		return Invalidf("opportunity %q: stage %q: want one of %s", o.ID, name, p.Names())
	}
	return o.MoveTo(st, lostReason, by, at)
}
