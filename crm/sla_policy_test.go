package crm_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/crm"
)

var rome = mustZone("Europe/Rome")

func mustZone(name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return l
}

// at is a time in Rome, November or December 2026.
func at(month time.Month, day, hour, min int) time.Time {
	return time.Date(2026, month, day, hour, min, 0, 0, rome)
}

// officeConfig has business hours in Rome with a lunch break and a
// holiday on Monday 30 November, a fast policy for platinum accounts and
// a business-hours policy for complaints on mastodon.
func officeConfig() socialcrm.SLAConfig {
	return socialcrm.SLAConfig{
		Calendars: map[string]socialcrm.CalendarSpec{"office": {Zone: "Europe/Rome",
			Hours: map[string]string{"mon-fri": "09:00-12:30, 13:30-17:30"}, Holidays: []string{"2026-11-30"}}},
		Policies: []socialcrm.SLAPolicy{
			{ID: "platinum", Tiers: []string{socialcrm.TierPlatinum}, FirstResponse: socialcrm.Duration(15 * time.Minute),
				NextResponse: socialcrm.Duration(15 * time.Minute)},
			{ID: "office", Channels: []string{"mastodon"}, Calendar: "office", FirstResponse: socialcrm.Duration(time.Hour),
				NextResponse: socialcrm.Duration(30 * time.Minute), Resolution: socialcrm.Duration(8 * time.Hour)},
		},
	}
}

func officeFixture(t *testing.T) *caseFixture {
	t.Helper()
	return newCaseFixture(t, func(c *crm.CaseConfig) {
		p, err := crm.NewPolicies(officeConfig(), c.SLA)
		if err != nil {
			t.Fatal(err)
		}
		c.Policies = p
	})
}

func target(t *testing.T, k *socialcrm.Case, name string) *socialcrm.SLATarget {
	t.Helper()
	for i := len(k.Targets) - 1; i >= 0; i-- {
		if k.Targets[i].Name == name {
			return &k.Targets[i]
		}
	}
	t.Fatalf("case %s has no %s target: %+v", k.ID, name, k.Targets)
	return nil
}

func wantDue(t *testing.T, what string, got *time.Time, want time.Time) {
	t.Helper()
	if got == nil || !got.Equal(want) {
		t.Errorf("%s due %v, want %v", what, got, want.UTC())
	}
}

func TestPolicies_BusinessHours(t *testing.T) {
	for _, tc := range []struct {
		name     string
		wrote    time.Time
		wantDue  time.Time
		wantCase time.Time
	}{
		// Half an hour on Friday evening, the other half on Monday.
		{"FridayEvening", at(11, 20, 17, 0), at(11, 23, 9, 30), at(11, 23, 9, 30)},
		// Saturday counts nothing: due an hour into Monday.
		{"Weekend", at(11, 21, 11, 0), at(11, 23, 10, 0), at(11, 23, 10, 0)},
		// The lunch break does not count.
		{"LunchBreak", at(11, 24, 12, 0), at(11, 24, 14, 0), at(11, 24, 14, 0)},
		// Friday 27 at 17:00: Monday 30 is a holiday, so Tuesday 09:30.
		{"Holiday", at(11, 27, 17, 0), at(12, 1, 9, 30), at(12, 1, 9, 30)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fx := officeFixture(t)
			fx.now = tc.wrote
			fx.observe(t, fx.scored("1", "mastodon", "alice", "my bag is lost", socialcrm.IntentComplaint, socialcrm.Negative, 0, "c1"))
			k := fx.one(t)
			if k.Policy != "office" {
				t.Fatalf("policy %q, want office", k.Policy)
			}
			wantDue(t, "first response", target(t, k, socialcrm.TargetFirstResponse).DueAt, tc.wantDue)
			if !k.DueAt.Equal(tc.wantCase) {
				t.Errorf("case due %v, want %v", k.DueAt, tc.wantCase.UTC())
			}
		})
	}
}

func TestPolicies_Defaults(t *testing.T) {
	fx := newCaseFixture(t, nil)
	fx.observe(t, fx.scored("1", "x", "alice", "where is my bag?", socialcrm.IntentQuestion, socialcrm.Neutral, 0, "c1"))
	k := fx.one(t)
	if k.Policy != "channel-x" || len(k.Targets) != 1 || !k.DueAt.Equal(t0.Add(time.Hour)) {
		t.Errorf("default policy case: policy %q, targets %+v, due %v; want channel-x, one first response due in 1h", k.Policy, k.Targets, k.DueAt)
	}
}

func TestPolicies_PlatinumFirst(t *testing.T) {
	fx := officeFixture(t)
	ctx := context.Background()
	if err := fx.store.SaveAccounts(ctx, &socialcrm.Account{ID: "acc1", Name: "Acme", Tier: socialcrm.TierPlatinum}); err != nil {
		t.Fatal(err)
	}
	fx.now = at(11, 20, 17, 0)
	fx.observe(t, fx.scored("1", "mastodon", "alice", "my bag is lost", socialcrm.IntentComplaint, socialcrm.Negative, 0, "c1"))
	k := fx.one(t)
	if k.Policy != "platinum" || !k.DueAt.Equal(fx.now.Add(15*time.Minute)) {
		t.Errorf("platinum case: policy %q due %v, want platinum due 15 minutes later, around the clock", k.Policy, k.DueAt)
	}
}

// A case answered waits for the customer: its resolution clock stops
// until they write again, which starts a next-response target.
func TestPolicies_WaitingPausesAndNextResponse(t *testing.T) {
	fx := officeFixture(t)
	ctx := context.Background()
	fx.now = at(11, 24, 9, 0) // Tuesday
	fx.observe(t, fx.scored("1", "mastodon", "alice", "my bag is lost", socialcrm.IntentComplaint, socialcrm.Negative, 0, "c1"))
	id := "case-mastodon:1"
	k := fx.one(t)
	// 7.5 working hours on Tuesday, the last half hour on Wednesday.
	wantDue(t, "resolution", target(t, k, socialcrm.TargetResolution).DueAt, at(11, 25, 9, 30))

	// Answered at 10:00 (one working hour used): the resolution clock stops.
	fx.now = at(11, 24, 10, 0)
	k, err := fx.cases.RespondCase(ctx, id, "kim")
	if err != nil {
		t.Fatal(err)
	}
	if fr := target(t, k, socialcrm.TargetFirstResponse); fr.Status != socialcrm.TargetHit {
		t.Errorf("first response answered within the hour: %s, want hit", fr.Status)
	}
	if res := target(t, k, socialcrm.TargetResolution); !res.Paused() || res.DueAt != nil {
		t.Errorf("resolution while waiting for the customer: %+v, want paused without a due time", res)
	}

	// The customer writes on Wednesday 11:00: 7 working hours of
	// resolution are left, and a next response is due in 30 minutes.
	fx.now = at(11, 25, 11, 0)
	fx.observe(t, fx.scored("2", "mastodon", "alice", "still no bag", socialcrm.IntentComplaint, socialcrm.Negative, 0, "c1"))
	k = fx.one(t)
	if k.Status != socialcrm.CaseOpen {
		t.Fatalf("status %s after the customer wrote, want open", k.Status)
	}
	wantDue(t, "next response", target(t, k, socialcrm.TargetNextResponse).DueAt, at(11, 25, 11, 30))
	// 11:00-12:30 (1.5h), 13:30-17:30 (4h), Thursday 09:00-10:30 (1.5h).
	wantDue(t, "resolution after the pause", target(t, k, socialcrm.TargetResolution).DueAt, at(11, 26, 10, 30))
	if !k.DueAt.Equal(at(11, 25, 11, 30)) {
		t.Errorf("case due %v, want the next response's 11:30", k.DueAt)
	}

	// Answered late (11:45): next response missed; the customer writes
	// again and a new next-response target starts from that message.
	fx.now = at(11, 25, 11, 45)
	if _, err := fx.cases.RespondCase(ctx, id, "kim"); err != nil {
		t.Fatal(err)
	}
	fx.now = at(11, 25, 12, 20)
	fx.observe(t, fx.scored("3", "mastodon", "alice", "and now?", socialcrm.IntentQuestion, socialcrm.Neutral, 0, "c1"))
	k = fx.one(t)
	var nrs []socialcrm.SLATarget
	for _, tg := range k.Targets {
		if tg.Name == socialcrm.TargetNextResponse {
			nrs = append(nrs, tg)
		}
	}
	if len(nrs) != 2 || nrs[0].Status != socialcrm.TargetMissed || nrs[1].Status != socialcrm.TargetActive {
		t.Fatalf("next-response targets %+v, want a missed one and an active one", nrs)
	}
	// 12:20-12:30, then 13:30-13:50.
	wantDue(t, "second next response", nrs[1].DueAt, at(11, 25, 13, 50))

	// Resolved: the missed target stays missed, the rest are met.
	fx.now = at(11, 25, 13, 0)
	k, err = fx.cases.ResolveCase(ctx, id, "kim")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, tg := range k.Targets {
		got[tg.Name+"/"+tg.Status]++
	}
	want := map[string]int{"first_response/hit": 1, "next_response/missed": 1, "next_response/hit": 1, "resolution/hit": 1}
	if len(got) != len(want) {
		t.Fatalf("targets after resolution %v, want %v", got, want)
	}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("targets after resolution %v, want %v", got, want)
		}
	}
}

// The sweep marks a target at risk once less than 20 % of its working
// time is left and missed once it is past due; missed stays after the
// case is resolved.
func TestPolicies_AtRiskThenMissed(t *testing.T) {
	fx := officeFixture(t)
	ctx := context.Background()
	fx.now = at(11, 24, 9, 0)
	fx.observe(t, fx.scored("1", "mastodon", "alice", "my bag is lost", socialcrm.IntentComplaint, socialcrm.Negative, 0, "c1"))
	for _, step := range []struct {
		now  time.Time
		want string
	}{
		{at(11, 24, 9, 47), socialcrm.TargetActive}, // 13 of 60 minutes left
		{at(11, 24, 9, 49), socialcrm.TargetAtRisk}, // 11 left, under 12
		{at(11, 24, 10, 0), socialcrm.TargetMissed}, // due
		{at(11, 24, 10, 5), socialcrm.TargetMissed},
	} {
		fx.now = step.now
		if err := fx.cases.Sweep(ctx); err != nil {
			t.Fatal(err)
		}
		if got := target(t, fx.one(t), socialcrm.TargetFirstResponse).Status; got != step.want {
			t.Errorf("at %s: first response %s, want %s", step.now.Format("15:04"), got, step.want)
		}
	}
	k, err := fx.cases.ResolveCase(ctx, "case-mastodon:1", "kim")
	if err != nil {
		t.Fatal(err)
	}
	if fr := target(t, k, socialcrm.TargetFirstResponse); fr.Status != socialcrm.TargetMissed {
		t.Errorf("first response after resolution: %s, want missed", fr.Status)
	}
	if res := target(t, k, socialcrm.TargetResolution); res.Status != socialcrm.TargetHit {
		t.Errorf("resolution within the hour: %s, want hit", res.Status)
	}
}

func TestReadSLAConfig(t *testing.T) {
	dir := t.TempDir()
	write := func(body string) string {
		p := filepath.Join(dir, "sla.yaml")
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	conf, err := crm.ReadSLAConfig(write(`
calendars:
  office:
    zone: Europe/Rome
    hours: {"mon-fri": "09:00-12:30, 13:30-17:30", "sat": "10:00-12:00"}
    holidays: ["2026-12-25"]
policies:
  - id: platinum
    tiers: [platinum]
    first_response: 30m
    next_response: 1h
    resolution: 2d
    calendar: office
    at_risk: 0.25
`))
	if err != nil {
		t.Fatal(err)
	}
	p, err := crm.NewPolicies(conf, crm.DefaultSLA())
	if err != nil {
		t.Fatal(err)
	}
	pol, cal := p.Match("x", socialcrm.PriorityNormal, socialcrm.TierPlatinum)
	if pol.ID != "platinum" || pol.Resolution != socialcrm.Duration(48*time.Hour) || pol.Share() != 0.25 || cal.Location().String() != "Europe/Rome" {
		t.Errorf("platinum policy = %+v in %v", pol, cal.Location())
	}
	if pol, _ := p.Match("x", socialcrm.PriorityNormal, ""); pol.ID != "channel-x" {
		t.Errorf("x without a tier matched %q, want channel-x", pol.ID)
	}

	for name, body := range map[string]string{
		"UnknownField": "policies: [{id: a, first_response: 1h, colour: red}]",
		"BadDuration":  "policies: [{id: a, first_response: soon}]",
		"NoTarget":     "policies: [{id: a}]",
		"BadTier":      "policies: [{id: a, first_response: 1h, tiers: [diamond]}]",
		"BadPriority":  "policies: [{id: a, first_response: 1h, priorities: [asap]}]",
		"Twice":        "policies: [{id: a, first_response: 1h}, {id: a, first_response: 2h}]",
		"NoCalendar":   "policies: [{id: a, first_response: 1h, calendar: office}]",
		"BadZone":      "calendars: {office: {zone: Mars/Base, hours: {mon: 09:00-17:00}}}",
		"BadDays":      "calendars: {office: {hours: {mon-funday: 09:00-17:00}}}",
		"BadPeriod":    "calendars: {office: {hours: {mon: 17:00-09:00}}}",
		"Overlap":      "calendars: {office: {hours: {mon: 09:00-12:00, mon-fri: 10:00-11:00}}}",
		"BadHoliday":   "calendars: {office: {hours: {mon: 09:00-17:00}, holidays: [christmas]}}",
		"AtRisk":       "policies: [{id: a, first_response: 1h, at_risk: 1.5}]",
	} {
		t.Run(name, func(t *testing.T) {
			conf, err := crm.ReadSLAConfig(write(body))
			if err == nil {
				_, err = crm.NewPolicies(conf, crm.DefaultSLA())
			}
			if !errors.Is(err, socialcrm.ErrInvalid) {
				t.Errorf("error = %v, want ErrInvalid", err)
			}
		})
	}
}
