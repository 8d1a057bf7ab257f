package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/kafka"
	"github.com/socialcrm/socialcrm/sentiment"
)

const webSynopsis = `web [flags]   (KAFKA_BROKERS and DATABASE_URL are required)

Serves the dashboard, the JSON API and the live stream alone, over the store
the other processes write, to split serve's roles over processes. It keeps
no state of its own, so any number of replicas may run behind one address.
Each replica reads every scored mention (mentions.scored) and alert change
(the alerts topic) for its live stream, in no consumer group. Acknowledging
or resolving an alert, working a case or correcting a sentiment changes the
stored record; the relationship graph is reloaded from the store every
--graph-refresh. Signed ingest (--ingest-secret) writes to mentions.raw.`

// cmdWeb runs the HTTP server and the live stream until ctx ends.
func cmdWeb(ctx context.Context, args []string, io stdio) error {
	fs := newFlagSet("web", webSynopsis, io)
	conf := appConfig{Command: "web", Lang: defaultLang(), GraphSnapshotEvery: time.Minute}
	conf.bindConn(fs, "127.0.0.1:8080", "HTTP listen address (:8080 for every interface)")
	fs.stringVar(&conf.Model, "model", "SOCIALCRM_MODEL", "auto",
		"sentiment model that corrections adapt: auto (by language: English, Italian), en, it or vader")
	conf.bindIngest(fs)
	conf.bindAlertConfig(fs, false)
	conf.bindPublicURL(fs)
	conf.bindCases(fs)
	conf.bindSales(fs)
	var refresh time.Duration
	fs.durationVar(&refresh, "graph-refresh", "SOCIALCRM_GRAPH_REFRESH", 30*time.Second,
		"how often the relationship graph is reloaded from the store")
	conf.bindAuth(fs)
	conf.graph = graphFlags(fs)
	conf.bindLog(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := fs.noArgs(); err != nil {
		return err
	}
	err := conf.validate()
	if refresh < time.Second {
		err = errors.Join(err, fmt.Errorf("--graph-refresh %s: want at least 1s", refresh))
	}
	if err != nil {
		return err
	}
	a := newRoleApp(conf, io)
	a.streamFromTopics = true
	if err := a.startWeb(ctx); err != nil {
		a.close()
		return err
	}
	fmt.Fprintf(io.out, "socialcrm web is running at %s (Kafka brokers %v); press Ctrl-C to stop\n", a.URL(), a.brokers)
	return a.runWeb(ctx, refresh)
}

// startWeb builds what the HTTP server reads and changes: Kafka writers,
// the store, sign-in, the sentiment service, a graph loaded from the
// store, and an alerter and cases that only change stored records.
func (a *app) startWeb(ctx context.Context) error {
	if err := a.startKafka(ctx); err != nil {
		return err
	}
	if err := a.startStore(ctx); err != nil {
		return err
	}
	if err := a.startAuth(ctx); err != nil {
		return err
	}
	base, err := sentiment.ByName(a.conf.Model)
	if err != nil {
		return err
	}
	a.scorer = sentiment.NewService(base, a.store, a.log)
	if err := a.startGraph(ctx); err != nil {
		return err
	}
	if err := a.startAlerter(false); err != nil {
		return err
	}
	if err := a.startCases(); err != nil {
		return err
	}
	return a.startHTTP()
}

// runWeb serves HTTP and feeds the live stream until ctx ends.
func (a *app) runWeb(ctx context.Context, refresh time.Duration) error {
	defer a.close()
	trigger, fail := context.WithCancelCause(ctx)
	defer fail(nil)
	work, web := newStage(fail), newStage(fail)
	work.Go(func(ctx context.Context) error {
		return kafka.Tail(ctx, a.brokers, socialcrm.TopicScored, a.log, a.streamMention)
	})
	work.Go(func(ctx context.Context) error {
		return kafka.Tail(ctx, a.brokers, socialcrm.TopicAlerts, a.log, a.streamAlert)
	})
	work.Go(func(ctx context.Context) error { return a.followGraph(ctx, refresh) })
	work.Go(func(ctx context.Context) error { return a.refreshLive(ctx, liveRefresh, a.reloads(nil)) })
	for srv, ln := range a.servers() {
		web.Go(func(context.Context) error { return serve(srv, ln) })
	}
	<-trigger.Done()
	cause := context.Cause(trigger)
	a.log.Info("shutting down")
	errs := []error{work.stop(), a.shutdownHTTP(), web.wait()}
	if ctx.Err() == nil || !errors.Is(cause, context.Canceled) {
		errs = append([]error{cause}, errs...)
	}
	return errors.Join(errs...)
}

// streamMention shows a scored mention, from any process's pipeline, on
// the live stream.
func (a *app) streamMention(msg kafka.Message) {
	m, err := socialcrm.DecodeMention(msg.Value)
	if err != nil {
		return // the consumers of mentions.scored dead-letter it
	}
	a.hub.Publish("mention", m.Brand, m)
}

// streamAlert shows an alert change, from any process's alerter, on the
// live stream.
func (a *app) streamAlert(msg kafka.Message) {
	var al socialcrm.Alert
	if err := json.Unmarshal(msg.Value, &al); err != nil || al.ID == "" {
		a.log.Warn("alerts topic: unreadable alert", "offset", msg.Offset, "err", err)
		return
	}
	a.hub.Publish("alert", al.Brand, &al)
}
