package main

import (
	"context"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/crm"
)

// startConsents loads the contacts that are not profiled (consent
// withdrawn, or suppressed) and their identities: the pipeline stores
// their new mentions without the link to them, and the case opener opens
// no case for them. Changes made by another process arrive within
// erasedReload.
func (a *app) startConsents(ctx context.Context) error {
	a.consent = crm.NewConsents(a.store, erasedReload)
	return a.consent.Load(ctx)
}

// observeCases hands the case opener, then the lead maker, the scored
// mentions that may be profiled.
func (a *app) observeCases(ctx context.Context, ms []*socialcrm.Mention) error {
	ms = a.consent.Keep(ctx, ms)
	if err := a.cases.Observe(ctx, ms); err != nil {
		return err
	}
	return a.observeLeads(ctx, ms)
}

// webGraph is the graph the API answers from: without the people who are
// not profiled among its influencers.
func (a *app) webGraph() socialcrm.GraphService {
	if a.graph == nil {
		return nil
	}
	return a.consent.Graph(a.graph)
}
