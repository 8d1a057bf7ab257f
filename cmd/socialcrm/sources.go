package main

import (
	"encoding/json"

	"github.com/socialcrm/socialcrm/collectors/synthetic"
	"github.com/socialcrm/socialcrm/web"
)

// startSources sets up the collectors: the synthetic source in the demo,
// and the sources of --collect-config.
func (a *app) startSources() error {
	if a.conf.Demo && a.conf.Rate > 0 {
		a.sources = append(a.sources, synthetic.New(synthetic.Config{Seed: demoSeed, Rate: a.conf.Rate,
			BurstEvery: a.conf.BurstEvery}))
	}
	return nil
}

// wireWeb gives the HTTP server the services that answer its areas.
func (a *app) wireWeb(srv *web.Server) {}

func jsonMarshal(v any) ([]byte, error) { return json.Marshal(v) }
