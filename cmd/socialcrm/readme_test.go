package main

import (
	"flag"
	"os"
	"regexp"
	"strings"
	"testing"
)

// readmeSection returns the README text under heading, up to the next
// heading of the same or a higher level.
func readmeSection(t *testing.T, heading string) string {
	t.Helper()
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	level := strings.Index(heading, " ")
	var out []string
	in := false
	for _, line := range strings.Split(string(b), "\n") {
		if in && strings.HasPrefix(line, "#") {
			if n := strings.Index(line, " "); n > 0 && n <= level && strings.Trim(line[:n], "#") == "" {
				break
			}
		}
		if in {
			out = append(out, line)
		}
		in = in || line == heading
	}
	if !in {
		t.Fatalf("README has no %q section", heading)
	}
	return strings.Join(out, "\n")
}

// TestREADME_Commands checks the README's command block against the
// commands.
func TestREADME_Commands(t *testing.T) {
	block := readmeSection(t, "## Commands")
	listed := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^socialcrm (\w+)`).FindAllStringSubmatch(block, -1) {
		listed[m[1]] = true
	}
	known := map[string]bool{}
	for _, c := range commands() {
		known[c.name] = true
		if !listed[c.name] {
			t.Errorf("README's command list lacks %q", c.name)
		}
	}
	for name := range listed {
		if !known[name] {
			t.Errorf("README lists a command %q that does not exist", name)
		}
	}
}

// TestREADME_Configuration checks the README's configuration table
// against the flags of demo and serve: every flag is in a row that names
// its environment variable (in full, or as "…_SUFFIX" after another), and
// every flag in the table exists.
func TestREADME_Configuration(t *testing.T) {
	table := readmeSection(t, "### Configuration")
	rows := map[string]string{} // flag → its row
	flagRe := regexp.MustCompile("`--([a-z0-9-]+)`")
	for _, line := range strings.Split(table, "\n") {
		if !strings.HasPrefix(line, "| `--") {
			continue
		}
		for _, m := range flagRe.FindAllStringSubmatch(strings.Split(line, "|")[1], -1) {
			rows[m[1]] = line
		}
	}
	flags := map[string]string{} // flag → env
	for _, demo := range []bool{true, false} {
		fs := newFlagSet("x", "x", stdio{getenv: func(string) string { return "" }})
		new(appConfig).bind(fs, demo)
		fs.VisitAll(func(f *flag.Flag) { flags[f.Name] = fs.info[f.Name].env })
	}
	for name, env := range flags {
		row, ok := rows[name]
		if !ok {
			t.Errorf("README's configuration table lacks --%s [%s]", name, env)
			continue
		}
		if env != "" && !rowNamesEnv(row, env) {
			t.Errorf("README's row of --%s does not name %s:\n%s", name, env, row)
		}
	}
	for name := range rows {
		if _, ok := flags[name]; !ok {
			t.Errorf("README's configuration table lists --%s, which demo and serve do not have", name)
		}
	}
}

// rowNamesEnv reports whether a table row names env in full or as
// "…_SUFFIX".
func rowNamesEnv(row, env string) bool {
	cells := strings.Split(row, "|")
	if len(cells) < 3 {
		return false
	}
	for _, c := range strings.Split(cells[2], ",") {
		c = strings.Trim(strings.TrimSpace(c), "`")
		if c == env || strings.HasPrefix(c, "…_") && strings.HasSuffix(env, strings.TrimPrefix(c, "…")) {
			return true
		}
	}
	return false
}
