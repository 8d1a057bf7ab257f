package main

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/graph"
	"github.com/socialcrm/socialcrm/graph/graphgen"
)

// cmdGraph runs the graph subcommands: analyze and generate.
func cmdGraph(ctx context.Context, args []string, io stdio) error {
	return runSubcommand(ctx, "graph", []command{
		{"analyze", "ties, communities and influencers of an edge list", cmdGraphAnalyze},
		{"generate", "write a realistic synthetic edge list", cmdGraphGenerate},
	}, args, io)
}

// graphFlags adds the tie strength and analysis flags shared by every
// command that runs the graph, and returns the function that builds the
// configuration once the flags are parsed.
func graphFlags(fs *flagSet) func() (graph.Config, error) {
	def := graph.DefaultConfig()
	halfLife := fs.Duration("graph-half-life", "SOCIALCRM_GRAPH_HALF_LIFE", def.HalfLife, "half-life of an interaction's weight in tie strength")
	quantile := fs.Float64("graph-strong-quantile", "SOCIALCRM_GRAPH_STRONG_QUANTILE", def.StrongQuantile, "ties above this quantile of strength are strong")
	threshold := fs.Float64("graph-strong-threshold", "SOCIALCRM_GRAPH_STRONG_THRESHOLD", 0, "fixed strength above which a tie is strong (replaces the quantile when > 0)")
	resolution := fs.Float64("graph-resolution", "SOCIALCRM_GRAPH_RESOLUTION", def.Resolution, "modularity resolution of community detection (higher: smaller communities)")
	return func() (graph.Config, error) {
		c := def
		c.HalfLife, c.StrongQuantile, c.StrongThreshold, c.Resolution = *halfLife, *quantile, *threshold, *resolution
		return c, c.Validate()
	}
}

func cmdGraphAnalyze(ctx context.Context, args []string, io stdio) error {
	fs := newFlagSet("graph analyze", "graph analyze --edges FILE [--ties-out FILE] [flags]", io)
	edges := fs.String("edges", "SOCIALCRM_GRAPH_EDGES", "", "CSV source,target,timestamp,kind (gzip accepted; - for stdin)")
	tiesOut := fs.String("ties-out", "SOCIALCRM_GRAPH_TIES_OUT", "", "write one CSV row per pair here (.gz compresses)")
	quiet := fs.Bool("quiet", "SOCIALCRM_GRAPH_QUIET", false, "no progress on stderr")
	conf := graphFlags(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := fs.noArgs(); err != nil {
		return err
	}
	if *edges == "" {
		return fmt.Errorf("graph analyze: --edges FILE is required")
	}
	c, err := conf()
	if err != nil {
		return fmt.Errorf("graph analyze: %w", err)
	}
	in := io.in
	if *edges != "-" {
		f, err := os.Open(*edges)
		if err != nil {
			return fmt.Errorf("graph analyze: %w", err)
		}
		defer f.Close()
		in = f
	}
	start := time.Now()
	progress := func(rows int) {
		if !*quiet {
			fmt.Fprintf(io.err, "graph: %d rows read in %.1f s\n", rows, time.Since(start).Seconds())
		}
	}
	s, a, err := graph.AnalyzeEdges(ctx, in, c, nil, progress)
	if err != nil {
		return fmt.Errorf("graph analyze: %s: %w", *edges, err)
	}
	if s.Read.Bad > 0 {
		fmt.Fprintf(io.err, "graph analyze: %s: skipped %d bad rows:\n", *edges, s.Read.Bad)
		for _, b := range s.Read.BadRows {
			fmt.Fprintf(io.err, "  line %d: %s\n", b.Line, b.Error)
		}
		if more := s.Read.Bad - len(s.Read.BadRows); more > 0 {
			fmt.Fprintf(io.err, "  and %d more\n", more)
		}
	}
	if s.Read.Rows == 0 {
		return fmt.Errorf("graph analyze: %s: no valid row read (%d bad)", *edges, s.Read.Bad)
	}
	if *tiesOut != "" {
		if err := writeFile(*tiesOut, a.WriteTies); err != nil {
			return fmt.Errorf("graph analyze: ties: %w", err)
		}
	}
	enc := json.NewEncoder(io.out)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		return fmt.Errorf("graph analyze: write: %w", err)
	}
	return nil
}

// writeFile creates path and writes it with write, gzipped for ".gz".
func writeFile(path string, write func(io.Writer) error) (err error) {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	if !strings.HasSuffix(path, ".gz") {
		return write(f)
	}
	zw := gzip.NewWriter(f)
	if err := write(zw); err != nil {
		return err
	}
	return zw.Close()
}

func cmdGraphGenerate(ctx context.Context, args []string, io stdio) error {
	fs := newFlagSet("graph generate", "graph generate [--interactions N] [--authors N] [--out FILE]", io)
	n := fs.Int("interactions", "SOCIALCRM_GRAPH_GEN_INTERACTIONS", 600_000, "interactions to generate")
	authors := fs.Int("authors", "SOCIALCRM_GRAPH_GEN_AUTHORS", 450_000, "size of the author population")
	seed := fs.Int("seed", "SOCIALCRM_GRAPH_GEN_SEED", 1, "random seed")
	out := fs.String("out", "SOCIALCRM_GRAPH_GEN_OUT", "-", "CSV file to write (.gz compresses; - for stdout)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := fs.noArgs(); err != nil {
		return err
	}
	if *n < 0 || *authors < 2 {
		return fmt.Errorf("graph generate: want --interactions >= 0 and --authors >= 2: %w", socialcrm.ErrInvalid)
	}
	gen := generateCSV(graphgen.Options{Interactions: *n, Authors: *authors, Seed: uint64(*seed)})
	if *out == "-" {
		return gen(io.out)
	}
	if err := writeFile(*out, gen); err != nil {
		return fmt.Errorf("graph generate: %w", err)
	}
	return ctx.Err()
}

// generateCSV returns a writer of a realistic synthetic edge CSV.
func generateCSV(o graphgen.Options) func(io.Writer) error {
	return func(w io.Writer) error {
		cw := graphgen.NewCSVWriter(w)
		graphgen.Realistic(o, cw.Write)
		return cw.Flush()
	}
}
