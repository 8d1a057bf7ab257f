package main

import (
	"fmt"
	"strconv"

	"github.com/socialcrm/socialcrm/collectors/synthetic"
	"github.com/socialcrm/socialcrm/crm"
)

// startCases builds the case opener and service. SOCIALCRM_CASE_SLA
// ("x=30m,reddit=12h,default=48h") changes service-level times per
// channel; SOCIALCRM_CASE_CONTACTS_ONLY=true opens cases for CRM contacts
// only, not for every mention addressed to a brand.
func (a *app) startCases() error {
	conf := crm.DefaultCaseConfig()
	var err error
	if spec := a.getenv("SOCIALCRM_CASE_SLA"); spec != "" {
		if conf.SLA, err = crm.ParseSLA(spec, conf.SLA); err != nil {
			return fmt.Errorf("SOCIALCRM_CASE_SLA: %w", err)
		}
	}
	if v := a.getenv("SOCIALCRM_CASE_CONTACTS_ONLY"); v != "" {
		if conf.ContactsOnly, err = strconv.ParseBool(v); err != nil {
			return fmt.Errorf("SOCIALCRM_CASE_CONTACTS_ONLY=%q: want true or false", v)
		}
	}
	if a.conf.Demo {
		conf.BrandAccounts = synthetic.BrandAccounts()
	}
	a.cases, err = crm.NewCases(conf, a.store, a.log, a.reg)
	return err
}
