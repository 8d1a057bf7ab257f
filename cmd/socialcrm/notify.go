package main

import (
	"net/http"
	"strings"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/alerts/alertmanager"
	"github.com/socialcrm/socialcrm/alerts/email"
	"github.com/socialcrm/socialcrm/alerts/slack"
	"github.com/socialcrm/socialcrm/alerts/webhook"
)

// notifiers builds the alert receivers that are configured.
func (a *app) notifiers() ([]socialcrm.Notifier, error) {
	client := &http.Client{Timeout: 10 * time.Second}
	base := a.conf.publicURL()
	var ns []socialcrm.Notifier
	if a.conf.AlertWebhookURL != "" {
		ns = append(ns, webhook.New(a.conf.AlertWebhookURL, a.conf.AlertWebhookSecret, client))
	}
	if a.conf.SlackWebhookURL != "" {
		ns = append(ns, slack.New(a.conf.SlackWebhookURL, base, client))
	}
	if a.conf.AlertmanagerURL != "" {
		ns = append(ns, alertmanager.New(a.conf.AlertmanagerURL, base, client))
	}
	if a.conf.SMTPAddr != "" {
		n, err := email.New(email.Config{Addr: a.conf.SMTPAddr, From: a.conf.SMTPFrom,
			To: splitList(a.conf.SMTPTo), Base: base})
		if err != nil {
			return nil, err
		}
		ns = append(ns, n)
	}
	return ns, nil
}

// splitList splits a comma-separated list, dropping blanks.
func splitList(s string) []string {
	var out []string
	for _, x := range strings.Split(s, ",") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}
