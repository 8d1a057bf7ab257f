package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"math"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/collectors/synthetic"
	"github.com/socialcrm/socialcrm/graph"
	"github.com/socialcrm/socialcrm/kafka"
	"github.com/socialcrm/socialcrm/pipeline"
	"github.com/socialcrm/socialcrm/sentiment"
)

// soakResult is the one JSON line "bench soak" ends with.
type soakResult struct {
	Rate     float64 `json:"rate_per_s"`     // asked for
	Produced float64 `json:"produced_per_s"` // reached by the producer
	Stored   float64 `json:"stored_per_s"`   // through the pipeline into the store
	P50      float64 `json:"p50_ms"`         // produce → stored, over the whole run
	P99      float64 `json:"p99_ms"`         //
	MaxLag   int64   `json:"max_lag"`        // of group "pipeline" on mentions.raw
	// The graph consumer (group "graph" on interactions, saving the graph
	// to the store, committing after each save): its largest lag, its lag
	// at the end and the interactions it saved.
	MaxGraphLag int64 `json:"max_graph_lag"`
	GraphLag    int64 `json:"graph_lag"`
	Graphed     int64 `json:"graph_saved"`
	// CPU seconds of the process over the run, and the machine's load
	// average at the end, against its cores.
	CPUSeconds float64 `json:"cpu_s"`
	Load1      float64 `json:"load1"`
	Cores      int     `json:"cores"`
	PeakRSS    float64 `json:"peak_rss_mib"`    // of the process
	Sustained  bool    `json:"sustained"`       // stored ≥ 95% of produced, and lag back to 0 at the end
	Store      string  `json:"store"`           //
	Duration   string  `json:"duration"`        //
	Model      string  `json:"model,omitempty"` //
}

func cmdBenchSoak(ctx context.Context, args []string, io stdio) error {
	fs := newFlagSet("bench soak", "bench soak --duration D --rate N [--store memory|postgres]\n\n"+
		"Sends synthetic mentions at --rate a second for --duration through an embedded broker and the\n"+
		"pipeline into the store, with the graph consumer saving the relationship graph there too,\n"+
		"printing every --interval the produced and stored rates, the lag of the pipeline's consumer\n"+
		"group, produce-to-stored latency (p50, p99), the process's memory (RSS) and the lag of the\n"+
		"graph's group, and ends with one JSON line.", io)
	d := fs.Duration("duration", "SOCIALCRM_BENCH_DURATION", time.Minute, "how long to send")
	rate := fs.Float64("rate", "SOCIALCRM_BENCH_RATE", 5000, "mentions sent a second")
	every := fs.Duration("interval", "", 5*time.Second, "how often to print figures")
	store := fs.String("store", "SOCIALCRM_BENCH_STORE", "memory", "store: memory or postgres")
	dsn := fs.String("database-url", "DATABASE_URL", "", "Postgres URL for --store postgres (the run uses a schema of its own and drops it)")
	partitions := fs.Int("partitions", "SOCIALCRM_BENCH_PARTITIONS", kafka.DefaultPartitions, "partitions of mentions.raw")
	model := fs.String("model", "SOCIALCRM_MODEL", "auto", "sentiment model: vader, auto, en or it")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := fs.noArgs(); err != nil {
		return err
	}
	if *d < time.Second || *rate <= 0 || *rate > 1e6 || *every < 100*time.Millisecond || *partitions <= 0 {
		return fmt.Errorf("bench soak: want --duration ≥ 1s, --rate from 1 to 1000000, --interval ≥ 100ms and --partitions ≥ 1")
	}
	scorer, err := sentiment.ByName(*model)
	if err != nil {
		return fmt.Errorf("bench soak: %w", err)
	}
	st, closeStore, err := openBenchStore(ctx, *store, *dsn)
	if err != nil {
		return err
	}
	defer closeStore()
	s := &soak{io: io, rate: *rate, every: *every, partitions: *partitions}
	res, err := s.run(ctx, *d, scorer, st)
	if err != nil {
		return err
	}
	res.Store, res.Duration, res.Model = *store, d.String(), *model
	for _, f := range []*float64{&res.Produced, &res.Stored, &res.P50, &res.P99, &res.PeakRSS} {
		*f = math.Round(*f*10) / 10
	}
	b, _ := json.Marshal(res)
	fmt.Fprintln(io.out, string(b))
	return nil
}

// soak is one sustained-load run.
type soak struct {
	io         stdio
	rate       float64
	every      time.Duration
	partitions int

	produced, stored atomic.Int64
	graphed          atomic.Int64 // interactions in a save of the graph
	lastStored       atomic.Int64 // Unix nanoseconds of the last stored batch
	mu               sync.Mutex
	window, all      []float64 // latencies in ms: of this interval, one in ten of the run
	kept             int
}

// run produces for d, then waits up to 30s for the pipeline to catch up.
func (s *soak) run(ctx context.Context, d time.Duration, scorer pipeline.Scorer, st socialcrm.Store) (soakResult, error) {
	br, err := kafka.NewBroker(kafka.BrokerConfig{Addr: "127.0.0.1:0", Partitions: s.partitions})
	if err != nil {
		return soakResult{}, fmt.Errorf("bench soak: %w", err)
	}
	defer br.Close()
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	p, err := pipeline.New(pipeline.Config{
		Brokers: br.Brokers(), Scorer: scorer, Store: st, Registerer: prometheus.NewRegistry(),
		Logger:  slog.New(slog.NewTextHandler(s.io.err, &slog.HandlerOptions{Level: slog.LevelWarn})),
		OnBatch: s.onBatch,
	})
	if err != nil {
		return soakResult{}, fmt.Errorf("bench soak: %w", err)
	}
	conf := graph.DefaultConfig()
	conf.AnalyzeEvery = 0
	g, err := graph.New(conf, nil, prometheus.NewRegistry())
	if err != nil {
		return soakResult{}, fmt.Errorf("bench soak: %w", err)
	}
	defer g.Close()
	piped := make(chan error, 1)
	go func() { piped <- p.Run(runCtx) }()
	graphed := make(chan error, 2)
	go func() { graphed <- g.RunSnapshots(runCtx, st, 30*time.Second) }()
	go func() {
		graphed <- consumeGraph(runCtx, br.Brokers(), g, slog.New(slog.DiscardHandler), func(n int) { s.graphed.Add(int64(n)) })
	}()
	res := soakResult{Rate: s.rate, Cores: runtime.NumCPU()}
	start, cpu0 := time.Now(), cpuSeconds()
	sent := make(chan error, 1)
	go func() { sent <- s.produce(runCtx, br.Brokers(), d) }()
	t := time.NewTicker(s.every)
	defer t.Stop()
	var lastP, lastS int64
	last := start
	var produceErr error
	producing, deadline := true, time.Time{}
	for {
		select {
		case produceErr = <-sent:
			producing, deadline = false, time.Now().Add(30*time.Second)
			res.Produced = float64(s.produced.Load()) / time.Since(start).Seconds()
			sent = nil
			continue
		case err := <-piped:
			return res, fmt.Errorf("bench soak: pipeline stopped: %w", err)
		case err := <-graphed:
			return res, fmt.Errorf("bench soak: graph stopped: %v", err)
		case <-ctx.Done():
			return res, ctx.Err()
		case <-t.C:
		}
		lag, _ := kafka.Lag(ctx, br.Brokers(), pipelineGroup, socialcrm.TopicRaw)
		res.MaxLag = max(res.MaxLag, lag)
		glag, _ := kafka.Lag(ctx, br.Brokers(), graphGroup, socialcrm.TopicInteractions)
		res.MaxGraphLag = max(res.MaxGraphLag, glag)
		now, np, ns := time.Now(), s.produced.Load(), s.stored.Load()
		p50, p99 := s.interval()
		rss, peak := memoryMiB()
		res.PeakRSS = max(res.PeakRSS, peak)
		secs := now.Sub(last).Seconds()
		fmt.Fprintf(s.io.err, "%6s produced %8.0f/s  stored %8.0f/s  lag %7d  p50 %6.1f ms  p99 %7.1f ms  rss %5.0f MiB  graph lag %7d\n",
			now.Sub(start).Round(time.Second), float64(np-lastP)/secs, float64(ns-lastS)/secs, lag, p50, p99, rss, glag)
		last, lastP, lastS = now, np, ns
		if !producing && ((ns >= np && glag == 0) || now.After(deadline)) {
			break
		}
	}
	res.CPUSeconds, res.Load1 = math.Round((cpuSeconds()-cpu0)*10)/10, loadAverage()
	cancel()
	<-piped
	<-graphed
	<-graphed
	res.Graphed = s.graphed.Load()
	if produceErr != nil {
		return res, produceErr
	}
	// Over the time until the last mention was stored, not the wait after.
	res.Stored = float64(s.stored.Load()) / time.Duration(s.lastStored.Load()-start.UnixNano()).Seconds()
	s.mu.Lock()
	res.P50, res.P99 = quantile(s.all, 0.5), quantile(s.all, 0.99)
	s.mu.Unlock()
	lag, _ := kafka.Lag(ctx, br.Brokers(), pipelineGroup, socialcrm.TopicRaw)
	res.GraphLag, _ = kafka.Lag(ctx, br.Brokers(), graphGroup, socialcrm.TopicInteractions)
	res.Sustained = s.stored.Load() >= s.produced.Load() && lag == 0 && res.GraphLag == 0 && res.Produced >= 0.95*s.rate
	return res, nil
}

// onBatch records the produce-to-stored latency of a stored batch: each
// mention was created when it was produced.
func (s *soak) onBatch(ms []*socialcrm.Mention) {
	now := time.Now()
	s.mu.Lock()
	for _, m := range ms {
		l := float64(now.Sub(m.CreatedAt).Microseconds()) / 1000
		s.window = append(s.window, l)
		if s.kept++; s.kept%10 == 0 { // a sample of the run, to bound memory
			s.all = append(s.all, l)
		}
	}
	s.mu.Unlock()
	s.stored.Add(int64(len(ms)))
	s.lastStored.Store(now.UnixNano())
}

// interval returns the quantiles of the latencies since the last call.
func (s *soak) interval() (p50, p99 float64) {
	s.mu.Lock()
	w := s.window
	s.window = nil
	s.mu.Unlock()
	return quantile(w, 0.5), quantile(w, 0.99)
}

// produce sends synthetic mentions at s.rate for d, in steps of 10ms.
func (s *soak) produce(ctx context.Context, brokers []string, d time.Duration) error {
	w, err := kafka.NewWriter(kafka.WriterConfig{Brokers: brokers, Topic: socialcrm.TopicRaw})
	if err != nil {
		return fmt.Errorf("bench soak: %w", err)
	}
	defer w.Close()
	g := synthetic.NewGenerator(1)
	const step = 10 * time.Millisecond
	start := time.Now()
	t := time.NewTicker(step)
	defer t.Stop()
	for now := start; now.Sub(start) < d; now = <-t.C {
		due := int64(s.rate * now.Sub(start).Seconds())
		n := due - s.produced.Load()
		if n <= 0 {
			continue
		}
		msgs := make([]kafka.Message, n)
		for i := range msgs {
			m := g.Next(time.Now())
			v, err := socialcrm.EncodeMention(m)
			if err != nil {
				return fmt.Errorf("bench soak: %w", err)
			}
			msgs[i] = kafka.Message{Key: []byte(m.ID), Value: v}
		}
		if err := w.Write(ctx, msgs...); err != nil {
			return fmt.Errorf("bench soak: produce: %w", err)
		}
		s.produced.Add(n)
	}
	return nil
}

// quantile returns the q-quantile of xs (0 when empty); it sorts xs.
func quantile(xs []float64, q float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	slices.Sort(xs)
	return xs[min(len(xs)-1, int(q*float64(len(xs))))]
}
