package graph_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"testing"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/graph"
	"github.com/socialcrm/socialcrm/graph/graphgen"
)

// writeEdges generates a realistic interaction CSV, gzipped.
func writeEdges(tb testing.TB, interactions, authors int) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	w := graphgen.NewCSVWriter(zw)
	graphgen.Realistic(graphgen.Options{Interactions: interactions, Authors: authors, Seed: 42}, w.Write)
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// resetPeak makes the kernel's peak RSS start again from the current RSS.
func resetPeak() { _ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// BenchmarkAnalyze is the full-scale figure: "graph analyze" on 600,000
// interactions among 450,000 authors (target < 10 s and < 1 GiB).
func BenchmarkAnalyze(b *testing.B) {
	data := writeEdges(b, 600_000, 450_000)
	var s *graph.Summary
	for b.Loop() {
		runtime.GC()
		debug.FreeOSMemory()
		resetPeak()
		var err error
		s, _, err = graph.AnalyzeEdges(context.Background(), bytes.NewReader(data), graph.DefaultConfig(), nil, nil)
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(s.ElapsedSeconds, "s/analyze")
	b.ReportMetric(s.PeakMemoryMiB, "peakMiB")
	b.ReportMetric(float64(s.Nodes), "nodes")
	b.ReportMetric(float64(s.Pairs), "pairs")
	b.ReportMetric(float64(s.Communities), "communities")
	b.ReportMetric(s.Modularity, "modularity")
	b.Logf("nodes %d pairs %d strong %d communities %d Q %.3f read %.2fs analyze %.2fs peak %.0f MiB overlap strong %.4f weak %.4f",
		s.Nodes, s.Pairs, s.Strong, s.Communities, s.Modularity, s.ReadSeconds, s.AnalyzeSeconds, s.PeakMemoryMiB,
		s.MeanOverlapStrong, s.MeanOverlapWeak)
}

// BenchmarkAdd measures incremental updates in batches of 100, with the
// duplicate filter on (target ≥ 100,000/s).
func BenchmarkAdd(b *testing.B) {
	var ins []socialcrm.Interaction
	graphgen.Realistic(graphgen.Options{Interactions: 200_000, Authors: 150_000, Seed: 7}, func(in socialcrm.Interaction) {
		in.MentionID = "mastodon:" + strconv.Itoa(len(ins)) // as from the pipeline: checked for redelivery
		ins = append(ins, in)
	})
	b.ResetTimer()
	total := 0
	for b.Loop() {
		g, err := graph.New(graph.DefaultConfig(), nil, nil)
		if err != nil {
			b.Fatal(err)
		}
		for i := 0; i < len(ins); i += 100 {
			if err := g.Add(ins[i:min(i+100, len(ins))]...); err != nil {
				b.Fatal(err)
			}
		}
		total += len(ins)
	}
	b.ReportMetric(float64(total)/b.Elapsed().Seconds(), "interactions/s")
}

// BenchmarkSnapshot encodes and decodes the full-scale graph.
func BenchmarkSnapshot(b *testing.B) {
	g, err := graph.New(graph.DefaultConfig(), nil, nil)
	if err != nil {
		b.Fatal(err)
	}
	graphgen.Realistic(graphgen.Options{Interactions: 600_000, Authors: 450_000, Seed: 42}, func(in socialcrm.Interaction) {
		if err := g.Add(in); err != nil {
			b.Fatal(err)
		}
	})
	var size int
	for b.Loop() {
		data, err := g.Encode()
		if err != nil {
			b.Fatal(err)
		}
		size = len(data)
		h, _ := graph.New(graph.DefaultConfig(), nil, nil)
		if err := h.Decode(data); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(size)/(1<<20), "MiB")
}
