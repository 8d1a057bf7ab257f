package web

import (
	"fmt"
	"time"
)

// humanSpan writes a duration as people read it: "45 s", "1 min",
// "1 min 30 s", "24 h", "1 h 30 min", "7 days", "2 days 3 h". Seconds
// below one minute are kept; smaller parts of a larger unit are dropped
// below the second unit. SC.duration in static/app.js is the same
// function for the pages; keep the two alike.
func humanSpan(d time.Duration) string {
	if d < 0 {
		return "−" + humanSpan(-d)
	}
	d = d.Round(time.Second)
	s := int64(d / time.Second)
	switch {
	case s < 60:
		return fmt.Sprintf("%d s", s)
	case s < 3600:
		return twoParts(s/60, "min", s%60, "s")
	case s < 48*3600:
		return twoParts(s/3600, "h", s%3600/60, "min")
	}
	days, hours := s/86400, s%86400/3600
	unit := "days"
	if days == 1 {
		unit = "day"
	}
	return twoParts(days, unit, hours, "h")
}

// twoParts writes "3 h" or "3 h 20 min".
func twoParts(n int64, unit string, rest int64, restUnit string) string {
	if rest == 0 {
		return fmt.Sprintf("%d %s", n, unit)
	}
	return fmt.Sprintf("%d %s %d %s", n, unit, rest, restUnit)
}
