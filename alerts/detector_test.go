package alerts

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// poisson draws a Poisson count with mean lambda (Knuth; lambda small).
func poisson(r *rand.Rand, lambda float64) float64 {
	l, k, p := math.Exp(-lambda), 0.0, 1.0
	for {
		p *= r.Float64()
		if p <= l {
			return k
		}
		k++
	}
}

// seasonal returns days of 5-minute counts with a daily cycle and quieter
// weekends, starting on a Monday.
func seasonal(seed uint64, days int, base float64) []Point {
	return seasonalTimes(seed, days, base, func(time.Time) float64 { return 1 })
}

// seasonalTimes is seasonal with the mean of each window multiplied by
// mult(window start).
func seasonalTimes(seed uint64, days int, base float64, mult func(time.Time) float64) []Point {
	r := rand.New(rand.NewPCG(seed, 7))
	start := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	var pts []Point
	for i := range days * 288 {
		at := start.Add(time.Duration(i) * 5 * time.Minute)
		hour := float64(at.Hour()) + float64(at.Minute())/60
		lambda := base * (1 + 0.6*math.Sin(2*math.Pi*(hour-9)/24))
		if isWeekend(at) {
			lambda *= 0.6
		}
		lambda *= mult(at)
		pts = append(pts, Point{Start: at, Value: poisson(r, lambda)})
	}
	return pts
}

func TestDetector_QuietSeasonalSeries(t *testing.T) {
	for _, base := range []float64{3, 30, 150} {
		for seed := range uint64(3) {
			if got := Replay(DefaultParams(), seasonal(seed, 21, base)); len(got) != 0 {
				t.Errorf("base %v seed %d: %d alerts on a series with no anomaly: %+v", base, seed, len(got), got[0])
			}
		}
	}
}

func TestDetector_Spike(t *testing.T) {
	for _, base := range []float64{3, 30, 150} {
		pts := seasonal(1, 14, base)
		at := 10*288 + 150 // day 10 (a Thursday), 12:30
		for i := at; i < at+4; i++ {
			pts[i].Value += 8*base + 10
		}
		got := Replay(DefaultParams(), pts)
		if len(got) != 1 {
			t.Fatalf("base %v: %d alerts, want 1: %+v", base, len(got), got)
		}
		s := got[0]
		if s.Start.Before(pts[at].Start) || s.Start.After(pts[at+1].Start) {
			t.Errorf("base %v: alert starts %v, want within a window of the spike at %v", base, s.Start, pts[at].Start)
		}
		if !s.End.After(s.Start) || s.Observed < pts[at].Value || s.Expected > 2*base || s.Severity == "" {
			t.Errorf("base %v: alert %+v", base, s)
		}
	}
}

// TestDetector_Swell raises one alert for a day whose volume swells by
// 60%, with no window far from its usual count, and keeps it open while
// the day's volume stays high.
func TestDetector_Swell(t *testing.T) {
	start := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	from, to := start.Add(10*24*time.Hour+6*time.Hour), start.Add(11*24*time.Hour) // Thursday from 06:00
	pts := seasonalTimes(4, 14, 30, func(at time.Time) float64 {
		if !at.Before(from) && at.Before(to) {
			return 1.6
		}
		return 1
	})
	got := Replay(DefaultParams(), pts)
	if len(got) != 1 {
		t.Fatalf("%d alerts, want 1: %+v", len(got), got)
	}
	if s := got[0]; s.Start.Before(from) || !s.Start.Before(to) || s.End.Before(to) {
		t.Errorf("alert %v to %v, want it to start during the swell (%v to %v) and last past it", s.Start, s.End, from, to)
	}
	p := DefaultParams()
	p.Level = 0
	if got := Replay(p, pts); len(got) != 0 {
		t.Errorf("without the level check: %d alerts, want none (no window is a spike): %+v", len(got), got)
	}
}

// TestDetector_WarmUp keeps a series without earlier days quiet through
// its first daily rise, but not through a burst: compared with the last
// hours only, it alerts on urgent scores alone.
func TestDetector_WarmUp(t *testing.T) {
	pts := seasonal(5, 1, 30) // the first day: no earlier day to compare with
	if got := Replay(DefaultParams(), pts); len(got) != 0 {
		t.Errorf("the daily rise of a new series raised %d alerts: %+v", len(got), got)
	}
	at := 150
	for i := at; i < at+3; i++ {
		pts[i].Value += 600
	}
	if got := Replay(DefaultParams(), pts); len(got) != 1 || !got[0].Start.Equal(pts[at].Start) {
		t.Errorf("a fifteenfold burst on the first day: alerts %+v, want one at %v", got, pts[at].Start)
	}
}

func TestDetector_NegativeShare(t *testing.T) {
	pts := seasonal(2, 7, 20)
	at := 5*288 + 100
	for i := range pts {
		pts[i].Total = pts[i].Value * 5 // negative mentions are a fifth of all
	}
	for i := at; i < at+3; i++ {
		pts[i].Value = pts[i].Value*10 + 30 // many more negative mentions, but still few of all
		pts[i].Total = pts[i].Value * 4
	}
	if got := Replay(DefaultParams(), pts); len(got) != 0 {
		t.Errorf("a rise with a 25%% negative share raised %d alerts", len(got))
	}
	for i := at; i < at+3; i++ {
		pts[i].Total = pts[i].Value * 1.2
	}
	if got := Replay(DefaultParams(), pts); len(got) != 1 {
		t.Errorf("a rise with an 83%% negative share raised %d alerts, want 1", len(got))
	}
}

func TestReadSeries(t *testing.T) {
	pts, err := ReadSeries(strings.NewReader("timestamp,value\n2015-02-26 21:42:53,104\n2015-02-26T21:47:53Z,100\n"))
	if err != nil || len(pts) != 2 || pts[1].Value != 100 || pts[1].Start.Sub(pts[0].Start) != 5*time.Minute {
		t.Fatalf("ReadSeries = %+v, %v", pts, err)
	}
	for _, tc := range []struct{ name, in, want string }{
		{"BadValue", "timestamp,value\n2015-02-26 21:42:53,x\n", "line 2: bad value"},
		{"Negative", "2015-02-26 21:42:53,-1\n", "line 1: bad value"},
		{"BadTime", "timestamp,value\n2015-02-26 21:42:53,1\nyesterday,2\n", "line 3: bad timestamp"},
		{"Fields", "timestamp,value\n2015-02-26 21:42:53\n", "line 2: want 2 fields"},
		{"Order", "2015-02-26 21:42:53,1\n2015-02-26 21:42:53,2\n", "line 2: timestamp"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadSeries(strings.NewReader(tc.in))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want it to say %q", err, tc.want)
			}
		})
	}
}

func TestParams_Validate(t *testing.T) {
	if err := DefaultParams().Validate(); err != nil {
		t.Fatal(err)
	}
	bad := DefaultParams()
	bad.ResolveBelow = bad.Threshold + 1
	if bad.Validate() == nil {
		t.Error("resolve_below above threshold accepted")
	}
	bad = DefaultParams()
	bad.Window = 0
	if bad.Validate() == nil {
		t.Error("zero window accepted")
	}
}

func BenchmarkDetector_Observe(b *testing.B) {
	pts := seasonal(1, 28, 50)
	for b.Loop() {
		Replay(DefaultParams(), pts)
	}
	b.ReportMetric(float64(b.N*len(pts))/b.Elapsed().Seconds(), "points/s")
}
