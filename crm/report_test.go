package crm_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/crm"
	"github.com/socialcrm/socialcrm/store/memory"
)

// reportCases is a hand-made set of cases; the figures the tests expect
// are worked out by hand in the comments.
func reportCases(t *testing.T) *memory.Store {
	t.Helper()
	st := memory.New()
	t.Cleanup(func() { st.Close() })
	ctx := context.Background()
	tm := func(d time.Duration) *time.Time { v := t0.Add(d); return &v }
	tg := func(name, status string) socialcrm.SLATarget {
		return socialcrm.SLATarget{Name: name, Seconds: 3600, StartAt: t0, Status: status}
	}
	fr, nr, res := socialcrm.TargetFirstResponse, socialcrm.TargetNextResponse, socialcrm.TargetResolution
	hit, missed, active := socialcrm.TargetHit, socialcrm.TargetMissed, socialcrm.TargetActive
	for _, c := range []struct {
		id, channel, assignee, status string
		opened                        time.Duration
		first, resolved               time.Duration // after opening; 0: none
		targets                       []socialcrm.SLATarget
	}{
		// x, sam: first answer 30 min (hit), resolved 2 h (hit).
		{"c1", "x", "u-sam", socialcrm.CaseResolved, 0, 30 * time.Minute, 2 * time.Hour, []socialcrm.SLATarget{tg(fr, hit), tg(res, hit)}},
		// x, sam: first answer 90 min (missed), resolved 5 h (hit).
		{"c2", "x", "u-sam", socialcrm.CaseResolved, time.Hour, 90 * time.Minute, 5 * time.Hour, []socialcrm.SLATarget{tg(fr, missed), tg(res, hit)}},
		// mastodon, kim: first answer 10 min (hit), a next response
		// missed and one hit, resolution running: backlog.
		{"c3", "mastodon", "u-kim", socialcrm.CaseAnswered, 2 * time.Hour, 10 * time.Minute, 0, []socialcrm.SLATarget{tg(fr, hit), tg(nr, missed), tg(nr, hit), tg(res, active)}},
		// mastodon, unassigned, never answered: first response missed, backlog.
		{"c4", "mastodon", "", socialcrm.CaseOpen, 3 * time.Hour, 0, 0, []socialcrm.SLATarget{tg(fr, missed)}},
		// x, kim, the week before: first answer 20 min (hit), resolved
		// after a day (missed).
		{"c5", "x", "u-kim", socialcrm.CaseResolved, -8 * 24 * time.Hour, 20 * time.Minute, 24 * time.Hour, []socialcrm.SLATarget{tg(fr, hit), tg(res, missed)}},
		// After the period: not counted.
		{"c6", "x", "u-sam", socialcrm.CaseOpen, 8 * 24 * time.Hour, 0, 0, []socialcrm.SLATarget{tg(fr, missed)}},
	} {
		k := &socialcrm.Case{ID: c.id, Key: "acme|" + c.channel + "|" + c.id, Brand: "acme", Channel: c.channel, Author: c.channel + ":" + c.id,
			Kind: socialcrm.CaseComplaint, Status: c.status, Assignee: c.assignee, Mentions: []string{c.id}, MentionCount: 1,
			OpenedAt: t0.Add(c.opened), LastMentionAt: t0.Add(c.opened), DueAt: t0.Add(c.opened + time.Hour), Targets: c.targets}
		if c.first > 0 {
			k.FirstResponseAt = tm(c.opened + c.first)
		}
		if c.resolved > 0 {
			k.ResolvedAt = tm(c.opened + c.resolved)
		}
		if err := st.SaveCase(ctx, k); err != nil {
			t.Fatal(err)
		}
	}
	for _, u := range []*socialcrm.User{
		{ID: "u-sam", Email: "sam@example.com", Role: socialcrm.RoleAgent, Active: true, Teams: []string{"gone", "care"}},
		{ID: "u-kim", Email: "kim@example.com", Role: socialcrm.RoleAgent, Active: true},
	} {
		if err := st.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.SaveTeam(ctx, &socialcrm.Team{ID: "care", Name: "Care"}); err != nil {
		t.Fatal(err)
	}
	return st
}

// row is the part of a report row the tests compare, rates in percent.
type row struct {
	Group                    string
	Cases, Backlog, Breaches int
	FR, NR, Res              [3]int // hit, missed, open
	FRRate, NRRate, ResRate  string
	FRN, FRMedian, FRP90     int
	ResN, ResMedian, ResP90  int
}

func rowOf(r socialcrm.SLAReportRow) row {
	rate := func(a socialcrm.Attainment) string {
		if a.Rate == nil {
			return "-"
		}
		b, _ := json.Marshal(float64(int(*a.Rate*1000+0.5)) / 10)
		return string(b)
	}
	secs := func(p *float64) int {
		if p == nil {
			return -1
		}
		return int(*p)
	}
	att := func(name string) [3]int {
		a := r.Attainment[name]
		return [3]int{a.Hit, a.Missed, a.Open}
	}
	a := r.Attainment
	return row{r.Group, r.Cases, r.Backlog, r.Breaches,
		att(socialcrm.TargetFirstResponse), att(socialcrm.TargetNextResponse), att(socialcrm.TargetResolution),
		rate(a[socialcrm.TargetFirstResponse]), rate(a[socialcrm.TargetNextResponse]), rate(a[socialcrm.TargetResolution]),
		r.FirstResponse.Count, secs(r.FirstResponse.Median), secs(r.FirstResponse.P90),
		r.Resolution.Count, secs(r.Resolution.Median), secs(r.Resolution.P90)}
}

func TestReports_SLA(t *testing.T) {
	reports := crm.NewReports(reportCases(t))
	since, until := time.Date(2026, 11, 9, 0, 0, 0, 0, time.UTC), time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	report := func(by string) []row {
		t.Helper()
		rep, err := reports.SLAReport(context.Background(), socialcrm.SLAReportFilter{GroupBy: by, Since: since, Until: until})
		if err != nil {
			t.Fatal(err)
		}
		return append([]row{rowOf(rep.Total)}, func() []row {
			var out []row
			for _, r := range rep.Rows {
				out = append(out, rowOf(r))
			}
			return out
		}()...)
	}
	// Total, c1-c5: first responses 600, 1200, 1800, 5400 s (median by
	// nearest rank: the 2nd, 1200; p90: the 4th, 5400); resolutions
	// 7200, 18000, 86400 s (the 2nd and the 3rd); first response 3 hit of
	// 5 closed; breaches: c2, c3's next response, c4, c5 = 4.
	total := row{"total", 5, 2, 4, [3]int{3, 2, 0}, [3]int{1, 1, 0}, [3]int{2, 1, 1}, "60", "50", "66.7", 4, 1200, 5400, 3, 18000, 86400}
	t.Run("Channel", func(t *testing.T) {
		want := []row{total,
			// c3, c4: one first response each way; one resolution open.
			{"mastodon", 2, 2, 2, [3]int{1, 1, 0}, [3]int{1, 1, 0}, [3]int{0, 0, 1}, "50", "50", "-", 1, 600, 600, 0, -1, -1},
			// c1, c2, c5: first responses 1200, 1800, 5400 s.
			{"x", 3, 0, 2, [3]int{2, 1, 0}, [3]int{}, [3]int{2, 1, 0}, "66.7", "-", "66.7", 3, 1800, 5400, 3, 18000, 86400}}
		if d := cmp.Diff(want, report(socialcrm.GroupByChannel)); d != "" {
			t.Errorf("by channel (-want +got):\n%s", d)
		}
	})
	t.Run("Agent", func(t *testing.T) {
		want := []row{total,
			{"u-kim", 2, 1, 2, [3]int{2, 0, 0}, [3]int{1, 1, 0}, [3]int{0, 1, 1}, "100", "50", "0", 2, 600, 1200, 1, 86400, 86400},
			{"u-sam", 2, 0, 1, [3]int{1, 1, 0}, [3]int{}, [3]int{2, 0, 0}, "50", "-", "100", 2, 1800, 5400, 2, 7200, 18000},
			{"unassigned", 1, 1, 1, [3]int{0, 1, 0}, [3]int{}, [3]int{}, "0", "-", "-", 0, -1, -1, 0, -1, -1}}
		if d := cmp.Diff(want, report(socialcrm.GroupByAgent)); d != "" {
			t.Errorf("by agent (-want +got):\n%s", d)
		}
	})
	t.Run("Team", func(t *testing.T) {
		// sam is in care (his first team, gone, does not exist); kim and
		// the unassigned case have no team.
		got := report(socialcrm.GroupByTeam)
		if len(got) != 3 || got[1].Group != "care" || got[1].Cases != 2 || got[2].Group != "no team" || got[2].Cases != 3 {
			t.Errorf("by team = %+v, want care with 2 cases and no team with 3", got)
		}
	})
	t.Run("Week", func(t *testing.T) {
		got := report(socialcrm.GroupByWeek)
		if len(got) != 3 || got[1].Group != "2026-11-09" || got[1].Cases != 1 || got[2].Group != "2026-11-16" || got[2].Cases != 4 {
			t.Errorf("by week = %+v, want 2026-11-09 with c5 and 2026-11-16 with 4 cases", got)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		for _, f := range []socialcrm.SLAReportFilter{{GroupBy: "brand", Since: since, Until: until}, {GroupBy: "channel", Since: until, Until: since}} {
			if _, err := reports.SLAReport(context.Background(), f); !errors.Is(err, socialcrm.ErrInvalid) {
				t.Errorf("SLAReport(%+v) = %v, want ErrInvalid", f, err)
			}
		}
	})
}
