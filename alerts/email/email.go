// Package email notifies by mail over SMTP, with STARTTLS when the server
// offers it.
package email

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"net"
	"net/smtp"
	"net/textproto"
	"strings"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/alerts"
)

// Config says where and how to send.
type Config struct {
	Addr     string   // SMTP server host:port
	From     string   // sender address
	To       []string // recipients
	Username string   // PLAIN auth when set (needs TLS or a local server)
	Password string
	Base     string // the service's URL for links; may be empty
	// TLS is used for STARTTLS; nil means verify against the host name.
	TLS *tls.Config
}

// Notifier mails alerts.
type Notifier struct {
	conf Config
	now  func() time.Time
}

var _ socialcrm.Notifier = (*Notifier)(nil)

// New returns a mail notifier. It checks that the addresses are present.
func New(conf Config) (*Notifier, error) {
	if conf.Addr == "" || conf.From == "" || len(conf.To) == 0 {
		return nil, fmt.Errorf("email: server address, from and to are required")
	}
	if _, _, err := net.SplitHostPort(conf.Addr); err != nil {
		return nil, fmt.Errorf("email: server address %q: %w", conf.Addr, err)
	}
	return &Notifier{conf: conf, now: time.Now}, nil
}

// Name implements socialcrm.Notifier.
func (n *Notifier) Name() string { return "email" }

// Notify implements socialcrm.Notifier. Connection failures and 4xx SMTP
// replies may succeed on retry; 5xx replies will not.
func (n *Notifier) Notify(ctx context.Context, a *socialcrm.Alert) (bool, error) {
	err := n.send(ctx, n.message(a))
	if err == nil {
		return false, nil
	}
	var tp *textproto.Error
	retry := !errors.As(err, &tp) || tp.Code/100 == 4
	return retry && ctx.Err() == nil, fmt.Errorf("email: %w", err)
}

// message renders the alert as a plain-text mail.
func (n *Notifier) message(a *socialcrm.Alert) []byte {
	id := make([]byte, 12)
	_, _ = rand.Read(id)
	host := n.conf.From[strings.LastIndex(n.conf.From, "@")+1:]
	var b strings.Builder
	header := func(k, v string) { fmt.Fprintf(&b, "%s: %s\r\n", k, v) }
	header("From", n.conf.From)
	header("To", strings.Join(n.conf.To, ", "))
	header("Subject", mime.QEncoding.Encode("utf-8", alerts.Title(a)))
	header("Date", n.now().Format(time.RFC1123Z))
	header("Message-ID", "<"+hex.EncodeToString(id)+"@"+host+">")
	header("X-Socialcrm-Alert", a.ID)
	header("MIME-Version", "1.0")
	header("Content-Type", "text/plain; charset=utf-8")
	header("Content-Transfer-Encoding", "8bit")
	b.WriteString("\r\n")
	b.WriteString(strings.ReplaceAll(alerts.Details(a, n.conf.Base), "\n", "\r\n"))
	return []byte(b.String())
}

// send delivers msg in one SMTP session bounded by ctx.
func (n *Notifier) send(ctx context.Context, msg []byte) error {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", n.conf.Addr)
	if err != nil {
		return err
	}
	defer conn.Close()
	deadline, ok := ctx.Deadline()
	if !ok {
		deadline = time.Now().Add(30 * time.Second)
	}
	_ = conn.SetDeadline(deadline)
	host, _, _ := net.SplitHostPort(n.conf.Addr)
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		return err
	}
	defer c.Close()
	if ok, _ := c.Extension("STARTTLS"); ok {
		tc := n.conf.TLS
		if tc == nil {
			tc = &tls.Config{ServerName: host}
		}
		if err := c.StartTLS(tc); err != nil {
			return err
		}
	}
	if n.conf.Username != "" {
		if err := c.Auth(smtp.PlainAuth("", n.conf.Username, n.conf.Password, host)); err != nil {
			return err
		}
	}
	if err := c.Mail(n.conf.From); err != nil {
		return err
	}
	for _, to := range n.conf.To {
		if err := c.Rcpt(to); err != nil {
			return err
		}
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(msg); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return c.Quit()
}
