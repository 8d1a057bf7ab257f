package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/auth"
	"github.com/socialcrm/socialcrm/kafka"
	"github.com/socialcrm/socialcrm/store/postgres"
	"github.com/socialcrm/socialcrm/web/webtest"
)

// usersRun runs "socialcrm users args..." with stdin and returns its output.
func usersRun(t *testing.T, dsn, stdin string, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	env := map[string]string{"DATABASE_URL": dsn}
	err := run(context.Background(), append([]string{"users"}, args...), func(k string) string { return env[k] },
		strings.NewReader(stdin), &out, io.Discard)
	return out.String(), err
}

// TestServe_NeedsAUser checks that serve refuses to start with no user and
// no bootstrap admin, saying how to make one; that "users add" (password
// on stdin) makes one who can sign in; and that "users disable" stops that.
func TestServe_NeedsAUser(t *testing.T) {
	dsn := testDatabase(t, "to test the users command")
	b, err := kafka.NewBroker(kafka.BrokerConfig{Addr: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	env := map[string]string{"DATABASE_URL": dsn, "KAFKA_BROKERS": strings.Join(b.Brokers(), ",")}
	err = run(context.Background(), []string{"serve", "--addr", "127.0.0.1:0"}, func(k string) string { return env[k] },
		strings.NewReader(""), io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "SOCIALCRM_ADMIN_EMAIL") || !strings.Contains(err.Error(), "users add") {
		t.Fatalf("serve with no user: %v, want a refusal naming SOCIALCRM_ADMIN_EMAIL and users add", err)
	}

	out, err := usersRun(t, dsn, "a long enough password\n", "add", "--role", "agent", "--name", "Ana", "ana@example.com")
	if err != nil || !strings.Contains(out, "ana@example.com (agent, active)") {
		t.Fatalf("users add: %q %v", out, err)
	}
	pwFile := filepath.Join(t.TempDir(), "pw")
	if err := os.WriteFile(pwFile, []byte("short\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := usersRun(t, dsn, "", "reset-password", "--password-file", pwFile, "ana@example.com"); err == nil || !strings.Contains(err.Error(), "12") {
		t.Errorf("reset to a short password: %v, want a refusal", err)
	}
	if out, _ := usersRun(t, dsn, "", "list"); !regexp.MustCompile(`ana@example.com\s+Ana\s+agent\s+true`).MatchString(out) {
		t.Errorf("users list:\n%s", out)
	}
	st, err := postgres.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	svc, err := auth.New(st, auth.DefaultConfig(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := svc.SignIn(context.Background(), "ana@example.com", "a long enough password", "192.0.2.1"); err != nil {
		t.Fatalf("sign in after users add: %v", err)
	}
	if _, err := usersRun(t, dsn, "", "disable", "ana@example.com"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := svc.SignIn(context.Background(), "ana@example.com", "a long enough password", "192.0.2.1"); !errors.Is(err, auth.ErrCredentials) {
		t.Errorf("sign in after users disable: %v, want ErrCredentials", err)
	}
	wantCLIAudit(t, st, "cli users add", "cli users disable")
}

// wantCLIAudit checks that the audit trail holds an entry for each of the
// command-line actions, made by a "cli" actor.
func wantCLIAudit(t *testing.T, st socialcrm.AuditStore, actions ...string) {
	t.Helper()
	for _, a := range actions {
		es, err := st.FindAudit(context.Background(), socialcrm.AuditFilter{Action: a})
		if err != nil {
			t.Fatal(err)
		}
		if len(es) != 1 || !strings.HasPrefix(es[0].Actor, "cli") {
			t.Errorf("audit entries for %q: %d, want 1 by a cli actor", a, len(es))
		}
	}
}

// syncBuffer is a bytes.Buffer safe for a writer and a reader.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestDemo_PrintsSignIn checks that the demo without a bootstrap admin
// prints, next to its URL, a demo admin and a generated password that
// sign in.
func TestDemo_PrintsSignIn(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var out syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"demo", "--addr", "127.0.0.1:0", "--broker", "127.0.0.1:0", "--rate", "0", "--log-level", "warn"},
			func(string) string { return "" }, strings.NewReader(""), &out, io.Discard)
	}()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("demo: %v", err)
		}
	}()
	re := regexp.MustCompile(`running at (http://\S+/) .*\nsign in as (\S+) with password (\S+) `)
	var m []string
	eventually(t, 60*time.Second, func() error {
		if m = re.FindStringSubmatch(out.String()); m == nil {
			return errors.New("no sign-in printed yet: " + out.String())
		}
		return nil
	})
	if len(m[3]) < 20 {
		t.Errorf("demo password %q is short", m[3])
	}
	c := webtest.SignIn(t, m[1], m[2], m[3])
	res, err := c.Get(m[1] + "api/v1/users")
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("demo admin lists users: %v %v", err, res.Status)
	}
	res.Body.Close()
}

// TestTokens_CLI creates a token for an admin, lists it (prefix, no
// secret) and revokes it, against the database.
func TestTokens_CLI(t *testing.T) {
	dsn := testDatabase(t, "to test the tokens command")
	if _, err := usersRun(t, dsn, "a long enough password\n", "add", "--role", "admin", "root@example.com"); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"DATABASE_URL": dsn}
	tokens := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := run(context.Background(), append([]string{"tokens"}, args...), func(k string) string { return env[k] },
			strings.NewReader(""), &out, io.Discard)
		return out.String(), err
	}
	secret, err := tokens("create", "--name", "prometheus", "--role", "viewer", "--user", "root@example.com", "--expires-in", "720h")
	secret = strings.TrimSpace(secret)
	if err != nil || !strings.HasPrefix(secret, "sct_") {
		t.Fatalf("tokens create: %q %v", secret, err)
	}
	list, err := tokens("list")
	if err != nil || !strings.Contains(list, secret[:12]) || strings.Contains(list, secret) || !strings.Contains(list, "viewer") {
		t.Fatalf("tokens list:\n%s%v", list, err)
	}
	id := strings.Fields(strings.Split(list, "\n")[1])[0]
	if out, err := tokens("revoke", id); err != nil || !strings.Contains(out, "revoked") {
		t.Fatalf("tokens revoke: %q %v", out, err)
	}
	st, err := postgres.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	svc, err := auth.New(st, auth.DefaultConfig(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := svc.Token(context.Background(), secret); !errors.Is(err, auth.ErrNoSession) {
		t.Errorf("revoked token: %v, want ErrNoSession", err)
	}
	wantCLIAudit(t, st, "cli tokens create", "cli tokens revoke")
	if _, err := tokens("create", "--name", "x", "--user", "nobody@example.com"); err == nil {
		t.Error("a token for an unknown user was made")
	}
}

// TestAudit_Export prints the trail since a time as JSONL, oldest first.
func TestAudit_Export(t *testing.T) {
	dsn := testDatabase(t, "to test the audit command")
	st, err := postgres.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	now := time.Now().UTC()
	for i, at := range []time.Time{now.Add(-48 * time.Hour), now.Add(-2 * time.Hour), now.Add(-time.Hour)} {
		e := &socialcrm.AuditEntry{ID: fmt.Sprintf("au-%d", i), At: at, Actor: "u-ana", Action: "POST /cases/{id}/assign", Target: "cases/c1"}
		if err := st.AppendAudit(context.Background(), e); err != nil {
			t.Fatal(err)
		}
	}
	var out bytes.Buffer
	env := map[string]string{"DATABASE_URL": dsn}
	err = run(context.Background(), []string{"audit", "export", "--since", "24h"}, func(k string) string { return env[k] },
		strings.NewReader(""), &out, io.Discard)
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if err != nil || len(lines) != 2 || !strings.Contains(lines[0], `"id":"au-1"`) || !strings.Contains(lines[1], `"id":"au-2"`) {
		t.Fatalf("audit export --since 24h: %v\n%s", err, out.String())
	}
	if err := run(context.Background(), []string{"audit", "export"}, func(k string) string { return env[k] },
		strings.NewReader(""), &out, io.Discard); err == nil {
		t.Error("audit export without --since succeeded")
	}
}
