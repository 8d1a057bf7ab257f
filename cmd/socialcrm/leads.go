package main

import (
	"context"
	"fmt"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/crm"
)

// startLeads sets up the lead maker: a scored mention with purchase intent
// or a product question from an author who is no contact makes or adds to
// a lead, but for the brands and sources of --leads-off.
func (a *app) startLeads() error {
	conf, err := crm.ParseLeadsOff(a.conf.LeadsOff)
	if err != nil {
		return fmt.Errorf("--leads-off: %w", err)
	}
	a.leads = crm.NewLeads(conf, a.store)
	return nil
}

// observeLeads makes the leads of scored mentions that may be profiled. An
// error goes back to the consumer, which retries the batch or
// dead-letters the mention at fault.
func (a *app) observeLeads(ctx context.Context, ms []*socialcrm.Mention) error {
	if a.leads == nil {
		return nil
	}
	return a.leads.Observe(ctx, ms)
}
