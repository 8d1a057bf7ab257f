package alerts

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"
)

// sharedData returns the shared labelled data directory found beside the
// module root, or skips the test.
func sharedData(t *testing.T, sub string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("module root not found")
		}
		dir = parent
	}
	p := filepath.Join(dir, "..", "shared", "data", sub)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("shared data %s is absent: %v", sub, err)
	}
	return p
}

type window struct{ from, to time.Time }

func loadWindows(t *testing.T, dir string) map[string][]window {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "windows.json"))
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string][][2]string
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	out := map[string][]window{}
	for name, ws := range raw {
		for _, w := range ws {
			from, err1 := time.Parse("2006-01-02 15:04:05.999999", w[0])
			to, err2 := time.Parse("2006-01-02 15:04:05.999999", w[1])
			if err1 != nil || err2 != nil {
				t.Fatalf("windows.json %s: bad window %v", name, w)
			}
			out[name] = append(out[name], window{from, to})
		}
	}
	return out
}

// TestReplay_SharedSeries replays the labelled tweet-volume series and
// checks that alerts hit the labelled windows with few false alerts.
func TestReplay_SharedSeries(t *testing.T) {
	dir := sharedData(t, "spikes/nab-realtweets")
	wins := loadWindows(t, dir)
	names := make([]string, 0, len(wins))
	for n := range wins {
		names = append(names, n)
	}
	sort.Strings(names)
	var hit, total, falseAlerts int
	var weeks float64
	worst := 0.0
	for _, name := range names {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		pts, err := ReadSeries(f)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		spikes := Replay(DefaultParams(), pts)
		h, fa := score(spikes, wins[name])
		w := pts[len(pts)-1].Start.Sub(pts[0].Start).Hours() / (24 * 7)
		t.Logf("%s: %d/%d windows hit, %d false alerts in %.1f weeks (%.2f/week)", name, h, len(wins[name]), fa, w, float64(fa)/w)
		if testing.Verbose() {
			for _, s := range spikes {
				t.Logf("  %s %s %s obs=%.0f exp=%.1f z=%.1f", s.Start.Format(time.DateTime), s.End.Format(time.DateTime), s.Severity, s.Observed, s.Expected, s.Score)
			}
		}
		hit += h
		total += len(wins[name])
		falseAlerts += fa
		weeks += w
		worst = max(worst, float64(fa)/w)
	}
	recall := float64(hit) / float64(total)
	perWeek := float64(falseAlerts) / weeks
	t.Logf("shared series: %.1f%% of windows hit (%d/%d), %.2f false alerts per week per series (worst series %.2f)",
		100*recall, hit, total, perWeek, worst)
	if recall < targetRecall || perWeek > targetFalsePerWeek {
		t.Errorf("want >= %.0f%% windows hit and <= %.1f false alerts/week; got %.1f%% and %.2f",
			100*targetRecall, targetFalsePerWeek, 100*recall, perWeek)
	}
}

// Targets on the shared series.
const (
	targetRecall       = 0.90
	targetFalsePerWeek = 0.5
)

// score counts windows with an alert starting inside them and alerts
// starting outside every window.
func score(spikes []Spike, wins []window) (hit, falseAlerts int) {
	seen := make([]bool, len(wins))
	for _, s := range spikes {
		in := false
		for i, w := range wins {
			if !s.Start.Before(w.from) && !s.Start.After(w.to) {
				seen[i], in = true, true
			}
		}
		if !in {
			falseAlerts++
		}
	}
	for _, b := range seen {
		if b {
			hit++
		}
	}
	return hit, falseAlerts
}
