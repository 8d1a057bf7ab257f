package main

import (
	"context"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/alerts"
	"github.com/socialcrm/socialcrm/sentiment"
)

// notifyChange tells the processes sharing the store that state of kind
// changed, logging a failure (they reread it at their next period).
func (a *app) notifyChange(kind string) {
	ctx, cancel := context.WithTimeout(context.Background(), noticeTimeout)
	defer cancel()
	if err := a.store.NotifyChange(ctx, kind); err != nil {
		a.log.Warn("telling other processes of a change failed", "kind", kind, "err", err)
	}
}

// contactSaved is told of each contact saved through the API: the
// pipeline of this process links it at once, and other processes reload.
func (a *app) contactSaved(c *socialcrm.Contact) {
	a.matcher.Add(c)
	a.notifyChange(socialcrm.ChangeContacts)
}

// noticeLearner learns a sentiment correction, then tells the other
// processes, whose scorers reload the brand's adapter.
type noticeLearner struct {
	*sentiment.Service
	a *app
}

func (l noticeLearner) LearnCorrection(ctx context.Context, m *socialcrm.Mention, label string) error {
	if err := l.Service.LearnCorrection(ctx, m, label); err != nil {
		return err
	}
	l.a.notifyChange(socialcrm.ChangeSentiment)
	return nil
}

// noticeAlerts changes alerts and silences by hand, then tells the other
// processes: the alerter holding the alert adopts the change (Sync).
type noticeAlerts struct {
	*alerts.Alerter
	a *app
}

func (n noticeAlerts) AckAlert(ctx context.Context, id, by string) (*socialcrm.Alert, error) {
	return noticed[*socialcrm.Alert](n.a, socialcrm.ChangeAlerts)(n.Alerter.AckAlert(ctx, id, by))
}

func (n noticeAlerts) ResolveAlert(ctx context.Context, id, by string) (*socialcrm.Alert, error) {
	return noticed[*socialcrm.Alert](n.a, socialcrm.ChangeAlerts)(n.Alerter.ResolveAlert(ctx, id, by))
}

func (n noticeAlerts) CreateSilence(ctx context.Context, s socialcrm.Silence) (socialcrm.Silence, error) {
	return noticed[socialcrm.Silence](n.a, socialcrm.ChangeAlerts)(n.Alerter.CreateSilence(ctx, s))
}

func (n noticeAlerts) DeleteSilence(ctx context.Context, id string) error {
	err := n.Alerter.DeleteSilence(ctx, id)
	if err == nil {
		n.a.notifyChange(socialcrm.ChangeAlerts)
	}
	return err
}

// EditSettings edits the alert settings, then tells the other processes,
// whose alerters apply the stored settings (LoadSettings).
func (n noticeAlerts) EditSettings(ctx context.Context, body []byte) (any, error) {
	return noticed[any](n.a, socialcrm.ChangeAlertSettings)(n.Alerter.EditSettings(ctx, body))
}

// noticed passes a change's result through, telling of it when it
// succeeded.
func noticed[T any](a *app, kind string) func(T, error) (T, error) {
	return func(v T, err error) (T, error) {
		if err == nil {
			a.notifyChange(kind)
		}
		return v, err
	}
}
