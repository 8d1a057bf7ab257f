package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/socialcrm/socialcrm/web"
)

// Roles "socialcrm alerts" can run; serve runs them all.
const (
	roleAlerts = "alerts" // the alerter, consumer group "serve" of mentions.scored
	roleCases  = "cases"  // the case opener, consumer group "cases" of mentions.scored
	roleGraph  = "graph"  // the relationship graph, group "graph" of interactions, in one process at a time
)

var alertRoles = []string{roleAlerts, roleCases, roleGraph}

const alertsSynopsis = `alerts [flags]   (KAFKA_BROKERS and DATABASE_URL are required)

Runs the stateful consumers of scored mentions alone, without collectors,
pipeline or dashboard, to split serve's roles over processes:
  alerts  the alerter (consumer group "serve" of mentions.scored): spike and
          VIP alerts and their notifications; open alerts, baselines and the
          hourly cap are restored from the store at start. Replicas share
          the brands (mentions.scored is keyed by brand).
  cases   the case opener (consumer group "cases"): any number of replicas.
  graph   the relationship graph (group "graph" of interactions), run by the
          one process holding its lock; the others stand by.
A process that does not run the graph reloads it from the store every
--graph-refresh for the influence of alerts' authors. /healthz, /readyz and
/metrics are served on --addr (or /metrics on --metrics-addr).`

// cmdAlerts runs the roles of --roles until ctx ends.
func cmdAlerts(ctx context.Context, args []string, io stdio) error {
	fs := newFlagSet("alerts", alertsSynopsis, io)
	conf := appConfig{Command: "alerts", Lang: defaultLang()}
	conf.bindConn(fs, ":8082", "HTTP listen address of /healthz, /readyz and /metrics")
	var roles string
	fs.stringVar(&roles, "roles", "SOCIALCRM_ROLES", roleAlerts,
		"comma-separated roles to run: "+strings.Join(alertRoles, ", "))
	conf.bindAlertConfig(fs, false)
	conf.bindNotifiers(fs)
	conf.bindPublicURL(fs)
	conf.bindCases(fs)
	fs.durationVar(&conf.GraphSnapshotEvery, "graph-snapshot-every", "SOCIALCRM_GRAPH_SNAPSHOT_EVERY", 30*time.Second,
		"how often the relationship graph is saved to the store (role graph)")
	var refresh time.Duration
	fs.durationVar(&refresh, "graph-refresh", "SOCIALCRM_GRAPH_REFRESH", 30*time.Second,
		"how often a process that does not run the graph reloads it from the store")
	conf.graph = graphFlags(fs)
	conf.bindLog(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := fs.noArgs(); err != nil {
		return err
	}
	conf.DrainTimeout = 0
	run, err := parseRoles(roles)
	if err == nil {
		err = conf.validate()
	}
	if err == nil && refresh < time.Second {
		err = fmt.Errorf("--graph-refresh %s: want at least 1s", refresh)
	}
	if err != nil {
		return err
	}
	a := newRoleApp(conf, io)
	if err := a.startAlertRoles(ctx, run); err != nil {
		a.close()
		return err
	}
	fmt.Fprintf(io.out, "socialcrm alerts (%s) is running, probes and metrics at %s (Kafka brokers %v); press Ctrl-C to stop\n",
		strings.Join(run, ","), a.URL(), a.brokers)
	return a.runAlertRoles(ctx, run, refresh)
}

// parseRoles checks --roles.
func parseRoles(s string) ([]string, error) {
	var roles []string
	for _, r := range splitList(s) {
		if !slices.Contains(alertRoles, r) {
			return nil, fmt.Errorf("--roles: unknown role %q: want some of %s", r, strings.Join(alertRoles, ", "))
		}
		if !slices.Contains(roles, r) {
			roles = append(roles, r)
		}
	}
	if len(roles) == 0 {
		return nil, fmt.Errorf("--roles: want at least one of %s", strings.Join(alertRoles, ", "))
	}
	return roles, nil
}

// newRoleApp is the app of a command that runs some of serve's roles.
func newRoleApp(conf appConfig, io stdio) *app {
	a := &app{conf: conf, log: conf.logger(io.err), reg: prometheus.NewRegistry(), hub: web.NewHub(), getenv: io.getenv,
		checks: map[string]func(context.Context) error{}}
	a.reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return a
}

// startAlertRoles builds Kafka, the store, the graph and what roles need,
// and the HTTP server of probes and metrics.
func (a *app) startAlertRoles(ctx context.Context, roles []string) error {
	if err := a.startKafka(ctx); err != nil {
		return err
	}
	if err := a.startStore(ctx); err != nil {
		return err
	}
	if err := a.startGraph(ctx); err != nil {
		return err
	}
	if slices.Contains(roles, roleGraph) {
		a.forgetErased()
	}
	if slices.Contains(roles, roleAlerts) {
		if err := a.startAlerter(true); err != nil {
			return err
		}
		if err := a.alerter.Restore(ctx); err != nil {
			return err
		}
	}
	if slices.Contains(roles, roleCases) {
		if err := a.startConsents(ctx); err != nil {
			return err
		}
		if err := a.startCases(); err != nil {
			return err
		}
	}
	return a.listenHTTP(a.probeMux())
}

// runAlertRoles runs the roles until ctx ends, then stops their consumers
// (each commits what it handled) before the alerter and cases finish.
func (a *app) runAlertRoles(ctx context.Context, roles []string, refresh time.Duration) error {
	defer a.close()
	trigger, fail := context.WithCancelCause(ctx)
	defer fail(nil)
	work, flush, web := newStage(fail), newStage(fail), newStage(fail)
	if slices.Contains(roles, roleAlerts) {
		work.Go(func(ctx context.Context) error { return a.consumeScored(ctx, scoredGroup, a.alerter.Observe) })
		flush.Go(a.alerter.Run)
	}
	if slices.Contains(roles, roleCases) {
		work.Go(func(ctx context.Context) error { return a.consumeScored(ctx, casesGroup, a.observeCases) })
		flush.Go(a.cases.Run)
	}
	if slices.Contains(roles, roleGraph) {
		work.Go(a.leadGraph)
		work.Go(a.reloadErased)
	} else {
		work.Go(func(ctx context.Context) error { return a.followGraph(ctx, refresh) })
	}
	work.Go(func(ctx context.Context) error { return a.refreshLive(ctx, liveRefresh, a.reloads(nil)) })
	for srv, ln := range a.servers() {
		web.Go(func(context.Context) error { return serve(srv, ln) })
	}
	<-trigger.Done()
	cause := context.Cause(trigger)
	a.log.Info("shutting down")
	errs := []error{work.stop(), flush.stop(), a.shutdownHTTP(), web.wait()}
	if ctx.Err() == nil || !errors.Is(cause, context.Canceled) {
		errs = append([]error{cause}, errs...)
	}
	return errors.Join(errs...)
}
