package main

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/socialcrm/socialcrm"
)

// liveRefresh is how often serve rereads the state other processes
// change: contacts (import contacts, other replicas) and the brands'
// sentiment adaptation (corrections made in another process). A change
// notice (socialcrm.ChangeFeed) makes it reread that state at once.
const liveRefresh = time.Minute

// noticeTimeout bounds telling other processes of a change.
const noticeTimeout = 5 * time.Second

// liveReloads are the state a process rereads, by change kind.
type liveReloads map[string]func(ctx context.Context) error

// reloads returns what this process rereads: the CRM contacts its
// pipeline links and the brands' sentiment adapters (when it has them),
// plus extra.
func (a *app) reloads(extra liveReloads) liveReloads {
	r := liveReloads{}
	if a.matcher != nil && a.pipe != nil {
		r[socialcrm.ChangeContacts] = func(ctx context.Context) error { return a.matcher.Load(ctx, a.store) }
	}
	if a.scorer != nil {
		r[socialcrm.ChangeSentiment] = a.scorer.Refresh
	}
	if a.alerter != nil {
		r[socialcrm.ChangeAlerts] = a.alerter.Sync
		r[socialcrm.ChangeAlertSettings] = a.alerter.LoadSettings
	}
	for k, f := range extra {
		r[k] = f
	}
	return r
}

// refreshLive rereads each kind of state of reloads every period and
// whenever a notice of its kind arrives, until ctx ends. Notices that
// arrive during a reload make one more. A failed reload is logged and
// tried again at the next period or notice: the state in memory stays
// as it was.
func (a *app) refreshLive(ctx context.Context, every time.Duration, reloads liveReloads) error {
	if len(reloads) == 0 {
		return nil
	}
	count := prometheus.NewCounterVec(prometheus.CounterOpts{Name: "socialcrm_live_reloads_total",
		Help: "Rereads of state other processes change, by kind and cause (notice or period)."}, []string{"kind", "cause"})
	if err := a.reg.Register(count); err != nil {
		return err
	}
	for k := range reloads {
		count.WithLabelValues(k, "notice")
		count.WithLabelValues(k, "period")
	}
	notices := make(chan string, 64)
	watched := make(chan struct{})
	defer func() { <-watched }()
	go func() {
		defer close(watched)
		a.store.WatchChanges(ctx, func(kind string) {
			select {
			case notices <- kind:
			default: // a burst: the ones queued cover it, and the period
			}
		})
	}()
	reload := func(kind, cause string) {
		count.WithLabelValues(kind, cause).Inc()
		if err := reloads[kind](ctx); err != nil && ctx.Err() == nil {
			a.log.Warn("reloading state failed", "kind", kind, "cause", cause, "err", err)
		}
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
			for k := range reloads {
				reload(k, "period")
			}
		case kind := <-notices:
			// One reread per kind for the notices that came meanwhile.
			kinds := map[string]bool{kind: true}
			for more := true; more; {
				select {
				case k := <-notices:
					kinds[k] = true
				default:
					more = false
				}
			}
			for k := range kinds {
				if reloads[k] != nil {
					reload(k, "notice")
				}
			}
		}
	}
}

// rulesReload rereads the tracking rules of --collect-config and the
// store, when this process collects.
func (a *app) rulesReload() liveReloads {
	if a.collectCf == nil {
		return nil
	}
	return liveReloads{socialcrm.ChangeRules: a.collectCf.reloadRules}
}
