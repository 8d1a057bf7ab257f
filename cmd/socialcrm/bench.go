package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"math"
	"os"
	"runtime/pprof"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/collectors/synthetic"
	"github.com/socialcrm/socialcrm/kafka"
	"github.com/socialcrm/socialcrm/pipeline"
	"github.com/socialcrm/socialcrm/sentiment"
)

// benchResult is the one JSON line "bench pipeline" ends with.
type benchResult struct {
	Bare      float64 `json:"bare_per_s"`
	Transport float64 `json:"transport_per_s"`
	E2E       float64 `json:"e2e_per_s"`
	Ratio     float64 `json:"ratio"`
}

func cmdBench(ctx context.Context, args []string, io stdio) error {
	return runSubcommand(ctx, "bench", []command{
		{"pipeline", "scorer, transport and end-to-end throughput figures", cmdBenchPipeline},
		{"graph", "graph consumer throughput and snapshot figures", cmdBenchGraph},
		{"soak", "sustained load: rates, lag, latency and memory every interval", cmdBenchSoak},
	}, args, io)
}

func cmdBenchPipeline(ctx context.Context, args []string, io stdio) error {
	fs := newFlagSet("bench pipeline", "bench pipeline --mentions N [--store memory|postgres] [--partitions P] [--model M]", io)
	n := fs.Int("mentions", "SOCIALCRM_BENCH_MENTIONS", 200_000, "mentions to send through each run")
	store := fs.String("store", "SOCIALCRM_BENCH_STORE", "memory", "store of the end-to-end run: memory or postgres")
	dsn := fs.String("database-url", "DATABASE_URL", "", "Postgres URL for --store postgres (the run uses a schema of its own and drops it)")
	partitions := fs.Int("partitions", "SOCIALCRM_BENCH_PARTITIONS", kafka.DefaultPartitions, "partitions of mentions.raw")
	model := fs.String("model", "SOCIALCRM_MODEL", "auto", "sentiment model: vader (lexicon baseline), auto, en or it")
	seed := fs.Int("seed", "", 1, "seed of the synthetic mentions")
	textsFile := fs.String("texts", "SOCIALCRM_BENCH_TEXTS", "",
		"real texts for the mentions, cycled: a SemEval file (id<TAB>label<TAB>text) or one text a line (default: the synthetic texts)")
	textsLang := fs.String("lang", "", "en", "language the mentions of --texts declare (\"\": the pipeline detects it)")
	runs := fs.Int("runs", "SOCIALCRM_BENCH_RUNS", 3, "rounds of bare, transport and e2e runs; the median rate of each is reported")
	cpuProfile := fs.String("cpuprofile", "", "", "write a CPU profile of the whole run to this file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := fs.noArgs(); err != nil {
		return err
	}
	if *n <= 0 || *partitions <= 0 || *runs <= 0 {
		return fmt.Errorf("bench: --mentions, --partitions and --runs must be positive")
	}
	b := &bench{io: io, store: *store, dsn: *dsn, partitions: *partitions, model: *model}
	var scorer pipeline.Scorer
	scorer, err := sentiment.ByName(*model)
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	// Open the store once up front, so that a bad URL fails at once.
	_, closeStore, err := openBenchStore(ctx, b.store, b.dsn)
	if err != nil {
		return err
	}
	closeStore()
	if *cpuProfile != "" {
		stop, err := startCPUProfile(*cpuProfile)
		if err != nil {
			return err
		}
		defer stop()
	}
	var real []string
	if *textsFile != "" {
		if real, err = readBenchTexts(*textsFile); err != nil {
			return err
		}
	}
	texts, msgs, err := benchMentions(*n, int64(*seed), real, *textsLang)
	if err != nil {
		return err
	}
	l, err := (&langConfig{Defaults: defaultLangDefaults}).language()
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	scorer = pipeline.WithLanguage(scorer, l) // as in serve: mentions without a language get one
	res, err := b.rounds(ctx, *runs, scorer, texts, msgs)
	if err != nil {
		return err
	}
	return json.NewEncoder(io.out).Encode(res)
}

// rounds runs the three measures runs times, interleaved, and reports the
// median rate of each.
func (b *bench) rounds(ctx context.Context, runs int, scorer pipeline.Scorer, texts [][2]string, msgs []kafka.Message) (benchResult, error) {
	var bare, transport, e2e []float64
	for r := range runs {
		fmt.Fprintf(b.io.err, "round %d of %d\n", r+1, runs)
		bare = append(bare, b.bare(scorer, texts))
		rate, err := b.pipeline(ctx, "transport", msgs, nopScorer{}, nopStore{})
		if err != nil {
			return benchResult{}, err
		}
		transport = append(transport, rate)
		// Each end-to-end run starts with an empty store, so that every
		// round measures inserts, not updates of the previous round's rows.
		store, closeStore, err := openBenchStore(ctx, b.store, b.dsn)
		if err != nil {
			return benchResult{}, err
		}
		rate, err = b.pipeline(ctx, "e2e ("+b.store+", "+b.model+")", msgs, scorer, store)
		closeStore()
		if err != nil {
			return benchResult{}, err
		}
		e2e = append(e2e, rate)
	}
	res := benchResult{Bare: math.Round(median(bare)), Transport: math.Round(median(transport)), E2E: math.Round(median(e2e))}
	res.Ratio = math.Round(res.E2E/res.Transport*1000) / 1000
	return res, nil
}

// median is the middle value of xs (the mean of the two middle ones for an
// even count).
func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// readBenchTexts reads the texts of a SemEval file, or the lines of any
// other file.
func readBenchTexts(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	defer f.Close()
	var out []string
	if exs, err := sentiment.ReadSemEval(f); err == nil {
		for _, e := range exs {
			out = append(out, e.Text)
		}
	} else {
		raw, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("bench: %w", err)
		}
		for _, l := range strings.Split(string(raw), "\n") {
			if l = strings.TrimSpace(l); l != "" {
				out = append(out, l)
			}
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("bench: %s has no texts", path)
	}
	return out, nil
}

type bench struct {
	io         stdio
	store, dsn string
	model      string
	partitions int
}

// benchMentions makes n synthetic mentions, with the real texts in lang
// instead of the synthetic ones when texts is not empty: their texts and
// languages for the bare scorer, and their encoded form for the broker.
func benchMentions(n int, seed int64, texts []string, lang string) ([][2]string, []kafka.Message, error) {
	g := synthetic.NewGenerator(seed)
	at := time.Now().Add(-time.Duration(n) * time.Millisecond)
	out := make([][2]string, n)
	msgs := make([]kafka.Message, n)
	for i := range n {
		m := g.Next(at.Add(time.Duration(i) * time.Millisecond))
		if len(texts) > 0 {
			m.Text, m.Lang = texts[i%len(texts)], lang
		}
		v, err := socialcrm.EncodeMention(m)
		if err != nil {
			return nil, nil, fmt.Errorf("bench: %w", err)
		}
		out[i] = [2]string{m.Text, m.Lang}
		msgs[i] = kafka.Message{Key: []byte(m.ID), Value: v}
	}
	return out, msgs, nil
}

// bare scores every text on one goroutine.
func (b *bench) bare(s pipeline.Scorer, texts [][2]string) float64 {
	start := time.Now()
	for _, t := range texts {
		s.Score(t[0], t[1])
	}
	rate := float64(len(texts)) / time.Since(start).Seconds()
	fmt.Fprintf(b.io.err, "bare scorer: %d texts in %v, %.0f/s\n", len(texts), time.Since(start).Round(time.Millisecond), rate)
	return rate
}

// pipeline sends msgs through a fresh embedded broker and a pipeline, and
// returns the rate from the pipeline's start to its last stored batch.
func (b *bench) pipeline(ctx context.Context, name string, msgs []kafka.Message, s pipeline.Scorer, st pipeline.Saver) (float64, error) {
	br, err := kafka.NewBroker(kafka.BrokerConfig{Addr: "127.0.0.1:0", Partitions: b.partitions})
	if err != nil {
		return 0, fmt.Errorf("bench: %w", err)
	}
	defer br.Close()
	if err := b.produce(ctx, br.Brokers(), msgs); err != nil {
		return 0, err
	}
	var done, finished atomic.Int64
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	want := int64(len(msgs))
	p, err := pipeline.New(pipeline.Config{
		Brokers: br.Brokers(), Scorer: s, Store: st, Registerer: prometheus.NewRegistry(),
		Logger: slog.New(slog.NewTextHandler(b.io.err, &slog.HandlerOptions{Level: slog.LevelWarn})),
		OnBatch: func(ms []*socialcrm.Mention) {
			if n := done.Add(int64(len(ms))); n >= want && n-int64(len(ms)) < want {
				finished.Store(time.Now().UnixNano())
				cancel()
			}
		},
	})
	if err != nil {
		return 0, fmt.Errorf("bench: %w", err)
	}
	stopProgress := b.progress(name, &done, want)
	start := time.Now()
	err = p.Run(runCtx)
	// The clock stops at the last stored batch, not after the shutdown.
	elapsed := time.Duration(finished.Load() - start.UnixNano())
	stopProgress()
	if err != nil {
		return 0, fmt.Errorf("bench: %s: %w", name, err)
	}
	if ctx.Err() != nil {
		return 0, fmt.Errorf("bench: %s: %w", name, ctx.Err())
	}
	rate := float64(want) / elapsed.Seconds()
	fmt.Fprintf(b.io.err, "%s: %d mentions in %v, %.0f/s\n", name, want, elapsed.Round(time.Millisecond), rate)
	return rate, nil
}

func (b *bench) produce(ctx context.Context, brokers []string, msgs []kafka.Message) error {
	w, err := kafka.NewWriter(kafka.WriterConfig{Brokers: brokers, Topic: socialcrm.TopicRaw})
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	start := time.Now()
	for i := 0; i < len(msgs); i += 20_000 {
		if err := w.Write(ctx, msgs[i:min(i+20_000, len(msgs))]...); err != nil {
			w.Close()
			return fmt.Errorf("bench: produce: %w", err)
		}
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("bench: produce: %w", err)
	}
	fmt.Fprintf(b.io.err, "produced %d mentions to %s in %v\n", len(msgs), socialcrm.TopicRaw, time.Since(start).Round(time.Millisecond))
	return nil
}

// progress prints the count every second until the returned func is called.
func (b *bench) progress(name string, done *atomic.Int64, want int64) func() {
	stop := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				fmt.Fprintf(b.io.err, "  %s: %d/%d\n", name, done.Load(), want)
			}
		}
	}()
	return func() { close(stop); <-finished }
}

// nopScorer and nopStore measure the transport alone.
type nopScorer struct{}

func (nopScorer) Score(text, lang string) socialcrm.Sentiment {
	return socialcrm.Sentiment{Label: socialcrm.Neutral, Model: "none"}
}

type nopStore struct{}

func (nopStore) SaveMentions(context.Context, ...*socialcrm.Mention) error { return nil }

func startCPUProfile(path string) (func(), error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("bench: cpu profile: %w", err)
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}
