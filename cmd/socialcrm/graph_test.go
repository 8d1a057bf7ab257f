package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestGraphAnalyze(t *testing.T) {
	dir := t.TempDir()
	edges := filepath.Join(dir, "edges.csv.gz")
	ties := filepath.Join(dir, "ties.csv")
	env := func(string) string { return "" }
	ctx := context.Background()
	var out, errw bytes.Buffer
	if err := run(ctx, []string{"graph", "generate", "--interactions", "20000", "--authors", "15000", "--out", edges}, env, nil, &out, &errw); err != nil {
		t.Fatalf("generate: %v\n%s", err, errw.String())
	}
	// A bad row appended after the gzip stream would be unreadable, so
	// check bad rows with a plain file.
	plain := filepath.Join(dir, "plain.csv")
	if err := os.WriteFile(plain, []byte("a,b,2026-11-01T00:00:00Z,reply\nb,a,1761955200,RT\nb,c,yesterday,like\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		file       string
		pairs, bad int
		minNodes   int
	}{{edges, 0, 0, 10_000}, {plain, 1, 1, 2}} {
		out.Reset()
		errw.Reset()
		if err := run(ctx, []string{"graph", "analyze", "--edges", tc.file, "--ties-out", ties}, env, nil, &out, &errw); err != nil {
			t.Fatalf("analyze %s: %v\n%s", tc.file, err, errw.String())
		}
		var s struct {
			Nodes, Pairs, Strong, Weak, Communities int
			Read                                    struct {
				BadRows int `json:"bad_rows"`
			}
			ElapsedSeconds  float64                `json:"elapsed_seconds"`
			PeakMemoryBytes uint64                 `json:"peak_memory_bytes"`
			TopInfluencers  []struct{ Key string } `json:"top_influencers"`
		}
		if err := json.Unmarshal(out.Bytes(), &s); err != nil {
			t.Fatalf("summary is not one JSON object: %v\n%s", err, out.String())
		}
		if s.Nodes < tc.minNodes || s.Strong+s.Weak != s.Pairs || s.Read.BadRows != tc.bad || s.PeakMemoryBytes == 0 || len(s.TopInfluencers) == 0 {
			t.Errorf("%s: summary %+v", tc.file, s)
		}
		if tc.pairs > 0 && s.Pairs != tc.pairs {
			t.Errorf("%s: %d pairs, want %d", tc.file, s.Pairs, tc.pairs)
		}
		b, err := os.ReadFile(ties)
		if err != nil {
			t.Fatal(err)
		}
		if rows := strings.Count(string(b), "\n"); rows != s.Pairs+1 {
			t.Errorf("%s: %d ties rows, want %d pairs + header", tc.file, rows, s.Pairs)
		}
		if tc.bad > 0 && !strings.Contains(errw.String(), "line 3") {
			t.Errorf("stderr does not report the bad line: %s", errw.String())
		}
	}
	if err := run(ctx, []string{"graph", "analyze"}, env, nil, &out, &errw); err == nil {
		t.Error("analyze without --edges succeeded")
	}
}
