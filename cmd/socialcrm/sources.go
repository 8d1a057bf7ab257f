package main

import (
	"context"
	"fmt"
	"time"

	"github.com/socialcrm/socialcrm/collectors/synthetic"
	"github.com/socialcrm/socialcrm/web"
)

// startSources sets up the collectors: the synthetic source in the demo,
// and the real sources of --collect-config.
func (a *app) startSources(ctx context.Context) error {
	if a.conf.Demo && a.conf.Rate > 0 {
		// A burst asked for before the alerter can judge would be learned
		// as normal: it waits for the first window judged.
		a.synthetic = synthetic.New(synthetic.Config{Seed: demoSeed, Rate: a.conf.Rate, BurstEvery: a.conf.BurstEvery,
			NotBefore: a.alertParams.FirstJudged(time.Now())})
		a.sources = append(a.sources, a.synthetic)
	}
	if a.conf.CollectConfig == "" {
		return nil
	}
	s, err := setupCollect(ctx, a.conf.CollectConfig, a.getenv, a.log, a.reg, a.store, a.progress, timeZero)
	if err != nil {
		return fmt.Errorf("collect config: %w", err)
	}
	a.sources = append(a.sources, s.filtered()...)
	a.checks["collectors"] = s.healthy
	return nil
}

// wireWeb gives the HTTP server the services that answer its areas.
func (a *app) wireWeb(srv *web.Server) {
	if a.synthetic != nil {
		srv.Demo = a.synthetic
	}
	if a.conf.IngestSecret != "" {
		srv.Ingest = &web.Ingest{Secret: []byte(a.conf.IngestSecret), Emit: a.emitRaw}
	}
}

var timeZero time.Time
