package web_test

import (
	"testing"
	"time"

	"github.com/socialcrm/socialcrm/web"
)

// spanCases are the human forms of durations, the same in Go (humanSpan)
// and on the pages (SC.duration); TestDashboard_Truth checks the pages.
var spanCases = []struct {
	d    time.Duration
	want string
}{
	{0, "0 s"},
	{45 * time.Second, "45 s"},
	{time.Minute, "1 min"},
	{90 * time.Second, "1 min 30 s"},
	{5 * time.Minute, "5 min"},
	{time.Hour, "1 h"},
	{90 * time.Minute, "1 h 30 min"},
	{24 * time.Hour, "24 h"},
	{47*time.Hour + 59*time.Minute, "47 h 59 min"},
	{48 * time.Hour, "2 days"},
	{7 * 24 * time.Hour, "7 days"},
	{30*24*time.Hour + 3*time.Hour, "30 days 3 h"},
	{-2 * time.Minute, "−2 min"},
}

func TestHumanSpan(t *testing.T) {
	for _, c := range spanCases {
		if got := web.HumanSpan(c.d); got != c.want {
			t.Errorf("humanSpan(%v) = %q, want %q", c.d, got, c.want)
		}
	}
}
