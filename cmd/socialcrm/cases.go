package main

import (
	"fmt"
	"time"

	"github.com/socialcrm/socialcrm/collectors/synthetic"
	"github.com/socialcrm/socialcrm/crm"
)

// startCases builds the case opener and service: --case-sla
// ("x=30m,reddit=12h,default=48h") changes service-level times per
// channel; --sla-config sets calendars and policies before them;
// --case-contacts-only opens cases for CRM contacts only.
func (a *app) startCases() error {
	conf := crm.DefaultCaseConfig()
	var err error
	if spec := a.conf.CaseSLA; spec != "" {
		if conf.SLA, err = crm.ParseSLA(spec, conf.SLA); err != nil {
			return fmt.Errorf("--case-sla: %w", err)
		}
	}
	if path := a.conf.SLAConfig; path != "" {
		sla, err := crm.ReadSLAConfig(path)
		if err == nil {
			conf.Policies, err = crm.NewPolicies(sla, conf.SLA)
		}
		if err == nil && sla.CheckEvery != 0 && time.Duration(sla.CheckEvery) < time.Second {
			err = fmt.Errorf("check_every %s: want at least 1s", sla.CheckEvery)
		}
		if err != nil {
			return fmt.Errorf("--sla-config: %w", err)
		}
		conf.SweepEvery = time.Duration(sla.CheckEvery)
	}
	if err = a.slaNotices(&conf); err != nil {
		return err
	}
	conf.ContactsOnly = a.conf.CaseContactsOnly
	conf.Boost = crm.NewSegments(a.store, time.Minute).Boost
	if a.conf.Demo {
		conf.BrandAccounts = synthetic.BrandAccounts()
	}
	if a.cases, err = crm.NewCases(conf, a.store, a.log, a.reg); err != nil {
		return err
	}
	return a.startLeads()
}
