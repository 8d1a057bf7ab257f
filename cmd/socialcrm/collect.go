package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/collectors"
	"github.com/socialcrm/socialcrm/collectors/config"
	"github.com/socialcrm/socialcrm/collectors/rules"
	"github.com/socialcrm/socialcrm/kafka"
)

// collectSetup is the sources of a collect config file, ready to run:
// demo and serve use it for --collect-config, the collect command alone.
type collectSetup struct {
	brands  []string // of the file's and the stored tracking rules
	sources []socialcrm.Collector
	filter  *collectors.Filter
	metrics *collectors.Metrics
	path    string               // the config file, reread by reloadRules
	state   socialcrm.StateStore // of the stored tracking rules
}

// setupCollect reads the config file and builds its collectors. Cursors
// are kept in state; progress receives replay progress bars; since (when
// not zero) is where sources without a cursor start and what older
// mentions are dropped for.
func setupCollect(ctx context.Context, path string, getenv func(string) string, log *slog.Logger, reg prometheus.Registerer,
	state socialcrm.StateStore, progress io.Writer, since time.Time) (*collectSetup, error) {
	cfg, err := config.Load(path)
	if err != nil {
		return nil, err
	}
	met := collectors.NewMetrics(reg)
	deps := collectors.Deps{State: state, Logger: log, Metrics: met, Since: since}
	srcs, err := cfg.Collectors(deps, config.Env{Getenv: getenv, Progress: progress})
	if err != nil {
		return nil, err
	}
	f, err := cfg.Filter(met, log)
	if err != nil {
		return nil, err
	}
	f.Since = since
	// Rules edited through the API are kept in the store; they follow the
	// file's rules.
	stored, err := rules.LoadStored(ctx, state)
	if err != nil {
		return nil, err
	}
	var brands []string
	for _, b := range cfg.Brands {
		brands = append(brands, b.Name)
	}
	for _, r := range stored {
		brands = append(brands, r.Brand)
	}
	if len(stored) > 0 {
		set, err := rules.Compile(append(cfg.RuleList(), stored...))
		if err != nil {
			return nil, fmt.Errorf("collect: stored tracking rules: %w", err)
		}
		f.SetRules(set)
	}
	return &collectSetup{brands: brands, sources: srcs, filter: f, metrics: met, path: path, state: state}, nil
}

// run runs every source, passing what the filter keeps to emit.
func (s *collectSetup) run(ctx context.Context, emit collectors.Emit) error {
	return collectors.Run(ctx, s.sources, s.filter.Wrap(emit))
}

// filtered returns the sources with the filter applied, to run one by
// one (demo and serve append them to their sources).
func (s *collectSetup) filtered() []socialcrm.Collector {
	out := make([]socialcrm.Collector, len(s.sources))
	for i, c := range s.sources {
		out[i] = s.filter.Collector(c)
	}
	return out
}

// healthy is the /readyz check of the sources: it fails, naming them,
// while any source's circuit is open.
func (s *collectSetup) healthy(ctx context.Context) error { return s.metrics.Healthy(ctx) }

func cmdCollect(ctx context.Context, args []string, io stdio) error {
	fs := newFlagSet("collect", "collect --config FILE [--stdout] [--since T] [--limit N]", io)
	path := fs.String("config", "SOCIALCRM_COLLECT_CONFIG", "", "YAML file of sources, brands and tracking rules (see collectors/README.md)")
	stdout := fs.Bool("stdout", "", false, "print the normalised mentions as JSONL (mentions.raw format) instead of producing to Kafka")
	sinceArg := fs.String("since", "", "", "backfill from this time (RFC 3339) or this long ago (e.g. 24h) where no cursor is saved; older mentions are dropped")
	limit := fs.Int("limit", "", 0, "stop after this many mentions (0: run until interrupted)")
	brokers := fs.String("kafka-brokers", "KAFKA_BROKERS", "", "comma-separated Kafka bootstrap brokers (without --stdout)")
	dsn := fs.String("database-url", "DATABASE_URL", "", "Postgres URL that keeps the cursors (without it they last for this run only)")
	level := fs.String("log-level", "SOCIALCRM_LOG_LEVEL", "info", "log level: debug, info, warn or error")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := fs.noArgs(); err != nil {
		return err
	}
	if *path == "" {
		return errors.New("collect: --config FILE is required (see collectors/testdata/example.yaml)")
	}
	if *limit < 0 {
		return fmt.Errorf("collect: --limit %d: want 0 or more", *limit)
	}
	since, err := parseSince(*sinceArg, time.Now())
	if err != nil {
		return err
	}
	lv, err := parseLevel(*level)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(io.err, &slog.HandlerOptions{Level: lv}))

	emit, closeEmit, err := collectEmitter(*stdout, *brokers, io.out)
	if err != nil {
		return err
	}
	defer closeEmit()
	st, err := openStore(ctx, *dsn)
	if err != nil {
		return fmt.Errorf("collect: %w", err)
	}
	defer st.Close()
	if *dsn == "" {
		log.Warn("no --database-url: cursors are kept for this run only")
	}
	s, err := setupCollect(ctx, *path, io.getenv, log, prometheus.NewRegistry(), st, io.err, since)
	if err != nil {
		return err
	}
	if len(s.sources) == 0 {
		return fmt.Errorf("collect: %s enables no source", *path)
	}
	s.filter.Limit = *limit
	// Edited tracking rules (the file's, the store's) apply without a
	// restart: every minute, and at once on a change notice.
	rctx, stopReload := context.WithCancel(ctx)
	reloaded := make(chan struct{})
	go func() {
		defer close(reloaded)
		a := &app{store: st, log: log, reg: prometheus.NewRegistry()}
		if err := a.refreshLive(rctx, liveRefresh, liveReloads{socialcrm.ChangeRules: s.reloadRules}); err != nil {
			log.Warn("tracking rules are not reloaded", "err", err)
		}
	}()
	defer func() { stopReload(); <-reloaded }()
	return s.run(ctx, emit)
}

// collectEmitter returns the JSONL printer (--stdout) or the Kafka
// producer of mentions.raw, and how to close it.
func collectEmitter(stdout bool, brokers string, out io.Writer) (collectors.Emit, func(), error) {
	if stdout {
		var mu sync.Mutex
		return func(ctx context.Context, m *socialcrm.Mention) error {
			b, err := socialcrm.EncodeMention(m)
			if err != nil {
				return err
			}
			mu.Lock()
			defer mu.Unlock()
			_, err = out.Write(append(b, '\n'))
			return err
		}, func() {}, nil
	}
	var list []string
	for _, b := range strings.Split(brokers, ",") {
		if b = strings.TrimSpace(b); b != "" {
			list = append(list, b)
		}
	}
	if len(list) == 0 {
		return nil, nil, errors.New("collect: set --kafka-brokers (KAFKA_BROKERS), or use --stdout to print the mentions")
	}
	w, err := kafka.NewWriter(kafka.WriterConfig{Brokers: list, Topic: socialcrm.TopicRaw})
	if err != nil {
		return nil, nil, err
	}
	emit := func(ctx context.Context, m *socialcrm.Mention) error {
		b, err := socialcrm.EncodeMention(m)
		if err != nil {
			return err
		}
		return w.Write(ctx, kafka.Message{Key: []byte(m.ID), Value: b})
	}
	return emit, func() { _ = w.Close() }, nil
}

// parseSince reads --since: an RFC 3339 time or a duration before now.
func parseSince(s string, now time.Time) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if d, err := time.ParseDuration(s); err == nil && d > 0 {
		return now.Add(-d), nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("collect: --since %q: want an RFC 3339 time or a duration such as 24h", s)
}
