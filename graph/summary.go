package graph

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"log/slog"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/socialcrm/socialcrm"
)

// Summary is the one JSON object "socialcrm graph analyze" prints.
type Summary struct {
	Nodes             int                    `json:"nodes"`
	Edges             int                    `json:"edges"` // distinct directed edges
	Pairs             int                    `json:"pairs"` // connected unordered pairs (ties)
	Interactions      int64                  `json:"interactions"`
	Read              ReadResult             `json:"read"`
	Strong            int                    `json:"strong"`
	Weak              int                    `json:"weak"`
	StrongThreshold   float64                `json:"strong_threshold"`
	Reciprocal        int                    `json:"reciprocal_pairs"`
	MeanOverlapStrong float64                `json:"mean_overlap_strong"`
	MeanOverlapWeak   float64                `json:"mean_overlap_weak"`
	Communities       int                    `json:"communities"`
	Modularity        float64                `json:"modularity"`
	LargestCommunity  int                    `json:"largest_community"`
	TopInfluencers    []socialcrm.Influencer `json:"top_influencers"`
	TopBrokers        []socialcrm.Influencer `json:"top_brokers"`
	ReadSeconds       float64                `json:"read_seconds"`
	AnalyzeSeconds    float64                `json:"analyze_seconds"`
	ElapsedSeconds    float64                `json:"elapsed_seconds"`
	PeakMemoryBytes   uint64                 `json:"peak_memory_bytes"`
	PeakMemoryMiB     float64                `json:"peak_memory_mib"`
}

// AnalyzeEdges reads an edge CSV (see ReadEdges) into a new graph and
// analyses it. The reference time of decay is the latest interaction
// unless conf.Now is set.
func AnalyzeEdges(ctx context.Context, r io.Reader, conf Config, logger *slog.Logger, progress func(rows int)) (*Summary, *Analysis, error) {
	start := time.Now()
	g, err := New(conf, logger, nil)
	if err != nil {
		return nil, nil, err
	}
	res, err := ReadEdges(ctx, r, g, progress)
	if err != nil {
		return nil, nil, err
	}
	read := time.Now()
	a := g.Analyze()
	s := a.Summarize(10)
	s.Read, s.Interactions = res, g.Stats().Interactions
	s.ReadSeconds = read.Sub(start).Seconds()
	s.AnalyzeSeconds = time.Since(read).Seconds()
	s.ElapsedSeconds = time.Since(start).Seconds()
	s.PeakMemoryBytes = PeakMemory()
	s.PeakMemoryMiB = float64(s.PeakMemoryBytes) / (1 << 20)
	return s, a, nil
}

// Summarize counts the analysis' ties and lists its top influencers and
// brokers.
func (a *Analysis) Summarize(top int) *Summary {
	s := &Summary{Nodes: len(a.names), Pairs: len(a.pairs), Strong: a.Strong, Weak: len(a.pairs) - a.Strong,
		StrongThreshold: a.Threshold, Communities: a.NumComm, Modularity: a.Modularity,
		TopInfluencers: a.Influencers("", top), TopBrokers: a.brokers(top)}
	var os, ow float64
	for i := range a.pairs {
		p := &a.pairs[i]
		s.Edges += min(int(p.n[0]), 1) + min(int(p.n[1]), 1)
		if p.n[0] > 0 && p.n[1] > 0 {
			s.Reciprocal++
		}
		if a.isStrong(int32(i)) {
			os += a.Overlap[i]
		} else {
			ow += a.Overlap[i]
		}
	}
	if s.Strong > 0 {
		s.MeanOverlapStrong = os / float64(s.Strong)
	}
	if s.Weak > 0 {
		s.MeanOverlapWeak = ow / float64(s.Weak)
	}
	for _, c := range a.commSize {
		s.LargestCommunity = max(s.LargestCommunity, int(c))
	}
	return s
}

// brokers returns the nodes whose weak ties reach the most communities.
func (a *Analysis) brokers(top int) []socialcrm.Influencer {
	out := []socialcrm.Influencer{}
	best := make([]int32, 0, top+1)
	for _, u := range a.byRank {
		if a.Brokerage[u] == 0 {
			continue
		}
		i := len(best)
		for i > 0 && a.Brokerage[best[i-1]] < a.Brokerage[u] {
			i--
		}
		if i >= top {
			continue
		}
		best = append(best[:i], append([]int32{u}, best[i:]...)...)
		if len(best) > top {
			best = best[:top]
		}
	}
	for _, u := range best {
		out = append(out, a.influencer(u))
	}
	return out
}

// WriteTies writes one CSV row per pair:
// source,target,strength,class,interactions,reciprocal,overlap.
func (a *Analysis) WriteTies(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	bw.WriteString("source,target,strength,class,interactions,reciprocal,overlap\n")
	var b []byte
	for i := range a.pairs {
		p := &a.pairs[i]
		class := "weak"
		if a.isStrong(int32(i)) {
			class = "strong"
		}
		b = appendField(b[:0], a.names[p.a])
		b = append(b, ',')
		b = appendField(b, a.names[p.b])
		b = append(b, ',')
		b = strconv.AppendFloat(b, a.Strength[i], 'f', 4, 64)
		b = append(b, ',')
		b = append(b, class...)
		b = append(b, ',')
		b = strconv.AppendUint(b, uint64(p.n[0]+p.n[1]), 10)
		b = append(b, ',')
		b = strconv.AppendBool(b, p.n[0] > 0 && p.n[1] > 0)
		b = append(b, ',')
		b = strconv.AppendFloat(b, a.Overlap[i], 'f', 4, 64)
		b = append(b, '\n')
		if _, err := bw.Write(b); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// appendField appends s as a CSV field, quoted when it must be.
func appendField(b []byte, s string) []byte {
	if !strings.ContainsAny(s, ",\"\r\n") {
		return append(b, s...)
	}
	b = append(b, '"')
	b = append(b, strings.ReplaceAll(s, `"`, `""`)...)
	return append(b, '"')
}

// PeakMemory is the process' peak resident set size (VmHWM) where the
// system reports it, else the memory obtained from the OS by the runtime.
func PeakMemory() uint64 {
	if b, err := os.ReadFile("/proc/self/status"); err == nil {
		for _, line := range bytes.Split(b, []byte("\n")) {
			if rest, ok := bytes.CutPrefix(line, []byte("VmHWM:")); ok {
				if f := bytes.Fields(rest); len(f) > 0 {
					if kb, err := strconv.ParseUint(string(f[0]), 10, 64); err == nil {
						return kb << 10
					}
				}
			}
		}
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.Sys
}
