package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// writeSeries writes a week of a flat 5-minute series with noise and one
// burst, and returns the file and the burst's start.
func writeSeries(t *testing.T) (string, time.Time) {
	t.Helper()
	var b strings.Builder
	b.WriteString("timestamp,value\n")
	start := time.Date(2015, 3, 2, 0, 0, 0, 0, time.UTC)
	burst := start.Add(5*24*time.Hour + 14*time.Hour)
	for i := range 7 * 288 {
		at := start.Add(time.Duration(i) * 5 * time.Minute)
		v := 40 + (i*7)%11 // 40 … 50
		if !at.Before(burst) && at.Before(burst.Add(20*time.Minute)) {
			v = 600
		}
		fmt.Fprintf(&b, "%s,%d\n", at.Format(time.DateTime), v)
	}
	path := filepath.Join(t.TempDir(), "series.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path, burst
}

func TestSpikes(t *testing.T) {
	path, burst := writeSeries(t)
	var out, errw bytes.Buffer
	env := func(string) string { return "" }
	if err := run(context.Background(), []string{"spikes", "--csv", path}, env, nil, &out, &errw); err != nil {
		t.Fatal(err)
	}
	var alerts []struct {
		Start, End         time.Time
		Severity           string
		Observed, Expected float64
	}
	sc := bufio.NewScanner(&out)
	for sc.Scan() {
		var a struct {
			Start    string  `json:"start"`
			End      string  `json:"end"`
			Severity string  `json:"severity"`
			Observed float64 `json:"observed"`
			Expected float64 `json:"expected"`
		}
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		start, err1 := time.Parse(time.RFC3339, a.Start)
		end, err2 := time.Parse(time.RFC3339, a.End)
		if err1 != nil || err2 != nil {
			t.Fatalf("start/end are not RFC 3339: %q", sc.Text())
		}
		alerts = append(alerts, struct {
			Start, End         time.Time
			Severity           string
			Observed, Expected float64
		}{start, end, a.Severity, a.Observed, a.Expected})
	}
	if len(alerts) != 1 {
		t.Fatalf("got %d alerts, want 1:\n%s", len(alerts), out.String())
	}
	a := alerts[0]
	if a.Start.Before(burst) || a.Start.After(burst.Add(10*time.Minute)) || !a.End.After(a.Start) {
		t.Errorf("alert %v … %v, want it to start in the burst at %v", a.Start, a.End, burst)
	}
	if a.Observed != 600 || a.Expected < 40 || a.Expected > 50 || a.Severity == "" {
		t.Errorf("alert = %+v", a)
	}
}

func TestSpikes_Errors(t *testing.T) {
	env := func(string) string { return "" }
	bad := filepath.Join(t.TempDir(), "bad.csv")
	if err := os.WriteFile(bad, []byte("timestamp,value\n2015-03-02 00:00:00,4\n2015-03-02 00:05:00,four\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"NoFile", []string{"spikes"}, "--csv FILE is required"},
		{"Missing", []string{"spikes", "--csv", filepath.Join(t.TempDir(), "none.csv")}, "no such file"},
		{"BadRow", []string{"spikes", "--csv", bad}, "line 3: bad value"},
		{"BadFlag", []string{"spikes", "--csv", bad, "--threshold", "-1"}, "threshold"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errw bytes.Buffer
			err := run(context.Background(), tc.args, env, nil, &out, &errw)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want it to say %q", err, tc.want)
			}
		})
	}
}

// TestSpikes_AlertConfig replays with the parameters of serve's
// --alert-config: the shared ones, or one brand's overrides.
func TestSpikes_AlertConfig(t *testing.T) {
	path, _ := writeSeries(t)
	conf := filepath.Join(t.TempDir(), "alerts.yaml")
	yaml := "params:\n  threshold: 5\nbrands:\n  bigco:\n    min_volume: 1000 # windows of 600 are small for bigco\n"
	if err := os.WriteFile(conf, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	env := func(string) string { return "" }
	for _, tc := range []struct {
		name string
		args []string
		want int
	}{
		{"Shared", []string{"--alert-config", conf}, 1},
		{"Brand", []string{"--alert-config", conf, "--brand", "bigco"}, 0},
		{"FlagOverBrand", []string{"--alert-config", conf, "--brand", "bigco", "--min-volume", "5"}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errw bytes.Buffer
			args := append([]string{"spikes", "--csv", path}, tc.args...)
			if err := run(context.Background(), args, env, nil, &out, &errw); err != nil {
				t.Fatal(err)
			}
			if got := strings.Count(out.String(), "\n"); got != tc.want {
				t.Errorf("%d alerts, want %d:\n%s", got, tc.want, out.String())
			}
		})
	}
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"BrandNoConfig", []string{"--brand", "bigco"}, "--brand bigco needs --alert-config"},
		{"UnknownBrand", []string{"--alert-config", conf, "--brand", "nosuch"}, "has no overrides"},
		{"BadConfig", []string{"--alert-config", path}, "alerts: config"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errw bytes.Buffer
			err := run(context.Background(), append([]string{"spikes", "--csv", path}, tc.args...), env, nil, &out, &errw)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want it to say %q", err, tc.want)
			}
		})
	}
}
