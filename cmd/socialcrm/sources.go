package main

import (
	"context"
	"fmt"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/alerts"
	"github.com/socialcrm/socialcrm/collectors/synthetic"
	"github.com/socialcrm/socialcrm/web"
)

// startSources sets up the collectors: the synthetic source in the demo,
// and the real sources of --collect-config.
func (a *app) startSources(ctx context.Context) error {
	a.brands = map[string]bool{}
	if a.conf.Demo {
		for _, b := range synthetic.Brands() {
			a.brands[b] = true
		}
	}
	if a.conf.Demo && a.conf.Rate > 0 {
		a.synthetic = synthetic.New(synthetic.Config{Seed: demoSeed, Rate: a.conf.Rate, BurstEvery: a.conf.BurstEvery})
		a.sources = append(a.sources, a.synthetic)
	}
	if a.conf.CollectConfig != "" {
		s, err := setupCollect(ctx, a.conf.CollectConfig, a.getenv, a.log, a.reg, a.store, a.progress, timeZero)
		if err != nil {
			return fmt.Errorf("collect config: %w", err)
		}
		a.collectCf = s
		for _, b := range s.brands {
			a.brands[b] = true
		}
		a.sources = append(a.sources, s.filtered()...)
	}
	if len(a.sources) > 0 || a.collectCf != nil {
		a.checks["sources"] = a.checkSources
	}
	return nil
}

// checkSources is the readiness of this process's sources for /readyz:
// the synthetic one runs in the process, the configured ones say through
// their health (an open circuit is unhealthy).
func (a *app) checkSources(ctx context.Context) error {
	if a.collectCf == nil {
		return nil
	}
	return a.collectCf.healthy(ctx)
}

// wireWeb gives the HTTP server the services that answer its areas.
func (a *app) wireWeb(srv *web.Server) {
	if a.synthetic != nil {
		srv.Demo = demoBurster{a.synthetic, a.alerter}
	}
	if a.conf.IngestSecret != "" {
		srv.Ingest = &web.Ingest{Secret: []byte(a.conf.IngestSecret), Emit: a.emitRaw, Nonces: a.store}
		if len(a.brands) > 0 { // brands are known: ingest refuses others
			srv.Ingest.Brands = func(b string) bool { return a.brands[b] }
		}
	}
}

// demoBurster starts the bursts the dashboard asks for. A burst asked for
// before the alerter can judge the brand would be learned as normal: it
// waits until the alerter can. How long that is counts from the brand's
// first mention at the alerter, so a burst asked for before any has
// arrived (a demo just started, a pipeline behind) waits for one first.
type demoBurster struct {
	c  *synthetic.Collector
	al *alerts.Alerter
}

// burstSeenWait bounds how long a burst request waits for the brand's
// first mention to reach the alerter.
const burstSeenWait = 60 * time.Second

func (b demoBurster) Burst(ctx context.Context, brand, theme string, d time.Duration) (time.Time, error) {
	ctx, cancel := context.WithTimeout(ctx, burstSeenWait)
	defer cancel()
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		from, seen := b.al.JudgesFrom(brand)
		if seen {
			return b.c.Burst(brand, theme, from, d)
		}
		select {
		case <-ctx.Done():
			return time.Time{}, fmt.Errorf("no mention of brand %q has reached the alerter in %v, so a burst now would be learned as normal; ask again shortly: %w",
				brand, burstSeenWait, socialcrm.ErrConflict)
		case <-tick.C:
		}
	}
}

var timeZero time.Time
