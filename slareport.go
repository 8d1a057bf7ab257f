package socialcrm

import (
	"context"
	"time"
)

// Groupings of the SLA report.
const (
	GroupByChannel = "channel"
	GroupByAgent   = "agent" // the case's assignee; "unassigned" for none
	GroupByTeam    = "team"  // the assignee's first team; "no team" for none
	GroupByWeek    = "week"  // the UTC Monday of the week the case opened
)

// GroupBys lists the groupings of the SLA report.
var GroupBys = []string{GroupByChannel, GroupByAgent, GroupByTeam, GroupByWeek}

// SLAReportFilter selects the cases of an SLA report: those opened in
// [Since, Until).
type SLAReportFilter struct {
	GroupBy string
	Since   time.Time
	Until   time.Time
}

// Attainment counts the closed targets of one kind: met in time (hit) or
// not (missed); Open ones are neither yet. Rate is Hit / (Hit + Missed),
// nil when none closed.
type Attainment struct {
	Hit    int      `json:"hit"`
	Missed int      `json:"missed"`
	Open   int      `json:"open"`
	Rate   *float64 `json:"rate"`
}

// Durations summarises wall-clock times in seconds: how many, the median
// and the 90th percentile, by the nearest-rank method; nil when none.
type Durations struct {
	Count  int      `json:"count"`
	Median *float64 `json:"median_seconds"`
	P90    *float64 `json:"p90_seconds"`
}

// SLAReportRow is the report of one group.
type SLAReportRow struct {
	Group string `json:"group"`
	Cases int    `json:"cases"`
	// Attainment by target name.
	Attainment    map[string]Attainment `json:"attainment"`
	FirstResponse Durations             `json:"first_response"` // opening to the first answer
	Resolution    Durations             `json:"resolution"`     // opening to resolution
	// Backlog counts the cases still open or answered; Breaches the
	// targets missed.
	Backlog  int `json:"backlog"`
	Breaches int `json:"breaches"`
}

// SLAReport is the SLA report over a period, a row per group, by group.
type SLAReport struct {
	GroupBy string         `json:"group_by"`
	Since   time.Time      `json:"since"`
	Until   time.Time      `json:"until"`
	Rows    []SLAReportRow `json:"rows"`
	Total   SLAReportRow   `json:"total"`
}

// SLAReporter computes SLA reports.
type SLAReporter interface {
	// SLAReport returns ErrInvalid for an unknown GroupBy or an Until
	// not after Since.
	SLAReport(ctx context.Context, f SLAReportFilter) (*SLAReport, error)
}
