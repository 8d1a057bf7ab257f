// Package webhook notifies a generic HTTP endpoint of alerts: the alert as
// JSON, signed with HMAC-SHA256 so the receiver can check its origin.
package webhook

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/alerts"
)

// Headers of a delivery. The signature is "sha256=" and the hex HMAC of
// the timestamp, a dot and the body, keyed with the shared secret.
const (
	SignatureHeader = "X-Socialcrm-Signature"
	TimestampHeader = "X-Socialcrm-Timestamp"
)

// Notifier posts alerts to one URL.
type Notifier struct {
	url    string
	secret []byte
	client *http.Client
	now    func() time.Time
}

var _ socialcrm.Notifier = (*Notifier)(nil)

// New returns a notifier posting to url, signing with secret (unsigned
// when empty). A nil client means one with a 10 s timeout.
func New(url, secret string, client *http.Client) *Notifier {
	if client == nil {
		client = &http.Client{Timeout: 10 * time.Second}
	}
	return &Notifier{url: url, secret: []byte(secret), client: client, now: time.Now}
}

// Name implements socialcrm.Notifier.
func (n *Notifier) Name() string { return "webhook" }

// Notify implements socialcrm.Notifier.
func (n *Notifier) Notify(ctx context.Context, a *socialcrm.Alert) (bool, error) {
	return alerts.PostJSON(ctx, n.client, "webhook", n.url, a, func(h http.Header, body []byte) {
		ts := strconv.FormatInt(n.now().Unix(), 10)
		h.Set(TimestampHeader, ts)
		if len(n.secret) > 0 {
			h.Set(SignatureHeader, Sign(n.secret, ts, body))
		}
	})
}

// Sign returns the signature header value of body sent at timestamp ts.
func Sign(secret []byte, ts string, body []byte) string {
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(ts))
	mac.Write([]byte("."))
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

// Verify reports whether sig is the valid signature of body at ts.
func Verify(secret []byte, ts string, body []byte, sig string) bool {
	return hmac.Equal([]byte(Sign(secret, ts, body)), []byte(sig))
}
