// Package slack notifies a Slack channel of alerts through an incoming
// webhook.
package slack

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/alerts"
)

// Notifier posts alerts to one incoming-webhook URL.
type Notifier struct {
	url    string
	base   string
	client *http.Client
}

var _ socialcrm.Notifier = (*Notifier)(nil)

// New returns a notifier posting to the incoming webhook url; base is the
// service's URL for links (may be empty). A nil client has a 10 s timeout.
func New(url, base string, client *http.Client) *Notifier {
	if client == nil {
		client = &http.Client{Timeout: 10 * time.Second}
	}
	return &Notifier{url: url, base: base, client: client}
}

// Name implements socialcrm.Notifier.
func (n *Notifier) Name() string { return "slack" }

// Message is an incoming-webhook payload: text is the notification
// fallback, blocks the laid-out message.
type Message struct {
	Text   string  `json:"text"`
	Blocks []Block `json:"blocks,omitempty"`
}

// Block is a Slack layout block.
type Block struct {
	Type     string `json:"type"`
	Text     *Text  `json:"text,omitempty"`
	Elements []Text `json:"elements,omitempty"`
}

// Text is a Slack text object.
type Text struct {
	Type string `json:"type"` // mrkdwn or plain_text
	Text string `json:"text"`
}

// NewMessage lays out the alert.
func NewMessage(a *socialcrm.Alert, base string) Message {
	title := alerts.Title(a)
	body := "*" + escape(title) + "*\n" + escape(strings.TrimPrefix(alerts.Details(a, ""), title+"\n\n"))
	m := Message{Text: title, Blocks: []Block{{Type: "section", Text: &Text{Type: "mrkdwn", Text: body}}}}
	if base != "" {
		links := fmt.Sprintf("<%s|Alert> · <%s|All mentions>", alerts.AlertLink(base, a), alerts.MentionsLink(base, a))
		m.Blocks = append(m.Blocks, Block{Type: "context", Elements: []Text{{Type: "mrkdwn", Text: links}}})
	}
	return m
}

// escape escapes the characters Slack's mrkdwn treats as control.
func escape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// Notify implements socialcrm.Notifier.
func (n *Notifier) Notify(ctx context.Context, a *socialcrm.Alert) (bool, error) {
	return alerts.PostJSON(ctx, n.client, "slack", n.url, NewMessage(a, n.base), nil)
}
