package main

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var twoDefaults = regexp.MustCompile(`\(default [^)]*\).*\(default `)

// TestHelp: every command and subcommand answers --help with its usage,
// its subcommands and its flags, and exits 0.
func TestHelp(t *testing.T) {
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"graph", "--help"}, []string{"analyze", "generate", "--edges", "--interactions", "[SOCIALCRM_GRAPH_EDGES]"}},
		{[]string{"graph", "analyze", "--help"}, []string{"--edges", "--ties-out"}},
		{[]string{"import", "--help"}, []string{"contacts", "--dry-run", "[DATABASE_URL]"}},
		{[]string{"export", "--help"}, []string{"contacts", "accounts", "leads", "opportunities", "Disqualified Reason", "Expected Close Date", "--out"}},
		{[]string{"export", "opportunities", "--help"}, []string{"Contact IDs", "--database-url", "[DATABASE_URL]"}},
		{[]string{"gdpr", "--help"}, []string{"export", "erase", "--contact", "gdpr erase --contact ID"}},
		{[]string{"train", "--help"}, []string{"sentiment", "--data", "--seed", `(default "en")`}},
		{[]string{"train", "sentiment", "--help"}, []string{"--out"}},
		{[]string{"bench", "--help"}, []string{"pipeline", "--mentions", "(default 200000)", "[SOCIALCRM_MODEL]"}},
		{[]string{"spikes", "--help"}, []string{"--threshold float", "[SOCIALCRM_ALERT_THRESHOLD] (default 5)", "--min-volume float", "--window duration"}},
	}
	for _, tt := range tests {
		_, errOut, err := runCmd(t, nil, tt.args...)
		if !errors.Is(err, flag.ErrHelp) {
			t.Errorf("%v: err %v, want flag.ErrHelp (exit 0)", tt.args, err)
		}
		for _, w := range tt.want {
			if !strings.Contains(errOut, w) {
				t.Errorf("%v: help lacks %q:\n%s", tt.args, w, errOut)
			}
		}
		if strings.Contains(errOut, "(default -1)") || twoDefaults.MatchString(errOut) {
			t.Errorf("%v: help shows two defaults for a flag:\n%s", tt.args, errOut)
		}
	}
	for _, args := range [][]string{{"graph"}, {"graph", "nope"}, {"train"}} {
		if _, _, err := runCmd(t, nil, args...); err == nil || errors.Is(err, flag.ErrHelp) {
			t.Errorf("%v: err %v, want an error naming the subcommands", args, err)
		}
	}
}

func TestGraphAnalyze_Strict(t *testing.T) {
	write := fileWriter(t)
	mixed := write("mixed.csv", "source,target,timestamp,kind\na,b,2026-11-01T00:00:00Z,reply\na\tb\t2026-11-01T00:00:00Z\treply\nb,a,2026-11-01T00:00:00Z,reply,x\n")
	out, errOut, err := runCmd(t, nil, "graph", "analyze", "--edges", mixed, "--quiet")
	if err != nil {
		t.Fatalf("a file with one valid row: %v", err)
	}
	for _, w := range []string{"skipped 2 bad rows", "line 3: want 4 fields", "line 4: want 4 fields source,target,timestamp,kind, got 5"} {
		if !strings.Contains(errOut, w) {
			t.Errorf("stderr lacks %q:\n%s", w, errOut)
		}
	}
	if !strings.Contains(out, `"nodes":2`) {
		t.Errorf("summary %s, want 2 nodes", out)
	}
	quote := write("quote.csv", "a,b,2026-11-01T00:00:00Z,reply\n\"unterminated,quote,2026-11-01T00:00:00Z,reply\nc,d,2026-11-01T00:00:00Z,reply\n")
	out, errOut, err = runCmd(t, nil, "graph", "analyze", "--edges", quote, "--quiet")
	if err != nil || !strings.Contains(errOut, "line 2: extraneous or missing \" in quoted-field") || !strings.Contains(out, `"nodes":2`) {
		t.Errorf("an unterminated quote: err %v, stderr %s, summary %s; want line 2 reported and its pieces not made nodes", err, errOut, out)
	}
	bad := write("bad.csv", "a;b;2026;reply\nnot,a,row\n")
	out, errOut, err = runCmd(t, nil, "graph", "analyze", "--edges", bad)
	if err == nil || !strings.Contains(err.Error(), "no valid row read (2 bad)") || out != "" {
		t.Errorf("a file without valid rows: err %v, out %q, stderr %s", err, out, errOut)
	}
}

func TestSpikes_Messages(t *testing.T) {
	write := fileWriter(t)
	flat := "timestamp,value\n"
	for _, ts := range []string{"00:00", "00:05", "00:10", "00:15"} {
		flat += "2026-11-01 " + ts + ":00,3\n"
	}
	tests := []struct {
		name, body string
		wantErr    string
		wantStderr string
	}{
		{"Empty", "", "", "no alerts in 0 points"},
		{"NoAlert", flat, "", "no alerts in 4 points from 2026-11-01T00:00:00Z to 2026-11-01T00:15:00Z"},
		{"OtherHeader", "time,count\n2026-11-01 00:00:00,3\n", `header "time,count": want "timestamp,value"`, ""},
	}
	for _, tt := range tests {
		out, errOut, err := runCmd(t, nil, "spikes", "--csv", write(tt.name+".csv", tt.body))
		switch {
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("%s: err %v, want %q", tt.name, err, tt.wantErr)
		case tt.wantErr == "" && err != nil:
			t.Errorf("%s: %v", tt.name, err)
		case !strings.Contains(errOut, tt.wantStderr) || out != "":
			t.Errorf("%s: stdout %q, stderr %q, want %q on stderr", tt.name, out, errOut, tt.wantStderr)
		}
	}
}

// fileWriter returns a function that writes body to the file name in a
// directory of the test's own and returns its path.
func fileWriter(t *testing.T) func(name, body string) string {
	dir := t.TempDir()
	return func(name, body string) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
}
