package main

import (
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/crm"
)

// slaNotices gives the case sweep the alert notifiers, for the notices of
// targets at risk and missed and the reminders of tasks that fell due, and
// the alerter's silences, which mute the SLA notices.
func (a *app) slaNotices(conf *crm.CaseConfig) error {
	ns, err := a.notifiers()
	if err != nil {
		return err
	}
	conf.Notifiers = ns
	if conf.Reminders, err = crm.NewTaskReminders(a.store, ns, nil, a.log, a.reg); err != nil {
		return err
	}
	if al := a.alerter; al != nil {
		conf.Silenced = func(n *socialcrm.Alert, now time.Time) bool {
			for _, s := range al.Silences() {
				if s.Matches(n, now) {
					return true
				}
			}
			return false
		}
	}
	return nil
}
