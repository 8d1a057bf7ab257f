package main

import (
	"net/http"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/alerts/webhook"
)

// notifiers builds the alert receivers that are configured.
func (a *app) notifiers() ([]socialcrm.Notifier, error) {
	client := &http.Client{Timeout: 10 * time.Second}
	var ns []socialcrm.Notifier
	if a.conf.AlertWebhookURL != "" {
		ns = append(ns, webhook.New(a.conf.AlertWebhookURL, a.conf.AlertWebhookSecret, client))
	}
	return ns, nil
}
