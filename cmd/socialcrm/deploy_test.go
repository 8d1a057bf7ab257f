package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"io/fs"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// deployDir holds the deployment files the tests below check.
const deployDir = "../../deploy"

// imageBinary is where deploy/Dockerfile puts the binary.
const imageBinary = "/usr/local/bin/socialcrm"

var envNameRe = regexp.MustCompile(`\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b`)

// commandEnv returns the environment variables that "socialcrm cmd" reads,
// as its --help lists them (flags' variables, variables without a flag,
// and those its synopsis names).
func commandEnv(t *testing.T, cmd string) map[string]bool {
	t.Helper()
	var help bytes.Buffer
	err := run(context.Background(), []string{cmd, "--help"}, func(string) string { return "" }, strings.NewReader(""), io.Discard, &help)
	if !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("socialcrm %s --help: %v", cmd, err)
	}
	env := map[string]bool{}
	for _, name := range envNameRe.FindAllString(help.String(), -1) {
		env[name] = true
	}
	return env
}

// checkCommand checks a container's socialcrm arguments: a command that
// exists, flags it accepts (parsed with --help after them), and
// environment variables it reads (NAME_FILE for NAME).
func checkCommand(t *testing.T, where string, args []string, env []string) {
	t.Helper()
	if len(args) == 0 {
		t.Errorf("%s: no socialcrm command (the image's default is serve; say which role)", where)
		return
	}
	var errw bytes.Buffer
	err := run(context.Background(), append(slices.Clone(args), "--help"), func(string) string { return "" },
		strings.NewReader(""), io.Discard, &errw)
	if !errors.Is(err, flag.ErrHelp) {
		t.Errorf("%s: socialcrm %s: %v", where, strings.Join(args, " "), err)
		return
	}
	known := commandEnv(t, args[0])
	for _, name := range env {
		if !known[name] && !known[strings.TrimSuffix(name, "_FILE")] {
			t.Errorf("%s: socialcrm %s does not read %s", where, args[0], name)
		}
	}
}

// portOf returns the port of a listen address or URL ("" if none).
func portOf(s string) string {
	if u, err := url.Parse(s); err == nil && u.Host != "" {
		s = u.Host
	}
	_, port, err := net.SplitHostPort(s)
	if err != nil {
		return ""
	}
	return port
}

// metricSource is every string literal of the module's non-test Go
// files, by directory relative to the module root.
type metricSource map[string]map[string]bool

var literalRe = regexp.MustCompile(`"([a-z_][a-z0-9_]*)"`)

func loadMetricSource(t *testing.T) metricSource {
	t.Helper()
	src := metricSource{}
	root := "../.."
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".") && path != root) {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		dir, _ := filepath.Rel(root, filepath.Dir(path))
		if src[dir] == nil {
			src[dir] = map[string]bool{}
		}
		for _, m := range literalRe.FindAllStringSubmatch(string(b), -1) {
			src[dir][m[1]] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return src
}

// has reports whether the code defines metric name: as one literal, or
// as Name "rest" of the package sub with Namespace "socialcrm" and
// Subsystem "sub" (socialcrm_sub_rest). Histogram series (_bucket, _sum,
// _count) count as their histogram.
func (src metricSource) has(name string) bool {
	for _, suffix := range []string{"_bucket", "_sum", "_count"} {
		if base, ok := strings.CutSuffix(name, suffix); ok && src.has(base) {
			return true
		}
	}
	for _, lits := range src {
		if lits[name] {
			return true
		}
	}
	rest, ok := strings.CutPrefix(name, "socialcrm_")
	if !ok {
		return false
	}
	sub, rest, ok := strings.Cut(rest, "_")
	return ok && src[sub][rest] && src[sub]["socialcrm"] && src[sub][sub]
}

var metricRe = regexp.MustCompile(`\bsocialcrm_[a-z0-9_]+\b`)

// checkMetrics checks that every socialcrm_ metric named in text exists.
func checkMetrics(t *testing.T, where, text string, src metricSource) int {
	t.Helper()
	n := 0
	for _, name := range metricRe.FindAllString(text, -1) {
		n++
		if !src.has(name) {
			t.Errorf("%s: metric %s is not defined anywhere in the code", where, name)
		}
	}
	return n
}
