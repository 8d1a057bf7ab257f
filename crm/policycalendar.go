package crm

import (
	"fmt"
	"strings"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/bizhours"
)

var weekdays = map[string]time.Weekday{"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday,
	"wed": time.Wednesday, "thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday}

// compileCalendar turns a configured calendar into a bizhours.Calendar.
func compileCalendar(name string, spec socialcrm.CalendarSpec) (bizhours.Calendar, error) {
	loc := time.UTC
	if spec.Zone != "" {
		l, err := time.LoadLocation(spec.Zone)
		if err != nil {
			return bizhours.Calendar{}, socialcrm.Invalidf("crm: calendar %q: zone %q: want an IANA zone such as Europe/Rome", name, spec.Zone)
		}
		loc = l
	}
	if len(spec.Hours) == 0 {
		return bizhours.Calendar{}, socialcrm.Invalidf(`crm: calendar %q: hours: want days and periods such as "mon-fri": "09:00-17:00"`, name)
	}
	var week [7][]bizhours.Period
	for days, periods := range spec.Hours {
		ds, err := parseDays7(days)
		if err != nil {
			return bizhours.Calendar{}, socialcrm.Invalidf("crm: calendar %q: hours %q: %v", name, days, err)
		}
		ps, err := parsePeriods(periods)
		if err != nil {
			return bizhours.Calendar{}, socialcrm.Invalidf("crm: calendar %q: hours %q: %v", name, days, err)
		}
		for _, d := range ds {
			if week[d] != nil {
				return bizhours.Calendar{}, socialcrm.Invalidf("crm: calendar %q: hours %q: %s is listed twice", name, days, d)
			}
			week[d] = ps
		}
	}
	c, err := bizhours.New(loc, week, spec.Holidays...)
	if err != nil {
		return bizhours.Calendar{}, fmt.Errorf("crm: calendar %q: %w", name, err)
	}
	return c, nil
}

// parseDays7 reads "mon-fri", "sat", "mon,wed,fri" or "sat-sun".
func parseDays7(s string) ([]time.Weekday, error) {
	var out []time.Weekday
	for part := range strings.SplitSeq(strings.ToLower(s), ",") {
		from, to, isRange := strings.Cut(strings.TrimSpace(part), "-")
		a, ok1 := weekdays[strings.TrimSpace(from)]
		b, ok2 := weekdays[strings.TrimSpace(to)]
		if !isRange {
			b, ok2 = a, ok1
		}
		if !ok1 || !ok2 {
			return nil, fmt.Errorf("want days such as mon-fri, sat or mon,wed")
		}
		for d := a; ; d = (d + 1) % 7 {
			out = append(out, d)
			if d == b {
				break
			}
		}
	}
	return out, nil
}

// parsePeriods reads "09:00-12:30, 13:30-17:30".
func parsePeriods(s string) ([]bizhours.Period, error) {
	var out []bizhours.Period
	for part := range strings.SplitSeq(s, ",") {
		from, to, ok := strings.Cut(strings.TrimSpace(part), "-")
		a, err1 := clockMinutes(from)
		b, err2 := clockMinutes(to)
		if !ok || err1 != nil || err2 != nil {
			return nil, fmt.Errorf("period %q: want HH:MM-HH:MM such as 09:00-17:30", strings.TrimSpace(part))
		}
		out = append(out, bizhours.Period{From: a, To: b})
	}
	return out, nil
}

func clockMinutes(s string) (int, error) {
	var h, m int
	s = strings.TrimSpace(s)
	if _, err := fmt.Sscanf(s, "%d:%d", &h, &m); err != nil || len(s) != 5 || h < 0 || h > 24 || m < 0 || m > 59 || h == 24 && m > 0 {
		return 0, fmt.Errorf("bad time %q", s)
	}
	return h*60 + m, nil
}
