package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// bench graph sends interactions through the embedded broker into the
// graph saved in the store, restores it from there and prints one JSON
// line: every interaction is in the restored graph.
func TestBenchGraph(t *testing.T) {
	for _, name := range []string{"memory", "postgres"} {
		t.Run(name, func(t *testing.T) {
			var env map[string]string
			if name == "postgres" {
				env = map[string]string{"DATABASE_URL": testDatabase(t, "to bench the graph on Postgres")}
			}
			out, errOut, err := runCmd(t, env, "bench", "graph", "--interactions", "20000", "--store", name, "--partitions", "4")
			if err != nil {
				t.Fatalf("bench graph: %v\n%s", err, errOut)
			}
			lines := strings.Split(strings.TrimSpace(out), "\n")
			var res benchGraphResult
			if err := json.Unmarshal([]byte(lines[len(lines)-1]), &res); err != nil {
				t.Fatalf("last line %q: %v", lines[len(lines)-1], err)
			}
			t.Logf("%s", lines[len(lines)-1])
			if res.Interactions != 20000 || res.Restored != 20000 || res.PerS <= 0 || res.Pairs == 0 || res.Store != name {
				t.Errorf("result %+v: want 20000 interactions saved and restored", res)
			}
		})
	}
}
