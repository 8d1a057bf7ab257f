package main

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
)

var soakLineRe = regexp.MustCompile(`produced +\d+/s +stored +\d+/s +lag +\d+ +p50 +[\d.]+ ms +p99 +[\d.]+ ms +rss +\d+ MiB`)

// bench soak sends mentions at a steady rate through the embedded broker
// and the pipeline into the store, prints its figures every interval and
// ends with one JSON line: at a rate the machine sustains, every mention
// produced is stored and the lag is back to 0.
func TestBenchSoak(t *testing.T) {
	for _, name := range []string{"memory", "postgres"} {
		t.Run(name, func(t *testing.T) {
			var env map[string]string
			if name == "postgres" {
				env = map[string]string{"DATABASE_URL": testDatabase(t, "to soak the pipeline on Postgres")}
			}
			out, errOut, err := runCmd(t, env, "bench", "soak", "--duration", "3s", "--rate", "300", "--interval", "500ms",
				"--store", name, "--partitions", "4", "--model", "vader")
			if err != nil {
				t.Fatalf("bench soak: %v\n%s", err, errOut)
			}
			if n := len(soakLineRe.FindAllString(errOut, -1)); n < 5 {
				t.Errorf("%d interval lines in 3s at 500ms, want at least 5:\n%s", n, errOut)
			}
			var res soakResult
			if err := json.Unmarshal([]byte(strings.TrimSpace(out)), &res); err != nil {
				t.Fatalf("output %q: %v", out, err)
			}
			t.Logf("%s", strings.TrimSpace(out))
			if !strings.Contains(errOut, "graph lag") {
				t.Errorf("interval lines without the graph's lag:\n%s", errOut)
			}
			if !res.Sustained || res.Stored <= 0 || res.P99 <= 0 || res.P50 > res.P99 || res.PeakRSS <= 0 || res.Store != name ||
				res.Graphed <= 0 || res.GraphLag != 0 || res.CPUSeconds <= 0 {
				t.Errorf("result %+v: want 300/s sustained into %s, with latencies and memory", res, name)
			}
		})
	}
}
