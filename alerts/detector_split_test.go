package alerts

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// sharedNames are the five labelled tweet-volume series.
var sharedNames = []string{"Twitter_volume_AAPL.csv", "Twitter_volume_AMZN.csv", "Twitter_volume_CVS.csv",
	"Twitter_volume_FB.csv", "Twitter_volume_GOOG.csv"}

// candidate is one point of the tuning grid.
type candidate struct{ threshold, countBar float64 }

func (c candidate) params() Params {
	p := DefaultParams()
	p.Threshold, p.CountBar = c.threshold, c.countBar
	return p
}

func (c candidate) String() string {
	return fmt.Sprintf("threshold %.1f, count_bar %.1f", c.threshold, c.countBar)
}

// TestReplay_SplitSeries tunes the detector's threshold and count bar on
// three of the shared series and reports the chosen parameters on the two
// held back, then swaps (tunes on the two, reports on the three). Each
// series is thus judged once by parameters that never saw it, and the
// held-back halves together must meet the targets of the shared series.
func TestReplay_SplitSeries(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	dir := sharedData(t, "spikes/nab-realtweets")
	wins := loadWindows(t, dir)
	series := map[string][]Point{}
	for _, name := range sharedNames {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		pts, err := ReadSeries(f)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		series[name] = pts
	}
	var grid []candidate
	// strictest first: ties go to the candidate expected to alert least
	for _, th := range []float64{5.5, 5, 4.5} {
		for _, cb := range []float64{1, 0.5, 0} {
			grid = append(grid, candidate{th, cb})
		}
	}
	// one tally per candidate and series
	runs := map[candidate]map[string]tally{}
	for _, c := range grid {
		runs[c] = map[string]tally{}
		for name, pts := range series {
			var tl tally
			h, fa := score(Replay(c.params(), pts), wins[name])
			tl.hit, tl.total, tl.falseAlerts = h, len(wins[name]), fa
			tl.weeks = pts[len(pts)-1].Start.Sub(pts[0].Start).Hours() / (24 * 7)
			runs[c][name] = tl
		}
	}
	sum := func(c candidate, names []string) tally {
		var tl tally
		for _, n := range names {
			r := runs[c][n]
			tl.hit, tl.total, tl.falseAlerts, tl.weeks = tl.hit+r.hit, tl.total+r.total, tl.falseAlerts+r.falseAlerts, tl.weeks+r.weeks
		}
		return tl
	}
	splitA := []string{"Twitter_volume_AMZN.csv", "Twitter_volume_CVS.csv", "Twitter_volume_GOOG.csv"}
	splitB := []string{"Twitter_volume_AAPL.csv", "Twitter_volume_FB.csv"}
	var held tally
	for _, sp := range []struct{ tune, report []string }{{splitA, splitB}, {splitB, splitA}} {
		best := bestCandidate(grid, func(c candidate) tally { return sum(c, sp.tune) })
		tuned, rep := sum(best, sp.tune), sum(best, sp.report)
		t.Logf("tuned on %v: chose %v: %v", short(sp.tune), best, tuned)
		t.Logf("  held back %v: %v", short(sp.report), rep)
		held.hit, held.total, held.falseAlerts, held.weeks = held.hit+rep.hit, held.total+rep.total, held.falseAlerts+rep.falseAlerts, held.weeks+rep.weeks
	}
	t.Logf("held-back halves together (every series judged by parameters not tuned on it): %v", held)
	if held.recall() < targetRecall || held.perWeek() > targetFalsePerWeek {
		t.Errorf("held back: want >= %.0f%% windows hit and <= %.2f false alerts/week; got %v",
			100*targetRecall, targetFalsePerWeek, held)
	}
}

// bestCandidate is the candidate of grid that hits the most windows with
// at most targetFalsePerWeek false alerts a week, then the fewest false
// alerts; the first in grid order on ties. Without any under the false
// alert target, it is the one with the fewest false alerts, then the most
// windows hit. The grid lists the strictest candidates first: when the
// tuning series cannot tell candidates apart (on the large AAPL and FB
// series the count model never judges, every count bar does the same),
// the one expected to alert least wins.
func bestCandidate(grid []candidate, eval func(candidate) tally) candidate {
	better := func(a, b tally) bool {
		aok, bok := a.perWeek() <= targetFalsePerWeek, b.perWeek() <= targetFalsePerWeek
		switch {
		case aok != bok:
			return aok
		case !aok && a.falseAlerts != b.falseAlerts:
			return a.falseAlerts < b.falseAlerts
		case a.hit != b.hit:
			return a.hit > b.hit
		}
		return a.falseAlerts < b.falseAlerts
	}
	best, bestT := grid[0], eval(grid[0])
	for _, c := range grid[1:] {
		if tl := eval(c); better(tl, bestT) {
			best, bestT = c, tl
		}
	}
	return best
}

// short names series by their brand.
func short(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = n[len("Twitter_volume_") : len(n)-len(".csv")]
	}
	slices.Sort(out)
	return out
}
