package main

import "context"

func cmdServe(ctx context.Context, args []string, io stdio) error {
	fs := newFlagSet("serve", "serve [flags]   (production: KAFKA_BROKERS and DATABASE_URL are required)", io)
	var conf appConfig
	conf.bind(fs, false)
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
