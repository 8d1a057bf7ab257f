package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"math"
	"runtime"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"golang.org/x/sync/errgroup"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/graph"
	"github.com/socialcrm/socialcrm/graph/graphgen"
	"github.com/socialcrm/socialcrm/kafka"
)

// benchGraphResult is the one JSON line "bench graph" ends with.
type benchGraphResult struct {
	Store        string  `json:"store"`
	Interactions int     `json:"interactions"`
	PerS         float64 `json:"per_s"`
	Seconds      float64 `json:"seconds"`
	Nodes        int     `json:"nodes"`
	Pairs        int     `json:"pairs"`
	RestoreS     float64 `json:"restore_s"`
	Restored     int64   `json:"restored_interactions"`
	// CPU seconds the process used from the consumer's start until the
	// last save (the embedded broker's included), interactions per CPU
	// second, and the system's load average then, against its cores.
	CPUSeconds float64 `json:"cpu_s"`
	PerCPUS    float64 `json:"per_cpu_s"`
	Load1      float64 `json:"load1"`
	Cores      int     `json:"cores"`
}

func cmdBenchGraph(ctx context.Context, args []string, io stdio) error {
	usage := "bench graph --interactions N [--authors A] [--store memory|postgres] [--partitions P]"
	fs := newFlagSet("bench graph", usage, io)
	n := fs.Int("interactions", "SOCIALCRM_BENCH_INTERACTIONS", 500_000, "interactions to send through the graph consumer")
	authors := fs.Int("authors", "SOCIALCRM_BENCH_AUTHORS", 0, "authors of the synthetic interactions (default: interactions × 3/4)")
	store := fs.String("store", "SOCIALCRM_BENCH_STORE", "memory", "store the graph is saved to: memory or postgres")
	dsn := fs.String("database-url", "DATABASE_URL", "", "Postgres URL for --store postgres (the run uses a schema of its own and drops it)")
	partitions := fs.Int("partitions", "SOCIALCRM_BENCH_PARTITIONS", kafka.DefaultPartitions, "partitions of the interactions topic")
	cpuProfile := fs.String("cpuprofile", "", "", "write a CPU profile of the whole run to this file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := fs.noArgs(); err != nil {
		return err
	}
	if *n <= 0 || *partitions <= 0 || *authors < 0 {
		return fmt.Errorf("bench graph: --interactions and --partitions must be positive")
	}
	if *authors == 0 {
		*authors = max(*n*3/4, 2)
	}
	st, closeStore, err := openBenchStore(ctx, *store, *dsn)
	if err != nil {
		return err
	}
	defer closeStore()
	if *cpuProfile != "" {
		stop, err := startCPUProfile(*cpuProfile)
		if err != nil {
			return err
		}
		defer stop()
	}
	res, err := benchGraph(ctx, io, st, *n, *authors, *partitions)
	if err != nil {
		return err
	}
	res.Store = *store
	return json.NewEncoder(io.out).Encode(res)
}

// benchGraph produces n interactions to an embedded broker's interactions
// topic, then times the graph consumer from its start until every one is
// in a save of the graph in st (its offset may be committed), and then a
// restore from st.
func benchGraph(ctx context.Context, io stdio, st socialcrm.Store, n, authors, partitions int) (benchGraphResult, error) {
	var res benchGraphResult
	b, err := kafka.NewBroker(kafka.BrokerConfig{Addr: "127.0.0.1:0", Partitions: partitions})
	if err != nil {
		return res, fmt.Errorf("bench graph: broker: %w", err)
	}
	defer b.Close()
	fmt.Fprintf(io.err, "producing %d interactions among %d authors\n", n, authors)
	if err := produceInteractions(ctx, b.Brokers(), n, authors); err != nil {
		return res, err
	}
	conf := graph.DefaultConfig()
	conf.AnalyzeEvery = 0
	g, err := graph.New(conf, nil, prometheus.NewRegistry())
	if err != nil {
		return res, err
	}
	defer g.Close()
	var done atomic.Int64
	var end atomic.Int64 // unix nanoseconds when the last one was saved
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	eg, gctx := errgroup.WithContext(runCtx)
	start, cpu0 := time.Now(), cpuSeconds()
	var cpu1 atomic.Uint64 // float64 bits, at the last save
	eg.Go(func() error { return g.RunSnapshots(gctx, st, 30*time.Second) })
	eg.Go(func() error {
		return consumeGraph(gctx, b.Brokers(), g, slog.New(slog.DiscardHandler), func(k int) {
			if done.Add(int64(k)) >= int64(n) && end.CompareAndSwap(0, time.Now().UnixNano()) {
				cpu1.Store(math.Float64bits(cpuSeconds()))
				cancel()
			}
		})
	})
	if err := eg.Wait(); err != nil {
		return res, fmt.Errorf("bench graph: %w", err)
	}
	if ctx.Err() != nil {
		return res, ctx.Err()
	}
	if got := done.Load(); got < int64(n) {
		return res, fmt.Errorf("bench graph: %d of %d interactions saved", got, n)
	}
	elapsed := time.Unix(0, end.Load()).Sub(start)
	s := g.Stats()
	res.Interactions, res.Nodes, res.Pairs = n, s.Nodes, s.Pairs
	res.Seconds = math.Round(elapsed.Seconds()*1000) / 1000
	res.PerS = math.Round(float64(n) / elapsed.Seconds())
	cpu := math.Float64frombits(cpu1.Load()) - cpu0
	res.CPUSeconds = math.Round(cpu*1000) / 1000
	if cpu > 0 {
		res.PerCPUS = math.Round(float64(n) / cpu)
	}
	res.Load1, res.Cores = loadAverage(), runtime.NumCPU()
	fmt.Fprintf(io.err, "graph of %d nodes and %d pairs saved in %s (%.1f CPU seconds, load average %.1f); restoring\n",
		s.Nodes, s.Pairs, elapsed.Round(time.Millisecond), cpu, loadAverage())
	h, err := graph.New(conf, nil, prometheus.NewRegistry())
	if err != nil {
		return res, err
	}
	defer h.Close()
	start = time.Now()
	if err := h.Load(ctx, st); err != nil {
		return res, fmt.Errorf("bench graph: %w", err)
	}
	res.RestoreS = math.Round(time.Since(start).Seconds()*1000) / 1000
	res.Restored = h.Stats().Interactions
	if res.Restored != s.Interactions {
		return res, fmt.Errorf("bench graph: restored %d interactions, saved %d", res.Restored, s.Interactions)
	}
	return res, nil
}

// produceInteractions writes n synthetic interactions, keyed by their
// source author as the pipeline does.
func produceInteractions(ctx context.Context, brokers []string, n, authors int) error {
	w, err := kafka.NewWriter(kafka.WriterConfig{Brokers: brokers, Topic: socialcrm.TopicInteractions})
	if err != nil {
		return err
	}
	msgs := make([]kafka.Message, 0, 10_000)
	var werr error
	i := 0
	graphgen.Realistic(graphgen.Options{Interactions: n, Authors: authors, Seed: 1}, func(in socialcrm.Interaction) {
		if werr != nil {
			return
		}
		in.MentionID = "bench:" + strconv.Itoa(i)
		i++
		v, err := json.Marshal(in)
		if err != nil {
			werr = err
			return
		}
		msgs = append(msgs, kafka.Message{Key: []byte(in.From), Value: v})
		if len(msgs) == cap(msgs) {
			werr = w.Write(ctx, msgs...)
			msgs = msgs[:0]
		}
	})
	if werr == nil && len(msgs) > 0 {
		werr = w.Write(ctx, msgs...)
	}
	if err := w.Close(); werr == nil {
		werr = err
	}
	if werr != nil {
		return fmt.Errorf("bench graph: produce: %w", werr)
	}
	return nil
}
