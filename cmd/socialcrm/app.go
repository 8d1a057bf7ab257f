package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/alerts"
	"github.com/socialcrm/socialcrm/auth"
	"github.com/socialcrm/socialcrm/collectors/synthetic"
	"github.com/socialcrm/socialcrm/crm"
	"github.com/socialcrm/socialcrm/entity"
	"github.com/socialcrm/socialcrm/graph"
	"github.com/socialcrm/socialcrm/intent"
	"github.com/socialcrm/socialcrm/kafka"
	"github.com/socialcrm/socialcrm/pipeline"
	"github.com/socialcrm/socialcrm/sentiment"
	"github.com/socialcrm/socialcrm/web"
)

// app is the running service: every component of DESIGN.md wired
// together. start builds it; run runs it until ctx ends; close releases
// what start acquired, in reverse order.
type app struct {
	conf    appConfig
	log     *slog.Logger
	reg     *prometheus.Registry
	brokers []string
	broker  *kafka.Broker // the embedded one, or nil
	store   socialcrm.Store
	matcher *crm.Matcher
	erased  *crm.Erased // identities erased under the GDPR
	consent *crm.Consents
	hub     *web.Hub
	auth    *auth.Service
	oidc    *web.OIDC // single sign-on, or nil
	signIn  string    // how to sign in, printed at start
	http    *http.Server
	ln      net.Listener
	metrics *http.Server // /metrics on --metrics-addr, or nil
	mln     net.Listener

	scorer    *sentiment.Service
	graph     *graph.Graph
	alerter   *alerts.Alerter
	cases     *crm.Cases
	leads     *crm.Leads // leads from scored mentions, beside the cases
	entities  *entity.Pool
	pipe      *pipeline.Pipeline
	raw       *kafka.Writer // collectors and ingest → mentions.raw
	alertsW   *kafka.Writer // alerter → alerts
	sources   []socialcrm.Collector
	brands    map[string]bool      // of the demo and --collect-config, for ingest
	synthetic *synthetic.Collector // demo only
	collectCf *collectSetup        // of --collect-config, or nil

	intakeClosed atomic.Bool // set when shutdown begins: emitRaw refuses
	// streamFromTopics: the live stream shows alert changes as read back
	// from the alerts topic (the web command), not as this process makes
	// them.
	streamFromTopics bool

	getenv   func(string) string
	progress io.Writer                              // progress bars of file replays
	checks   map[string]func(context.Context) error // /readyz

	closers []func() error
}

// start builds every component. On error it closes what it started.
func start(ctx context.Context, conf appConfig, log *slog.Logger, io stdio) (_ *app, err error) {
	a := &app{conf: conf, log: log, reg: prometheus.NewRegistry(), hub: web.NewHub(),
		getenv: io.getenv, progress: io.err, checks: map[string]func(context.Context) error{}}
	defer func() {
		if err != nil {
			a.close()
		}
	}()
	a.reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if err := a.startKafka(ctx); err != nil {
		return nil, err
	}
	if err := a.startStore(ctx); err != nil {
		return nil, err
	}
	if err := a.startAuth(ctx); err != nil {
		return nil, err
	}
	if err := a.startEnrichment(ctx); err != nil {
		return nil, err
	}
	if err := a.startGraphAndAlerts(ctx); err != nil {
		return nil, err
	}
	if err := a.startCases(); err != nil {
		return nil, err
	}
	if err := a.startPipeline(); err != nil {
		return nil, err
	}
	if err := a.startSources(ctx); err != nil {
		return nil, err
	}
	return a, a.startHTTP()
}

func (a *app) onClose(f func() error) { a.closers = append(a.closers, f) }

// close releases resources in reverse order of acquisition.
func (a *app) close() {
	for i := len(a.closers) - 1; i >= 0; i-- {
		if err := a.closers[i](); err != nil {
			a.log.Warn("shutdown step failed", "err", err)
		}
	}
	a.closers = nil
}

func (a *app) startKafka(ctx context.Context) error {
	a.brokers = a.conf.brokers()
	if len(a.brokers) == 0 {
		b, err := kafka.NewBroker(kafka.BrokerConfig{Addr: a.conf.BrokerAddr, Partitions: a.conf.Partitions,
			DataDir: a.conf.BrokerData, SyncWrites: a.conf.BrokerFsync})
		if err != nil {
			return fmt.Errorf("embedded broker on %s: %w%s", a.conf.BrokerAddr, err, listenHint(err, "--broker"))
		}
		a.onClose(b.Close)
		a.broker, a.brokers = b, b.Brokers()
		a.log.Info("embedded Kafka-protocol broker listening", "addr", b.Addr(), "data", a.conf.BrokerData)
		if a.conf.BrokerData == "" && a.conf.DatabaseURL != "" {
			a.log.Warn("the embedded broker keeps messages in memory: a crash loses those not yet stored; set --broker-data (make demo does)")
		}
	} else if err := kafka.EnsureTopics(ctx, a.brokers, socialcrm.Topics, a.conf.Partitions); err != nil {
		return fmt.Errorf("kafka topics: %w", err)
	}
	var err error
	if a.raw, err = kafka.NewWriter(kafka.WriterConfig{Brokers: a.brokers, Topic: socialcrm.TopicRaw}); err != nil {
		return err
	}
	a.onClose(a.raw.Close)
	if a.alertsW, err = kafka.NewWriter(kafka.WriterConfig{Brokers: a.brokers, Topic: socialcrm.TopicAlerts}); err != nil {
		return err
	}
	a.onClose(a.alertsW.Close)
	return nil
}

func (a *app) startStore(ctx context.Context) error {
	st, err := openStore(ctx, a.conf.DatabaseURL)
	if err != nil {
		return err
	}
	a.store = st
	a.onClose(st.Close)
	if a.conf.Demo {
		if err := seedDemo(ctx, st, a.log); err != nil {
			return err
		}
		if err := seedSegments(ctx, st); err != nil {
			return err
		}
	}
	a.matcher = crm.NewMatcher()
	if err := a.startErased(ctx); err != nil {
		return err
	}
	if err := a.startConsents(ctx); err != nil {
		return err
	}
	return a.matcher.Load(ctx, st)
}

func (a *app) startEnrichment(ctx context.Context) error {
	base, err := sentiment.ByName(a.conf.Model)
	if err != nil {
		return err
	}
	a.scorer = sentiment.NewService(base, a.store, a.log)
	ex := entity.NewExtractor(nil)
	if a.conf.Demo {
		ex.Aliases = synthetic.Handles()
	}
	a.entities, err = entity.NewPool(ex, 1, 2048, a.saveEntities, a.log, a.reg)
	return err
}

// saveEntities adds entities found off the hot path to the stored mention.
func (a *app) saveEntities(id string, ents []socialcrm.Entity) {
	if len(ents) == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	m, err := a.store.FindMentionByID(ctx, id)
	if err != nil {
		return // deleted or not yet visible: entities are best effort
	}
	m.Entities = ents
	if err := a.store.SaveMentions(ctx, m); err != nil {
		a.log.Warn("saving entities failed", "mention_id", id, "err", err)
	}
}

func (a *app) startGraphAndAlerts(ctx context.Context) error {
	if err := a.startGraph(ctx); err != nil {
		return err
	}
	if err := a.startAlerter(true); err != nil {
		return err
	}
	return a.alerter.Restore(ctx)
}

// startGraph builds the relationship graph and loads what the store holds.
func (a *app) startGraph(ctx context.Context) error {
	gconf, err := a.conf.graph()
	if err != nil {
		return err
	}
	gconf.Now = time.Now // ties age by the wall clock in a live service
	if a.conf.Demo {
		gconf.BrandAccounts = synthetic.BrandAccounts()
	}
	g, err := graph.New(gconf, a.log, a.reg)
	if err != nil {
		return err
	}
	a.onClose(g.Close)
	if err := g.Load(ctx, a.store); err != nil && !errors.Is(err, socialcrm.ErrNotFound) {
		return fmt.Errorf("restore graph: %w", err)
	}
	a.graph = g
	return nil
}

// startAlerter builds the alerter over the graph's influence, with the
// settings stored by an edit when there are any. Without
// notify it sends nothing: it only changes stored alerts by hand (the web
// command), and the process that raised an alert delivers it.
func (a *app) startAlerter(notify bool) error {
	conf, err := a.alertConfig()
	if err != nil {
		return err
	}
	conf.Publish = a.publishAlert
	conf.Influence = a.graph.Influence
	var notifiers []socialcrm.Notifier
	if notify {
		if notifiers, err = a.notifiers(); err != nil {
			return err
		}
	}
	if a.alerter, err = alerts.New(conf, a.store, notifiers, a.log, a.reg); err != nil {
		return err
	}
	// Settings edited through the API win over --alert-config.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return a.alerter.LoadSettings(ctx)
}

// alertConfig returns the alerter's settings: the defaults (the demo's
// windows are shorter and its cooldown too, since its bursts come every
// --burst-every), then --alert-config, then --alert-window.
func (a *app) alertConfig() (alerts.Config, error) {
	conf := alerts.DefaultConfig()
	if a.conf.Demo {
		conf.Params.Window = time.Minute
		conf.Params.Cooldown = 15 * time.Minute
	}
	if path := a.conf.AlertConfig; path != "" {
		f, err := os.Open(path)
		if err != nil {
			return conf, fmt.Errorf("--alert-config: %w", err)
		}
		defer f.Close()
		if conf, err = alerts.ReadConfig(f, conf); err != nil {
			return conf, fmt.Errorf("--alert-config %s: %w", path, err)
		}
	}
	if w := a.conf.AlertWindow; w > 0 {
		conf.Params.Window = w
		for b, p := range conf.Brands {
			p.Window = w
			conf.Brands[b] = p
		}
	}
	return conf, nil
}

// publishAlert writes an alert change to the alerts topic and the live stream.
func (a *app) publishAlert(ctx context.Context, al *socialcrm.Alert) error {
	if !a.streamFromTopics {
		a.hub.Publish("alert", al.Brand, al)
	}
	b, err := json.Marshal(al)
	if err != nil {
		return err
	}
	return a.alertsW.Write(ctx, kafka.Message{Key: []byte(al.Fingerprint), Value: b})
}

func (a *app) startPipeline() error {
	l, err := a.conf.Lang.language()
	if err != nil {
		return err
	}
	a.pipe, err = pipeline.New(pipeline.Config{
		Brokers: a.brokers, Scorer: pipeline.WithLanguage(a.scorer, l), Store: a.store, Linker: a.matcher,
		Stages:  []pipeline.Stage{pipeline.Filter(a.erased.Keep), pipeline.StageFunc(a.consent.Strip), pipeline.StageFunc(entity.SetTopics), intent.New()},
		OnBatch: a.onBatch,
		Logger:  a.log, Registerer: a.reg,
	})
	return err
}

// onBatch hands each stored batch to the entity workers. It must not
// block.
func (a *app) onBatch(ms []*socialcrm.Mention) {
	a.entities.SubmitBatch(ms)
}

// Consumer groups of the service, by the topic they read.
const (
	pipelineGroup = "pipeline" // mentions.raw, see pipeline.Config.Group
	scoredGroup   = "serve"    // mentions.scored: alerter, live stream
	casesGroup    = "cases"    // mentions.scored: case opener
	graphGroup    = "graph"    // interactions
)

// consumeScored feeds mentions.scored, in group "serve", to the alerter
// and the live stream, and in group "cases" to the case opener, so that
// they see every scored mention, from this process's pipeline or from
// separate "socialcrm pipeline" processes, and each commits once its own
// effect is done (a slow case store does not hold the alerter back). New
// groups start at the end of the topic: the alerter's history comes from
// the store (Warm), not from replaying the topic.
func (a *app) consumeScored(ctx context.Context, group string, observe func(context.Context, []*socialcrm.Mention) error) error {
	c, err := kafka.NewConsumer(kafka.ConsumerConfig{Brokers: a.brokers, GroupID: group,
		Topic: socialcrm.TopicScored, Logger: a.log, StartAtEnd: true, MaxWait: 50 * time.Millisecond})
	if err != nil {
		return err
	}
	// An error goes back to the consumer (kafka.Handler): it retries the
	// batch while the store fails, and dead-letters a mention that cannot
	// be read or that the store refuses.
	return c.Run(ctx, func(ctx context.Context, b *kafka.Batch) error {
		ms := make([]*socialcrm.Mention, 0, len(b.Messages))
		for _, msg := range b.Messages {
			m, err := socialcrm.DecodeMention(msg.Value)
			if err != nil {
				return fmt.Errorf("scored mention at offset %d: %w", msg.Offset, err)
			}
			ms = append(ms, m)
		}
		return observe(ctx, ms)
	})
}

// observeScored counts scored mentions for the alerter, then shows them
// on the live stream.
func (a *app) observeScored(ctx context.Context, ms []*socialcrm.Mention) error {
	if err := a.alerter.Observe(ctx, ms); err != nil {
		return err
	}
	for _, m := range ms {
		a.hub.Publish("mention", m.Brand, m)
	}
	return nil
}

func (a *app) startHTTP() error {
	srv := &web.Server{
		Store: a.store, Logger: a.log, Stream: a.hub, Graph: a.webGraph(),
		Sentiment: noticeLearner{a.scorer, a}, Alerts: noticeAlerts{a.alerter, a}, Cases: a.cases,
		OnContactSaved: a.contactSaved, OnConsentChanged: a.consent.Changed, Checks: a.checks,
		Auth: a.auth, OIDC: a.oidc, SecureCookies: strings.HasPrefix(a.conf.publicURL(), "https://"),
		Stages: a.conf.stages, FX: a.conf.fx,
	}
	a.checks["kafka"] = func(ctx context.Context) error { return kafka.Ping(ctx, a.brokers) }
	a.checks["store"] = a.store.Ping
	a.wireWeb(srv)
	a.wirePrivacy(srv)
	a.reloadSalesOnHUP(srv)
	srv.Timeline = &crm.Timeline{Store: a.store}
	if a.conf.HTTP.MetricsAddr == "" {
		srv.Gatherer = a.reg
	}
	return a.listenHTTP(srv.Handler())
}

// URL is the dashboard's address.
func (a *app) URL() string {
	addr := a.ln.Addr().(*net.TCPAddr)
	host := addr.IP.String()
	if addr.IP.IsUnspecified() {
		host = "localhost"
	}
	return fmt.Sprintf("http://%s/", net.JoinHostPort(host, fmt.Sprint(addr.Port)))
}

// servers are the HTTP servers of the process with their listeners: the
// API and dashboard, and /metrics when it has its own address.
func (a *app) servers() map[*http.Server]net.Listener {
	servers := map[*http.Server]net.Listener{a.http: a.ln}
	if a.metrics != nil {
		servers[a.metrics] = a.mln
	}
	return servers
}

// serve serves srv on ln until it is shut down.
func serve(srv *http.Server, ln net.Listener) error {
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// shutdownHTTP shuts the servers down, waiting up to 10s for requests in
// flight.
func (a *app) shutdownHTTP() error {
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var errs []error
	for srv := range a.servers() {
		errs = append(errs, srv.Shutdown(sctx))
	}
	return errors.Join(errs...)
}

// collect runs one collector, producing what it emits to mentions.raw.
func (a *app) collect(ctx context.Context, c socialcrm.Collector) error {
	log := a.log.With("collector", c.Name())
	log.Info("collector started")
	err := c.Collect(ctx, a.emitRaw)
	if err != nil && ctx.Err() == nil {
		log.Error("collector stopped", "err", err)
		return fmt.Errorf("collector %s: %w", c.Name(), err)
	}
	return nil
}

// emitRaw produces one raw mention, keyed by its ID.
func (a *app) emitRaw(ctx context.Context, m *socialcrm.Mention) error {
	if a.intakeClosed.Load() {
		return errIntakeClosed
	}
	b, err := socialcrm.EncodeMention(m)
	if err != nil {
		return err
	}
	return a.raw.Write(ctx, kafka.Message{Key: []byte(m.ID), Value: b})
}
