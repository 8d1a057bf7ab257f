package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/web/webtest"
)

// lockedBuffer is a log the process writes while the test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) count(s string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Count(l.b.String(), s)
}

// TestSalesConfig_ReloadOnHUP runs the demo with a pipeline and rates
// from files, rewrites them and sends the process SIGHUP: the API serves
// the new stages and the sales report converts at the new rate. A file
// that is not valid is refused with a log naming the flag and the fault,
// and the stages and rates in force stay.
func TestSalesConfig_ReloadOnHUP(t *testing.T) {
	dir := t.TempDir()
	stages := filepath.Join(dir, "stages.yaml")
	rates := filepath.Join(dir, "rates.yaml")
	write := func(p, body string) {
		t.Helper()
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(stages, "stages:\n  - {name: discovery, probability: 20}\n  - {name: signed, probability: 100, outcome: won}\n  - {name: dropped, outcome: lost}\n")
	write(rates, "base: EUR\nrates: {USD: 0.5}\n")

	ctx, cancel := context.WithCancel(context.Background())
	logs := &lockedBuffer{}
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	env := map[string]string{"SOCIALCRM_ADMIN_EMAIL": testAdminEmail, "SOCIALCRM_ADMIN_PASSWORD": testAdminPassword}
	args := []string{"demo", "--addr", "127.0.0.1:0", "--broker", "127.0.0.1:0", "--log-level", "info",
		"--rate", "0", "--burst-every", "0", "--pipeline-config", stages, "--fx-rates", rates}
	go func() {
		done <- run(ctx, args, func(k string) string { return env[k] }, strings.NewReader(""), pw, logs)
		pw.Close()
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("demo stopped with %v", err)
			}
		case <-time.After(60 * time.Second):
			t.Errorf("demo did not stop within 60s")
		}
	})
	first := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			select {
			case first <- sc.Text():
			default:
			}
		}
	}()
	var url string
	select {
	case l := <-first:
		m := startedRe.FindStringSubmatch(l)
		if m == nil {
			t.Fatalf("unexpected first line %q", l)
		}
		url = m[1]
	case err := <-done:
		t.Fatalf("demo failed to start: %v", err)
	case <-time.After(60 * time.Second):
		t.Fatal("demo did not start within 60s")
	}
	c := webtest.SignIn(t, url, testAdminEmail, testAdminPassword)
	signedIn.Store(url, c)
	t.Cleanup(func() { signedIn.Delete(url) })
	api := url + "api/v1/"
	get := func(path string, into any) {
		t.Helper()
		if err := getInto(api+path, into); err != nil {
			t.Fatal(err)
		}
	}
	var accounts struct{ Accounts []socialcrm.Account }
	get("accounts", &accounts)
	if len(accounts.Accounts) == 0 {
		t.Fatal("no demo account")
	}
	res, err := webtest.PostJSON(c, api+"opportunities", map[string]any{"id": "opp-usd", "name": "Fleet", "account_id": accounts.Accounts[0].ID,
		"amount": 100000, "currency": "USD", "stage": "discovery"})
	if err != nil || res.StatusCode != http.StatusCreated {
		t.Fatalf("create: %v %v", res, err)
	}
	res.Body.Close()
	check := func(when string, wantStages int, wantRate float64) {
		t.Helper()
		var got struct{ Stages []socialcrm.Stage }
		get("pipeline/stages", &got)
		var rep socialcrm.SalesReport
		get("reports/sales", &rep)
		if len(got.Stages) != wantStages || rep.Totals == nil || rep.Totals.Rates["USD"] != wantRate {
			t.Errorf("%s: %d stages %+v, totals %+v; want %d stages and USD at %v", when, len(got.Stages), got.Stages, rep.Totals, wantStages, wantRate)
		}
	}
	check("at start", 3, 0.5)

	hup := func(log string, want int) {
		t.Helper()
		if err := syscall.Kill(os.Getpid(), syscall.SIGHUP); err != nil {
			t.Fatal(err)
		}
		eventually(t, 30*time.Second, func() error {
			if n := logs.count(log); n < want {
				return fmt.Errorf("no log %q after SIGHUP (%d of %d)", log, n, want)
			}
			return nil
		})
	}
	write(stages, "stages:\n  - {name: discovery, probability: 20}\n  - {name: trial, probability: 60}\n  - {name: signed, probability: 100, outcome: won}\n  - {name: dropped, outcome: lost}\n")
	write(rates, "base: EUR\nrates: {USD: 0.8, GBP: 1.2}\n")
	hup("SIGHUP: reloaded the pipeline and exchange rates", 1)
	check("after a reload", 4, 0.8)

	write(stages, "stages:\n  - {name: only, probability: 20}\n")
	write(rates, "base: EUR\nrates: {USD: 0}\n")
	hup("the pipeline and exchange rates in force are kept", 1)
	for _, want := range []string{"--pipeline-config: " + stages, "--fx-rates: " + rates + ": fx rates: USD: rate 0"} {
		if logs.count(want) == 0 {
			t.Errorf("the refusal does not say %q", want)
		}
	}
	check("after a refused reload", 4, 0.8)
}
