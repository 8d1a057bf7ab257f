package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"golang.org/x/sync/errgroup"

	"github.com/socialcrm/socialcrm/kafka"
)

// cmdPipeline runs pipeline workers alone, to scale scoring out: they read
// mentions.raw in consumer group "pipeline" (with serve's own workers),
// score, store and produce mentions.scored and interactions. serve's
// alerter, cases and live stream read mentions.scored, so they see what
// every worker scored.
func cmdPipeline(ctx context.Context, args []string, io stdio) error {
	fs := newFlagSet("pipeline", "pipeline [flags]   (KAFKA_BROKERS and DATABASE_URL are required)", io)
	conf := appConfig{Command: "pipeline", GraphSnapshotEvery: time.Minute}
	fs.stringVar(&conf.Addr, "addr", "SOCIALCRM_PIPELINE_ADDR", ":8081", "HTTP listen address of /healthz, /readyz and /metrics")
	conf.HTTP.bind(fs)
	fs.stringVar(&conf.Brokers, "kafka-brokers", "KAFKA_BROKERS", "", "comma-separated Kafka bootstrap brokers")
	fs.stringVar(&conf.DatabaseURL, "database-url", "DATABASE_URL", "", "Postgres connection URL")
	fs.intVar(&conf.Partitions, "partitions", "SOCIALCRM_PARTITIONS", kafka.DefaultPartitions,
		"partitions of the topics created at start, if missing")
	fs.stringVar(&conf.Model, "model", "SOCIALCRM_MODEL", "auto", "sentiment model: auto (by language: English, Italian), en, it or vader")
	conf.Lang.bind(fs)
	var refresh time.Duration
	fs.durationVar(&refresh, "contacts-refresh", "SOCIALCRM_CONTACTS_REFRESH", time.Minute,
		"how often the CRM contacts that mentions are linked to are reloaded from the store")
	fs.stringVar(&conf.LogFormat, "log-format", "SOCIALCRM_LOG_FORMAT", "text", "log format: text or json")
	fs.stringVar(&conf.LogLevel, "log-level", "SOCIALCRM_LOG_LEVEL", "info", "log level: debug, info, warn or error")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := fs.noArgs(); err != nil {
		return err
	}
	err := conf.validate()
	if refresh < time.Second {
		err = errors.Join(err, fmt.Errorf("--contacts-refresh %s: want at least 1s", refresh))
	}
	if err != nil {
		return err
	}
	log := conf.logger(io.err)
	a := &app{conf: conf, log: log, reg: prometheus.NewRegistry(), getenv: io.getenv,
		checks: map[string]func(context.Context) error{}}
	if err := a.startWorker(ctx); err != nil {
		a.close()
		return err
	}
	fmt.Fprintf(io.out, "socialcrm pipeline is running, probes and metrics at %s (Kafka brokers %v); press Ctrl-C to stop\n", a.URL(), a.brokers)
	return a.runWorker(ctx, refresh)
}

// startWorker builds what a pipeline worker needs: Kafka, the store, the
// scorers and the pipeline, and an HTTP server of probes and metrics.
func (a *app) startWorker(ctx context.Context) error {
	a.reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if err := a.startKafka(ctx); err != nil {
		return err
	}
	if err := a.startStore(ctx); err != nil {
		return err
	}
	if err := a.startEnrichment(ctx); err != nil {
		return err
	}
	if err := a.startPipeline(); err != nil {
		return err
	}
	return a.listenHTTP(a.probeMux())
}

// probeMux serves /healthz, /readyz (the brokers and the store) and,
// unless --metrics-addr has its own server, /metrics: the HTTP of a
// process without the dashboard.
func (a *app) probeMux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "ok") })
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
		defer cancel()
		if err := errors.Join(kafka.Ping(ctx, a.brokers), a.store.Ping(ctx)); err != nil {
			http.Error(w, err.Error(), http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, "ok")
	})
	if a.conf.HTTP.MetricsAddr == "" {
		mux.Handle("GET /metrics", promhttp.HandlerFor(a.reg, promhttp.HandlerOpts{}))
	}
	return mux
}

// runWorker runs the pipeline, the entity workers and the probes until ctx
// ends, reloading the contacts and sentiment adapters every refresh.
func (a *app) runWorker(ctx context.Context, refresh time.Duration) error {
	defer a.close()
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error { return a.pipe.Run(gctx) })
	g.Go(func() error { return a.entities.Run(gctx) })
	g.Go(func() error { return a.refreshLive(gctx, refresh, a.reloads(nil)) })
	a.goServeHTTP(gctx, g)
	err := g.Wait()
	if errors.Is(err, context.Canceled) {
		err = nil
	}
	return err
}

// goServeHTTP serves HTTP (and /metrics on its own address) in g until
// ctx ends, then shuts the servers down.
func (a *app) goServeHTTP(ctx context.Context, g *errgroup.Group) {
	for srv, ln := range a.servers() {
		g.Go(func() error { return serve(srv, ln) })
	}
	g.Go(func() error {
		<-ctx.Done()
		return a.shutdownHTTP()
	})
}
