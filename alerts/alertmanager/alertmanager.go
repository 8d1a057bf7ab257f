// Package alertmanager forwards alerts to a Prometheus Alertmanager
// through its v2 API (POST /api/v2/alerts), where its routing, grouping,
// inhibition and receivers take over.
package alertmanager

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/alerts"
)

// AlertName is the alertname label of every alert sent.
const AlertName = "SocialcrmCrisis"

// Hold is how long Alertmanager keeps a firing alert open without news.
const Hold = 24 * time.Hour

// Notifier posts alerts to one Alertmanager.
type Notifier struct {
	url    string
	base   string
	client *http.Client
	now    func() time.Time
}

var _ socialcrm.Notifier = (*Notifier)(nil)

// New returns a notifier for the Alertmanager at url (its root, such as
// http://alertmanager:9093); base is the service's URL for the generator
// link (may be empty). A nil client has a 10 s timeout.
func New(url, base string, client *http.Client) *Notifier {
	if client == nil {
		client = &http.Client{Timeout: 10 * time.Second}
	}
	return &Notifier{url: strings.TrimRight(url, "/") + "/api/v2/alerts", base: base, client: client, now: time.Now}
}

// Name implements socialcrm.Notifier.
func (n *Notifier) Name() string { return "alertmanager" }

// PostableAlert is one element of the v2 API's postableAlerts body.
type PostableAlert struct {
	Labels       map[string]string `json:"labels"`
	Annotations  map[string]string `json:"annotations,omitempty"`
	StartsAt     time.Time         `json:"startsAt,omitzero"`
	EndsAt       time.Time         `json:"endsAt,omitzero"`
	GeneratorURL string            `json:"generatorURL,omitempty"`
}

// NewPostableAlert maps an alert. Labels identify it (Alertmanager
// deduplicates on them); a resolved alert ends now, a firing one after
// Hold.
func NewPostableAlert(a *socialcrm.Alert, base string, now time.Time) PostableAlert {
	p := PostableAlert{
		Labels: map[string]string{"alertname": AlertName, "brand": a.Brand, "fingerprint": a.Fingerprint,
			"reason": a.Reason, "severity": a.Severity},
		Annotations: map[string]string{"summary": alerts.Title(a), "description": alerts.Details(a, base),
			"contacts": strings.Join(a.Contacts, ","), "themes": strings.Join(a.Themes, ","),
			"mentions": strings.Join(a.Mentions, ","), "alert_id": a.ID, "status": a.Status},
		StartsAt: a.Start.UTC(),
	}
	if a.Topic != "" {
		p.Labels["topic"] = a.Topic
	}
	if a.Status == socialcrm.AlertResolved {
		p.EndsAt = now.UTC()
	} else {
		// Sent once rather than re-sent every few minutes: hold it open
		// until the resolve arrives, or a day at most.
		p.EndsAt = now.Add(Hold).UTC()
	}
	if base != "" {
		p.GeneratorURL = alerts.AlertLink(base, a)
	}
	return p
}

// Notify implements socialcrm.Notifier.
func (n *Notifier) Notify(ctx context.Context, a *socialcrm.Alert) (bool, error) {
	return alerts.PostJSON(ctx, n.client, "alertmanager", n.url, []PostableAlert{NewPostableAlert(a, n.base, n.now())}, nil)
}
