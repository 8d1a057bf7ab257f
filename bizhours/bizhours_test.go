package bizhours

import (
	"errors"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
)

var paris = mustLoad("Europe/Paris")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// office works 09:00-12:00 and 13:00-17:30 on weekdays, in Paris, closed on
// Christmas day.
func office(t *testing.T) Calendar {
	t.Helper()
	day := []Period{{9 * 60, 12 * 60}, {13 * 60, 17*60 + 30}}
	var week [7][]Period
	for wd := time.Monday; wd <= time.Friday; wd++ {
		week[wd] = day
	}
	c, err := New(paris, week, "2026-12-25")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, paris)
	if err != nil {
		panic(err)
	}
	return t
}

func TestDue(t *testing.T) {
	c := office(t)
	for _, tc := range []struct {
		name   string
		start  string
		target time.Duration
		want   string
	}{
		{"within a period", "2026-12-01 09:30", time.Hour, "2026-12-01 10:30"},
		{"skips the lunch break", "2026-12-01 11:30", time.Hour, "2026-12-01 13:30"},
		{"ends exactly at lunch", "2026-12-01 11:00", time.Hour, "2026-12-01 12:00"},
		{"starts in the lunch break", "2026-12-01 12:20", 10 * time.Minute, "2026-12-01 13:10"},
		{"starts before opening", "2026-12-01 06:00", 30 * time.Minute, "2026-12-01 09:30"},
		{"overnight", "2026-12-01 17:00", time.Hour, "2026-12-02 09:30"},
		{"friday evening to monday", "2026-12-04 17:10", time.Hour, "2026-12-07 09:40"},
		{"written on saturday", "2026-12-05 11:00", 4 * time.Hour, "2026-12-07 14:00"},
		{"skips christmas", "2026-12-24 17:00", time.Hour, "2026-12-28 09:30"},
		{"a full working day", "2026-12-01 09:00", 7*time.Hour + 30*time.Minute, "2026-12-01 17:30"},
		{"several days", "2026-12-01 09:00", 3 * (7*time.Hour + 30*time.Minute), "2026-12-03 17:30"},
		{"zero target", "2026-12-05 11:00", 0, "2026-12-05 11:00"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := c.Due(at(tc.start), tc.target)
			if want := at(tc.want); !ok || !got.Equal(want) {
				t.Errorf("Due(%s, %v) = %v, %v; want %v", tc.start, tc.target, got.In(paris), ok, want)
			}
			if tc.target > 0 {
				if e := c.Elapsed(at(tc.start), got); e != tc.target {
					t.Errorf("Elapsed(start, due) = %v, want %v", e, tc.target)
				}
			}
		})
	}
}

// TestDue_TimeZone reads the same instant in another zone: the calendar
// works in Paris whatever zone start is given in.
func TestDue_TimeZone(t *testing.T) {
	c := office(t)
	start := time.Date(2026, 12, 4, 16, 10, 0, 0, time.UTC) // 17:10 in Paris
	got, _ := c.Due(start, time.Hour)
	if want := at("2026-12-07 09:40"); !got.Equal(want) {
		t.Errorf("Due = %v, want %v", got.In(paris), want)
	}
	ny, _ := New(mustLoad("America/New_York"), [7][]Period{time.Friday: {{9 * 60, 17 * 60}}, time.Monday: {{9 * 60, 17 * 60}}})
	// 17:10 Paris is 11:10 in New York: due the same afternoon.
	got, _ = ny.Due(start, time.Hour)
	if want := time.Date(2026, 12, 4, 17, 10, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("New York Due = %v, want %v", got.UTC(), want)
	}
}

// TestDue_DaylightSaving crosses the spring change: a working day still
// has its hours on the wall clock.
func TestDue_DaylightSaving(t *testing.T) {
	c := office(t)
	got, _ := c.Due(at("2026-03-27 17:00"), time.Hour) // Friday before the change
	if want := at("2026-03-30 09:30"); !got.Equal(want) {
		t.Errorf("Due = %v, want %v", got.In(paris), want)
	}
	// Around the clock, the night of the change lasts 23 hours.
	a, _ := New(paris, [7][]Period{})
	got, _ = a.Due(at("2026-03-28 12:00"), 24*time.Hour)
	if want := at("2026-03-29 13:00"); !got.Equal(want) {
		t.Errorf("around the clock Due = %v, want %v", got.In(paris), want)
	}
}

func TestDue_WaitingPauses(t *testing.T) {
	c := office(t)
	start := at("2026-12-01 09:00")
	// Waiting for the customer 10:00-15:00 stops the clock for 4 working
	// hours (10-12, 13-15).
	wait := Interval{at("2026-12-01 10:00"), at("2026-12-01 15:00")}
	got, _ := c.Due(start, 2*time.Hour, wait)
	if want := at("2026-12-01 16:00"); !got.Equal(want) {
		t.Errorf("Due = %v, want %v", got.In(paris), want)
	}
	// Two pauses, unsorted and overlapping, count once.
	got, _ = c.Due(start, 2*time.Hour, Interval{at("2026-12-01 14:00"), at("2026-12-01 15:00")}, wait)
	if want := at("2026-12-01 16:00"); !got.Equal(want) {
		t.Errorf("overlapping Due = %v, want %v", got.In(paris), want)
	}
	// Still waiting (no end): the clock never runs out.
	if got, ok := c.Due(start, 2*time.Hour, Interval{From: at("2026-12-01 10:00")}); ok {
		t.Errorf("open pause: Due = %v, want none", got)
	}
	// At 14:00 during the pause, one working hour has passed.
	if r := c.Remaining(start, 2*time.Hour, at("2026-12-01 14:00"), wait); r != time.Hour {
		t.Errorf("Remaining = %v, want 1h", r)
	}
}

// TestDue_NextResponseRestarts: each new customer message starts the next
// response target again from that message.
func TestDue_NextResponseRestarts(t *testing.T) {
	c := office(t)
	target := 2 * time.Hour
	first, _ := c.Due(at("2026-12-01 09:00"), target)
	again, _ := c.Due(at("2026-12-01 11:30"), target)
	if want := at("2026-12-01 11:00"); !first.Equal(want) {
		t.Errorf("first = %v, want %v", first.In(paris), want)
	}
	if want := at("2026-12-01 14:30"); !again.Equal(want) {
		t.Errorf("restarted = %v, want %v", again.In(paris), want)
	}
}

func TestRemaining_Overdue(t *testing.T) {
	c := office(t)
	// Due Friday 17:30; Monday 09:15 is 15 working minutes overdue.
	r := c.Remaining(at("2026-12-04 16:30"), time.Hour, at("2026-12-07 09:15"))
	if r != -15*time.Minute {
		t.Errorf("Remaining = %v, want -15m", r)
	}
	if e := c.Elapsed(at("2026-12-05 10:00"), at("2026-12-05 12:00")); e != 0 {
		t.Errorf("weekend Elapsed = %v, want 0", e)
	}
}

func TestAlways(t *testing.T) {
	start := time.Date(2026, 12, 4, 17, 10, 0, 0, time.UTC)
	got, ok := Always.Due(start, 49*time.Hour)
	if want := start.Add(49 * time.Hour); !ok || !got.Equal(want) {
		t.Errorf("Due = %v, want %v", got, want)
	}
}

func TestNew_Invalid(t *testing.T) {
	for name, week := range map[string][7][]Period{
		"reversed":   {time.Monday: {{12 * 60, 9 * 60}}},
		"overlap":    {time.Monday: {{9 * 60, 12 * 60}, {11 * 60, 13 * 60}}},
		"past 24:00": {time.Monday: {{9 * 60, 25 * 60}}},
	} {
		if _, err := New(paris, week); !errors.Is(err, socialcrm.ErrInvalid) {
			t.Errorf("%s: err = %v, want ErrInvalid", name, err)
		}
	}
	if _, err := New(paris, [7][]Period{}, "25/12"); !errors.Is(err, socialcrm.ErrInvalid) {
		t.Errorf("bad holiday: err = %v, want ErrInvalid", err)
	}
}

// TestDue_AllHolidays ends the search instead of looping forever.
func TestDue_AllHolidays(t *testing.T) {
	c, _ := New(paris, [7][]Period{time.Monday: {{9 * 60, 10 * 60}}}, "2026-12-07")
	if got, ok := c.Due(at("2026-12-07 08:00"), time.Hour); !ok || !got.Equal(at("2026-12-14 10:00")) {
		t.Errorf("Due = %v, %v; want next Monday 10:00", got.In(paris), ok)
	}
}
