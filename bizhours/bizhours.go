// Package bizhours computes service-level due times over business hours:
// several working periods a day in a time zone, holidays, and pauses (while
// a case waits for the customer) during which the clock stops.
//
// Every function is pure: the current time is always passed in, so callers
// inject their clock and tests need no sleeping.
package bizhours

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/socialcrm/socialcrm"
)

// maxDays bounds the search for working time: a calendar with periods has
// working time at least once a year unless every day is a holiday.
const maxDays = 3 * 366

// Period is a working period of a day, in minutes after local midnight:
// From inclusive, To exclusive, 0 <= From < To <= 24*60.
type Period struct{ From, To int }

func (p Period) String() string {
	return fmt.Sprintf("%02d:%02d-%02d:%02d", p.From/60, p.From%60, p.To/60, p.To%60)
}

// Interval is a span of time, From inclusive, To exclusive.
type Interval struct{ From, To time.Time }

// Calendar is the working time of a team. The zero Calendar, and Always,
// work around the clock in UTC with no holidays.
type Calendar struct {
	loc      *time.Location
	week     [7][]Period // by time.Weekday; all nil means around the clock
	holidays map[date]bool
}

type date struct {
	y int
	m time.Month
	d int
}

// Always works around the clock every day.
var Always = Calendar{}

// New returns the calendar working in loc during week's periods (indexed by
// time.Weekday), except on holidays ("2006-01-02" dates, local to loc). A
// week without any period works around the clock. Periods of a day must be
// ordered and must not overlap.
func New(loc *time.Location, week [7][]Period, holidays ...string) (Calendar, error) {
	if loc == nil {
		loc = time.UTC
	}
	c := Calendar{loc: loc, holidays: map[date]bool{}}
	for wd, ps := range week {
		for i, p := range ps {
			switch {
			case p.From < 0 || p.To > 24*60 || p.From >= p.To:
				return Calendar{}, socialcrm.Invalidf("bizhours: %s period %s: want 00:00 <= from < to <= 24:00", time.Weekday(wd), p)
			case i > 0 && p.From < ps[i-1].To:
				return Calendar{}, socialcrm.Invalidf("bizhours: %s period %s overlaps or precedes %s", time.Weekday(wd), p, ps[i-1])
			}
		}
		c.week[wd] = slices.Clone(ps)
	}
	for _, h := range holidays {
		t, err := time.Parse(time.DateOnly, strings.TrimSpace(h))
		if err != nil {
			return Calendar{}, socialcrm.Invalidf("bizhours: holiday %q: want YYYY-MM-DD", h)
		}
		c.holidays[date{t.Year(), t.Month(), t.Day()}] = true
	}
	if !c.aroundTheClock() && c.weeklyMinutes() == 0 {
		return Calendar{}, socialcrm.Invalidf("bizhours: no working time in the week")
	}
	return c, nil
}

// Location is the calendar's time zone.
func (c Calendar) Location() *time.Location {
	if c.loc == nil {
		return time.UTC
	}
	return c.loc
}

func (c Calendar) aroundTheClock() bool {
	for _, ps := range c.week {
		if len(ps) > 0 {
			return false
		}
	}
	return true
}

func (c Calendar) weeklyMinutes() int {
	n := 0
	for _, ps := range c.week {
		for _, p := range ps {
			n += p.To - p.From
		}
	}
	return n
}

// windows calls yield with the working intervals from the local day of t
// onwards, in order, for at most maxDays days. It stops when yield returns
// false.
func (c Calendar) windows(t time.Time, yield func(Interval) bool) {
	loc := c.Location()
	l := t.In(loc)
	y, m, d := l.Date()
	for i := range maxDays {
		day := time.Date(y, m, d+i, 0, 0, 0, 0, loc)
		if c.holidays[date{day.Year(), day.Month(), day.Day()}] {
			continue
		}
		if c.aroundTheClock() {
			if !yield(Interval{day, time.Date(y, m, d+i+1, 0, 0, 0, 0, loc)}) {
				return
			}
			continue
		}
		for _, p := range c.week[day.Weekday()] {
			// time.Date normalises minutes past 59 and hours past 23, and
			// resolves daylight-saving gaps the way the zone does.
			w := Interval{
				time.Date(day.Year(), day.Month(), day.Day(), 0, p.From, 0, 0, loc),
				time.Date(day.Year(), day.Month(), day.Day(), 0, p.To, 0, 0, loc),
			}
			if !yield(w) {
				return
			}
		}
	}
}

// minus returns the parts of w outside pauses (sorted, merged).
func minus(w Interval, pauses []Interval) []Interval {
	out := []Interval{w}
	for _, p := range pauses {
		last := out[len(out)-1]
		if !p.To.After(last.From) || !p.From.Before(last.To) {
			continue
		}
		out = out[:len(out)-1]
		if p.From.After(last.From) {
			out = append(out, Interval{last.From, p.From})
		}
		if p.To.Before(last.To) {
			out = append(out, Interval{p.To, last.To})
		} else {
			break
		}
		if len(out) == 0 {
			break
		}
	}
	return out
}

// merge sorts pauses and joins those that overlap or touch, dropping empty
// ones. An open pause (zero To) lasts forever.
func merge(pauses []Interval) []Interval {
	var ps []Interval
	for _, p := range pauses {
		if p.To.IsZero() {
			p.To = time.Unix(1<<40, 0)
		}
		if p.To.After(p.From) {
			ps = append(ps, p)
		}
	}
	slices.SortFunc(ps, func(a, b Interval) int { return a.From.Compare(b.From) })
	var out []Interval
	for _, p := range ps {
		if n := len(out); n > 0 && !p.From.After(out[n-1].To) {
			if p.To.After(out[n-1].To) {
				out[n-1].To = p.To
			}
			continue
		}
		out = append(out, p)
	}
	return out
}

// Due returns when target of working time, not counting pauses, has passed
// since start. A zero target is due at start. The second result is false
// when no working time is left in the search horizon (every remaining day
// a holiday, or an endless pause); Due then returns the zero time.
func (c Calendar) Due(start time.Time, target time.Duration, pauses ...Interval) (time.Time, bool) {
	if target <= 0 {
		return start, true
	}
	ps := merge(pauses)
	left := target
	var due time.Time
	c.windows(start, func(w Interval) bool {
		if !w.To.After(start) {
			return true
		}
		if w.From.Before(start) {
			w.From = start
		}
		for _, part := range minus(w, ps) {
			if n := part.To.Sub(part.From); left <= n {
				due = part.From.Add(left)
				return false
			} else {
				left -= n
			}
		}
		return true
	})
	return due, !due.IsZero()
}

// Elapsed returns the working time between start and end, not counting
// pauses. It is zero when end is not after start.
func (c Calendar) Elapsed(start, end time.Time, pauses ...Interval) time.Duration {
	if !end.After(start) {
		return 0
	}
	ps := merge(pauses)
	var sum time.Duration
	c.windows(start, func(w Interval) bool {
		if !w.From.Before(end) {
			return false
		}
		if w.From.Before(start) {
			w.From = start
		}
		if w.To.After(end) {
			w.To = end
		}
		if !w.To.After(w.From) {
			return true
		}
		for _, part := range minus(w, ps) {
			sum += part.To.Sub(part.From)
		}
		return true
	})
	return sum
}

// Remaining returns the working time left at now on a target started at
// start; it is negative once the target is overdue, by the working time
// past due.
func (c Calendar) Remaining(start time.Time, target time.Duration, now time.Time, pauses ...Interval) time.Duration {
	return target - c.Elapsed(start, now, pauses...)
}
