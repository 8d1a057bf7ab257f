package main

import (
	"os"
	"os/signal"
	"syscall"

	"github.com/socialcrm/socialcrm/web"
)

// reloadSalesOnHUP re-reads --pipeline-config and --fx-rates into srv
// each time the process gets SIGHUP, when one of them is set. Both are
// validated first: on any error the stages and rates in force stay, and
// the error is logged naming the flag, the file and the fault.
func (a *app) reloadSalesOnHUP(srv *web.Server) {
	if a.conf.PipelineConfig == "" && a.conf.FXRates == "" {
		return
	}
	hup := make(chan os.Signal, 1)
	done := make(chan struct{})
	signal.Notify(hup, syscall.SIGHUP)
	a.onClose(func() error {
		signal.Stop(hup)
		close(done)
		return nil
	})
	go func() {
		for {
			select {
			case <-done:
				return
			case <-hup:
				a.reloadSales(srv)
			}
		}
	}()
}

// reloadSales reads the sales files anew and puts them in force, or logs
// why it kept the ones in force.
func (a *app) reloadSales(srv *web.Server) {
	c := appConfig{PipelineConfig: a.conf.PipelineConfig, FXRates: a.conf.FXRates}
	if err := c.readSales(); err != nil {
		a.log.Error("SIGHUP: the pipeline and exchange rates in force are kept: a file is not valid", "err", err)
		return
	}
	srv.SetSales(c.stages, c.fx)
	a.log.Info("SIGHUP: reloaded the pipeline and exchange rates",
		"pipeline_config", c.PipelineConfig, "stages", len(c.stages.List()), "fx_rates", c.FXRates, "currencies", c.fx.Currencies())
}
