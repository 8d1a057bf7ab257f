package crm

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"time"

	"github.com/socialcrm/socialcrm"
)

// maxReportCases bounds the cases one report reads.
const maxReportCases = 200_000

// reportStore is what Reports needs of the store.
type reportStore interface {
	FindCases(ctx context.Context, f socialcrm.CaseFilter) ([]*socialcrm.Case, int, error)
	FindUsers(ctx context.Context) ([]*socialcrm.User, error)
	FindTeams(ctx context.Context) ([]*socialcrm.Team, error)
}

// Reports computes SLA reports from the stored cases.
type Reports struct{ store reportStore }

var _ socialcrm.SLAReporter = (*Reports)(nil)

// NewReports returns Reports over store.
func NewReports(store reportStore) *Reports { return &Reports{store: store} }

// SLAReport reports the cases opened in [f.Since, f.Until) by f.GroupBy.
func (r *Reports) SLAReport(ctx context.Context, f socialcrm.SLAReportFilter) (*socialcrm.SLAReport, error) {
	if !slices.Contains(socialcrm.GroupBys, f.GroupBy) {
		return nil, socialcrm.Invalidf("group_by %q: want channel, agent, team or week", f.GroupBy)
	}
	if !f.Until.After(f.Since) {
		return nil, socialcrm.Invalidf("until %s: want it after since %s", f.Until.Format(time.RFC3339), f.Since.Format(time.RFC3339))
	}
	cs, n, err := r.store.FindCases(ctx, socialcrm.CaseFilter{OpenedSince: &f.Since, OpenedBefore: &f.Until, Limit: maxReportCases})
	if err != nil {
		return nil, fmt.Errorf("crm: sla report: %w", err)
	}
	if n > maxReportCases {
		return nil, socialcrm.Invalidf("crm: sla report: %d cases in the period, more than %d: narrow since and until", n, maxReportCases)
	}
	key := func(k *socialcrm.Case) string { return groupKey(f.GroupBy, k, nil) }
	if f.GroupBy == socialcrm.GroupByTeam {
		teams, err := r.teamsOf(ctx)
		if err != nil {
			return nil, err
		}
		key = func(k *socialcrm.Case) string { return groupKey(f.GroupBy, k, teams) }
	}
	return BuildSLAReport(f, cs, key), nil
}

// teamsOf maps user IDs to the ID of their first team that exists.
func (r *Reports) teamsOf(ctx context.Context) (map[string]string, error) {
	us, err := r.store.FindUsers(ctx)
	if err != nil {
		return nil, fmt.Errorf("crm: sla report: %w", err)
	}
	ts, err := r.store.FindTeams(ctx)
	if err != nil && !errors.Is(err, socialcrm.ErrNotFound) {
		return nil, fmt.Errorf("crm: sla report: %w", err)
	}
	known := map[string]bool{}
	for _, t := range ts {
		known[t.ID] = true
	}
	out := map[string]string{}
	for _, u := range us {
		if i := slices.IndexFunc(u.Teams, func(id string) bool { return known[id] }); i >= 0 {
			out[u.ID] = u.Teams[i]
		}
	}
	return out, nil
}

func groupKey(by string, k *socialcrm.Case, teams map[string]string) string {
	switch by {
	case socialcrm.GroupByChannel:
		return k.Channel
	case socialcrm.GroupByAgent:
		if k.Assignee == "" {
			return "unassigned"
		}
		return k.Assignee
	case socialcrm.GroupByTeam:
		if t := teams[k.Assignee]; t != "" {
			return t
		}
		return "no team"
	}
	d := k.OpenedAt.UTC()
	d = time.Date(d.Year(), d.Month(), d.Day()-(int(d.Weekday())+6)%7, 0, 0, 0, 0, time.UTC)
	return d.Format(time.DateOnly)
}

// BuildSLAReport reports cases grouped by key, groups in order.
func BuildSLAReport(f socialcrm.SLAReportFilter, cs []*socialcrm.Case, key func(*socialcrm.Case) string) *socialcrm.SLAReport {
	groups := map[string][]*socialcrm.Case{}
	for _, k := range cs {
		groups[key(k)] = append(groups[key(k)], k)
	}
	rep := &socialcrm.SLAReport{GroupBy: f.GroupBy, Since: f.Since.UTC(), Until: f.Until.UTC(), Rows: []socialcrm.SLAReportRow{},
		Total: reportRow("total", cs)}
	for _, g := range slices.Sorted(maps.Keys(groups)) {
		rep.Rows = append(rep.Rows, reportRow(g, groups[g]))
	}
	return rep
}

func reportRow(group string, cs []*socialcrm.Case) socialcrm.SLAReportRow {
	row := socialcrm.SLAReportRow{Group: group, Cases: len(cs), Attainment: map[string]socialcrm.Attainment{}}
	var first, resolved []float64
	for _, k := range cs {
		if k.Active() {
			row.Backlog++
		}
		if k.FirstResponseAt != nil {
			first = append(first, k.FirstResponseAt.Sub(k.OpenedAt).Seconds())
		}
		if k.ResolvedAt != nil {
			resolved = append(resolved, k.ResolvedAt.Sub(k.OpenedAt).Seconds())
		}
		for _, t := range k.Targets {
			a := row.Attainment[t.Name]
			switch t.Status {
			case socialcrm.TargetHit:
				a.Hit++
			case socialcrm.TargetMissed:
				a.Missed++
				row.Breaches++
			default:
				a.Open++
			}
			row.Attainment[t.Name] = a
		}
	}
	for name, a := range row.Attainment {
		if n := a.Hit + a.Missed; n > 0 {
			r := float64(a.Hit) / float64(n)
			a.Rate = &r
			row.Attainment[name] = a
		}
	}
	row.FirstResponse, row.Resolution = durations(first), durations(resolved)
	return row
}

// durations returns the count, median and 90th percentile of xs by the
// nearest-rank method: the smallest value with at least p of all at or
// below it.
func durations(xs []float64) socialcrm.Durations {
	d := socialcrm.Durations{Count: len(xs)}
	if len(xs) == 0 {
		return d
	}
	slices.Sort(xs)
	rank := func(p float64) *float64 {
		v := xs[int(math.Ceil(p*float64(len(xs))))-1]
		return &v
	}
	d.Median, d.P90 = rank(0.5), rank(0.9)
	return d
}
