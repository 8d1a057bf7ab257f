package email_test

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/alerts/email"
)

// smtpServer is a minimal SMTP receiver: it accepts mail for any
// recipient except those it was told to refuse, and keeps each message.
type smtpServer struct {
	ln       net.Listener
	mailCode string // reply to MAIL FROM, "250" unless set
	mu       sync.Mutex
	msgs     []string
	rcpts    []string
	wg       sync.WaitGroup
}

func startSMTP(t *testing.T, mailCode string) *smtpServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &smtpServer{ln: ln, mailCode: mailCode}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s.wg.Add(1)
			go func() { defer s.wg.Done(); s.serve(c) }()
		}
	}()
	t.Cleanup(func() { ln.Close(); s.wg.Wait() })
	return s
}

func (s *smtpServer) serve(c net.Conn) {
	defer c.Close()
	r := bufio.NewReader(c)
	reply := func(line string) { fmt.Fprintf(c, "%s\r\n", line) }
	reply("220 test ESMTP")
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		cmd := strings.ToUpper(strings.TrimSpace(line))
		switch {
		case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
			reply("250-test")
			reply("250 8BITMIME")
		case strings.HasPrefix(cmd, "MAIL FROM"):
			reply(s.mailCode + " mail")
		case strings.HasPrefix(cmd, "RCPT TO"):
			s.mu.Lock()
			s.rcpts = append(s.rcpts, strings.TrimSpace(line[8:]))
			s.mu.Unlock()
			reply("250 ok")
		case cmd == "DATA":
			reply("354 go ahead")
			var b strings.Builder
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
				b.WriteString(l)
			}
			s.mu.Lock()
			s.msgs = append(s.msgs, b.String())
			s.mu.Unlock()
			reply("250 queued")
		case cmd == "QUIT":
			reply("221 bye")
			return
		default:
			reply("502 not implemented")
		}
	}
}

func testAlert() *socialcrm.Alert {
	at := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	return &socialcrm.Alert{ID: "a1", Brand: "acme", Reason: socialcrm.ReasonSpike, Start: at, End: at,
		Window: "5m0s", Observed: 40, Expected: 2, Severity: socialcrm.SeverityCritical, Status: socialcrm.AlertFiring,
		Contacts: []string{"c-gold"}, Mentions: []string{"mastodon:1"}}
}

func TestNotifier_Notify(t *testing.T) {
	s := startSMTP(t, "250")
	n, err := email.New(email.Config{Addr: s.ln.Addr().String(), From: "alerts@crm.example",
		To: []string{"pr@brand.example", "oncall@brand.example"}, Base: "https://crm.example"})
	if err != nil {
		t.Fatal(err)
	}
	if retry, err := n.Notify(context.Background(), testAlert()); err != nil || retry {
		t.Fatalf("Notify = %v, %v", retry, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.msgs) != 1 || len(s.rcpts) != 2 {
		t.Fatalf("server got %d messages for %v", len(s.msgs), s.rcpts)
	}
	msg := s.msgs[0]
	for _, want := range []string{"Subject: [FIRING critical] acme: 40 negative mentions", "To: pr@brand.example, oncall@brand.example",
		"X-Socialcrm-Alert: a1", "c-gold", "https://crm.example/api/v1/mentions?brand=acme"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message lacks %q:\n%s", want, msg)
		}
	}
}

func TestNotifier_Errors(t *testing.T) {
	for _, tc := range []struct {
		name, code string
		wantRetry  bool
	}{{"Transient", "451", true}, {"Permanent", "550", false}} {
		t.Run(tc.name, func(t *testing.T) {
			s := startSMTP(t, tc.code)
			n, err := email.New(email.Config{Addr: s.ln.Addr().String(), From: "a@x.example", To: []string{"b@x.example"}})
			if err != nil {
				t.Fatal(err)
			}
			if retry, err := n.Notify(context.Background(), testAlert()); err == nil || retry != tc.wantRetry {
				t.Errorf("Notify = %v, %v; want retry %v and an error", retry, err, tc.wantRetry)
			}
		})
	}
	if _, err := email.New(email.Config{Addr: "nohost", From: "a@x", To: []string{"b@x"}}); err == nil {
		t.Error("New accepted an address without a port")
	}
}
