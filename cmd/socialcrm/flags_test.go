package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runCmd runs "socialcrm args..." in this process with env and returns
// its stdout, stderr and error.
func runCmd(t *testing.T, env map[string]string, args ...string) (string, string, error) {
	t.Helper()
	var out, errw bytes.Buffer
	err := run(context.Background(), args, func(k string) string { return env[k] }, strings.NewReader(""), &out, &errw)
	return out.String(), errw.String(), err
}

func TestFlags_SecretsNeverPrinted(t *testing.T) {
	file := filepath.Join(t.TempDir(), "webhook-secret")
	if err := os.WriteFile(file, []byte("from-a-file-pw\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{
		"DATABASE_URL":                        "postgres://u:db-pw@h/db",
		"SOCIALCRM_INGEST_SECRET":             "ingest-pw",
		"SOCIALCRM_ALERT_WEBHOOK_SECRET_FILE": file,
		"SOCIALCRM_SLACK_WEBHOOK_URL":         "https://hooks.slack.com/services/T0/B0/slack-pw",
		"SOCIALCRM_ALERTMANAGER_URL":          "http://am:am-pw@alertmanager:9093",
		"SOCIALCRM_LOG_LEVEL":                 "debug",
	}
	for _, args := range [][]string{{"serve", "--bad-flag"}, {"serve", "--help"}, {"demo", "-h"}, {"pipeline", "--help"}, {"migrate", "--nope"}} {
		out, errOut, err := runCmd(t, env, args...)
		text := out + errOut
		if err != nil {
			text += err.Error()
		}
		for _, pw := range []string{"db-pw", "ingest-pw", "from-a-file-pw", "slack-pw", "am-pw"} {
			if strings.Contains(text, pw) {
				t.Errorf("%v printed the secret %q:\n%s", args, pw, text)
			}
		}
		if !strings.Contains(errOut, "[DATABASE_URL] (set)") {
			t.Errorf("%v: --help does not show DATABASE_URL as (set):\n%s", args, errOut)
		}
		if args[0] == "serve" && !strings.Contains(errOut, `[SOCIALCRM_LOG_LEVEL] (default "debug")`) {
			t.Errorf("%v: a plain default from the environment is not shown:\n%s", args, errOut)
		}
	}
}

func TestFlags_HelpExitsZero(t *testing.T) {
	for _, args := range [][]string{{"serve", "--help"}, {"demo", "-h"}, {"score", "--help"}} {
		_, errOut, err := runCmd(t, nil, args...)
		if !errors.Is(err, flag.ErrHelp) {
			t.Errorf("%v: err %v, want flag.ErrHelp (exit 0)", args, err)
		}
		if !strings.Contains(errOut, "Usage: socialcrm "+args[0]) {
			t.Errorf("%v: no usage:\n%s", args, errOut)
		}
	}
}

func TestFlags_ModelVariable(t *testing.T) {
	_, errOut, _ := runCmd(t, nil, "score", "--help")
	if !strings.Contains(errOut, "[SOCIALCRM_MODEL]") || strings.Contains(errOut, "SOCIALCRM_SENTIMENT_MODEL") {
		t.Errorf("score --help does not name SOCIALCRM_MODEL alone:\n%s", errOut)
	}
	out, errOut, err := runCmd(t, map[string]string{"SOCIALCRM_SENTIMENT_MODEL": "nosuchmodel"}, "score")
	if err == nil || !strings.Contains(err.Error(), "nosuchmodel") {
		t.Errorf("the old variable is not used: err %v, out %q", err, out)
	}
	if !strings.Contains(errOut, "SOCIALCRM_SENTIMENT_MODEL is deprecated, use SOCIALCRM_MODEL") {
		t.Errorf("no warning about the old variable: %q", errOut)
	}
}

func TestServe_ErrorsNameTheCommand(t *testing.T) {
	_, _, err := runCmd(t, nil, "pipeline")
	if err == nil || !strings.Contains(err.Error(), "pipeline needs KAFKA_BROKERS") || strings.Contains(err.Error(), "serve needs") {
		t.Errorf("pipeline without environment: %v, want it to name pipeline", err)
	}
}

func TestDemo_BadFlags(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--addr", "garbage"}, `--addr "garbage": want host:port`},
		{[]string{"--addr", "127.0.0.1:99999"}, `port "99999" is not a number`},
		{[]string{"--broker", "nope"}, `--broker "nope": want host:port`},
		{[]string{"--burst-every", "-5m"}, "--burst-every -5m0s: want a positive duration"},
		{[]string{"--public-url", "notaurl"}, `--public-url "notaurl": want an absolute http:// or https:// URL`},
	}
	for _, tt := range tests {
		_, _, err := runCmd(t, nil, append([]string{"demo"}, tt.args...)...)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("demo %v: %v, want %q", tt.args, err, tt.want)
		}
		if err != nil && strings.Contains(err.Error(), "another") {
			t.Errorf("demo %v: %v hints at a busy port", tt.args, err)
		}
	}
}

func TestDemo_BusyPort(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, _, err = runCmd(t, nil, "demo", "--addr", ln.Addr().String(), "--broker", "127.0.0.1:0", "--log-level", "error")
	if err == nil || !strings.Contains(err.Error(), "port busy: another socialcrm running? use --addr 127.0.0.1:0") {
		t.Errorf("demo on a busy port: %v, want the busy-port hint", err)
	}
}
