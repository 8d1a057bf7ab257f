package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
)

// testSLACase checks that a case's SLA targets are kept whole, to the
// microsecond in UTC, and copied in and out.
func testSLACase(t *testing.T, open Open) {
	ctx := context.Background()
	t.Run("Targets", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		cet := time.FixedZone("CET", 3600)
		due, met, paused := t0.Add(time.Hour).In(cet).Add(789), at(30*time.Minute), at(40*time.Minute)
		c := kase("k1", "1", t0)
		c.Priority, c.Policy = socialcrm.PriorityHigh, "platinum"
		c.Targets = []socialcrm.SLATarget{
			{Name: socialcrm.TargetFirstResponse, Seconds: 3600, StartAt: t0, DueAt: &due, MetAt: &met, Status: socialcrm.TargetHit},
			{Name: socialcrm.TargetResolution, Seconds: 86400, StartAt: t0, Status: socialcrm.TargetAtRisk,
				Pauses: []socialcrm.Pause{{From: met, To: &paused}, {From: at(50 * time.Minute)}}, Notified: []string{socialcrm.TargetAtRisk}},
		}
		must(t, "SaveCase", s.SaveCase(ctx, c))
		c.Targets[1].Notified[0] = "changed after the save"
		got, err := s.FindCaseByID(ctx, c.ID)
		must(t, "FindCaseByID", err)
		want := *c
		want.Targets = socialcrm.MapTargetTimes(c.Targets, func(t time.Time) time.Time { return t.Truncate(time.Microsecond).UTC() })
		want.Targets[1].Notified[0] = socialcrm.TargetAtRisk
		diff(t, "case with targets", &want, got)
		got.Targets[0].Pauses = append(got.Targets[0].Pauses, socialcrm.Pause{From: t0})
		again, err := s.FindCaseByID(ctx, c.ID)
		must(t, "FindCaseByID", err)
		diff(t, "case after changing a returned copy", &want, again)
	})
	t.Run("OpenedBetween", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		for i, d := range []time.Duration{-time.Hour, 0, time.Hour, 2 * time.Hour} {
			c := kase("k"+string(rune('a'+i)), string(rune('a'+i)), at(d))
			must(t, "SaveCase", s.SaveCase(ctx, c))
		}
		since, before := t0, at(2*time.Hour)
		got, n, err := s.FindCases(ctx, socialcrm.CaseFilter{OpenedSince: &since, OpenedBefore: &before, Limit: -1})
		must(t, "FindCases", err)
		diff(t, "cases opened in [t0, t0+2h)", []string{"kb", "kc"}, caseIDs(got))
		if n != 2 {
			t.Errorf("total = %d, want 2", n)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		for name, change := range map[string]func(c *socialcrm.Case){
			"Priority":     func(c *socialcrm.Case) { c.Priority = "asap" },
			"TargetName":   func(c *socialcrm.Case) { c.Targets[0].Name = "lunch" },
			"TargetStatus": func(c *socialcrm.Case) { c.Targets[0].Status = "late" },
			"NoSeconds":    func(c *socialcrm.Case) { c.Targets[0].Seconds = 0 },
			"TooMany": func(c *socialcrm.Case) {
				for len(c.Targets) <= socialcrm.MaxCaseTargets {
					c.Targets = append(c.Targets, c.Targets[0])
				}
			},
		} {
			c := kase("k-"+name, name, t0)
			c.Targets = []socialcrm.SLATarget{{Name: socialcrm.TargetFirstResponse, Seconds: 60, StartAt: t0, Status: socialcrm.TargetActive}}
			change(c)
			if err := s.SaveCase(ctx, c); !errors.Is(err, socialcrm.ErrInvalid) {
				t.Errorf("%s: SaveCase = %v, want ErrInvalid", name, err)
			}
		}
	})
}
