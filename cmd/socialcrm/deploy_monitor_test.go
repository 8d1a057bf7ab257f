package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestDeploy_Prometheus checks the Prometheus configuration and its alert
// rules with promtool (Debian's prometheus package), and that every metric
// the rules query exists.
func TestDeploy_Prometheus(t *testing.T) {
	rules := filepath.Join(deployDir, "prometheus", "rules.yml")
	b, err := os.ReadFile(rules)
	if err != nil {
		t.Fatal(err)
	}
	n := checkMetrics(t, "prometheus/rules.yml", string(b), loadMetricSource(t))
	t.Logf("rules query %d socialcrm metrics, all defined", n)
	promtool, err := exec.LookPath("promtool")
	if err != nil {
		t.Skip("promtool is not installed (apt-get install prometheus): the configuration and rules are not checked")
	}
	for _, args := range [][]string{
		{"check", "config", filepath.Join(deployDir, "prometheus", "prometheus.yml")},
		{"check", "rules", rules},
	} {
		out, err := exec.Command(promtool, args...).CombinedOutput()
		if err != nil {
			t.Errorf("promtool %v: %v\n%s", args, err, out)
		}
	}
}

// TestDeploy_Grafana checks that the dashboard is JSON with panels whose
// queries name metrics that exist.
func TestDeploy_Grafana(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(deployDir, "grafana", "socialcrm.json"))
	if err != nil {
		t.Fatal(err)
	}
	var d struct {
		UID    string `json:"uid"`
		Title  string `json:"title"`
		Panels []struct {
			Title   string `json:"title"`
			Targets []struct {
				Expr string `json:"expr"`
			} `json:"targets"`
		} `json:"panels"`
	}
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatalf("grafana/socialcrm.json: %v", err)
	}
	if d.UID == "" || d.Title == "" || len(d.Panels) == 0 {
		t.Fatalf("grafana/socialcrm.json: uid %q, title %q, %d panels; want all three", d.UID, d.Title, len(d.Panels))
	}
	src := loadMetricSource(t)
	queries := 0
	for _, p := range d.Panels {
		if len(p.Targets) == 0 {
			t.Errorf("panel %q has no query", p.Title)
		}
		for _, q := range p.Targets {
			queries++
			if checkMetrics(t, "panel "+p.Title, q.Expr, src) == 0 {
				t.Errorf("panel %q: query %q names no socialcrm metric", p.Title, q.Expr)
			}
		}
	}
	t.Logf("%d panels, %d queries, every metric defined", len(d.Panels), queries)
}
