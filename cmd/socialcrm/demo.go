package main

import (
	"context"
	"fmt"
)

func cmdDemo(ctx context.Context, args []string, io stdio) error {
	return runServiceCommand(ctx, args, io, true)
}

// runServiceCommand parses the flags of demo (demo=true) or serve and runs
// the service.
func runServiceCommand(ctx context.Context, args []string, io stdio, demo bool) error {
	name, synopsis := "serve", "serve [flags]   (production: KAFKA_BROKERS and DATABASE_URL are required)"
	if demo {
		name, synopsis = "demo", "demo [flags]   (everything in one process on an embedded Kafka-protocol broker)"
	}
	fs := newFlagSet(name, synopsis, io)
	var conf appConfig
	conf.bind(fs, demo)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := fs.noArgs(); err != nil {
		return err
	}
	if err := conf.validate(); err != nil {
		return err
	}
	return runService(ctx, conf, io)
}

// runService starts the app, prints where it is and runs it until ctx ends.
func runService(ctx context.Context, conf appConfig, io stdio) error {
	log := conf.logger(io.err)
	if conf.DatabaseURL == "" {
		log.Warn("DATABASE_URL is not set: keeping data in memory; it is lost when the demo stops (make demo uses a local Postgres)")
	}
	a, err := start(ctx, conf, log, io)
	if err != nil {
		return err
	}
	metrics := ""
	if a.mln != nil {
		metrics = fmt.Sprintf(", metrics at http://%s/metrics", a.mln.Addr())
	}
	fmt.Fprintf(io.out, "socialcrm is running at %s (Kafka brokers %v)%s; press Ctrl-C to stop\n", a.URL(), a.brokers, metrics)
	fmt.Fprintln(io.out, a.signIn)
	return a.run(ctx)
}
