package graph_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/socialcrm/socialcrm/graph"
)

func TestReadEdges(t *testing.T) {
	plain, err := os.ReadFile("testdata/edges.csv")
	if err != nil {
		t.Fatal(err)
	}
	var zipped bytes.Buffer
	zw := gzip.NewWriter(&zipped)
	zw.Write(plain)
	zw.Close()
	for name, data := range map[string][]byte{"Plain": plain, "Gzip": zipped.Bytes()} {
		t.Run(name, func(t *testing.T) {
			g := mustNew(t, graph.DefaultConfig())
			res, err := graph.ReadEdges(context.Background(), bytes.NewReader(data), g, nil)
			if err != nil {
				t.Fatal(err)
			}
			if res.Rows != 6 || res.Bad != 4 {
				t.Fatalf("rows %d bad %d, want 6 and 4: %+v", res.Rows, res.Bad, res.BadRows)
			}
			var lines []int
			for _, b := range res.BadRows {
				lines = append(lines, b.Line)
			}
			if diff := cmp.Diff([]int{7, 8, 9, 10}, lines); diff != "" {
				t.Errorf("bad row lines (-want +got):\n%s", diff)
			}
			if !strings.Contains(res.BadRows[1].Error, `"wave"`) {
				t.Errorf("bad kind error = %q", res.BadRows[1].Error)
			}
			s := g.Stats()
			if s.Nodes != 5 || s.Pairs != 4 || s.Interactions != 6 {
				t.Errorf("stats = %+v, want 5 nodes, 4 pairs, 6 interactions", s)
			}
		})
	}
}

func TestAnalyzeEdges(t *testing.T) {
	f, err := os.Open("testdata/edges.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s, a, err := graph.AnalyzeEdges(context.Background(), f, graph.DefaultConfig(), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.Nodes != 5 || s.Pairs != 4 || s.Edges != 5 || s.Reciprocal != 1 || s.Strong+s.Weak != 4 || s.Read.Bad != 4 {
		t.Errorf("summary = %+v", s)
	}
	if len(s.TopInfluencers) == 0 || s.TopInfluencers[0].Key != "alice" && s.TopInfluencers[0].Key != "bob" {
		t.Errorf("top influencers = %+v, want alice or bob first", s.TopInfluencers)
	}
	if s.PeakMemoryBytes == 0 || s.ElapsedSeconds <= 0 {
		t.Errorf("no resource figures: %+v", s)
	}
	var out bytes.Buffer
	if err := a.WriteTies(&out); err != nil {
		t.Fatal(err)
	}
	rows := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(rows) != 5 || rows[0] != "source,target,strength,class,interactions,reciprocal,overlap" {
		t.Fatalf("ties CSV:\n%s", out.String())
	}
	if !strings.HasPrefix(rows[1], "alice,bob,") || !strings.Contains(rows[1], ",strong,3,true,") {
		t.Errorf("alice–bob row = %q, want strong, 3 interactions, reciprocal", rows[1])
	}
}

// TestReadEdges_Strict: rows are RFC 4180 CSV of exactly 4 fields; other
// rows are skipped and reported by their line.
func TestReadEdges_Strict(t *testing.T) {
	in := "source,target,timestamp,kind\n" +
		"a,b,2026-11-01T00:00:00Z,reply\n" +
		"a\tb\t2026-11-01T00:00:00Z\treply\n" +
		"a,b,2026-11-01T00:00:00Z,reply,extra\n" +
		"a,b\"c,2026-11-01T00:00:00Z,reply\n" +
		"# a comment\n" +
		"\"b\",\"a, the second\",2026-11-02T00:00:00Z,mention\n"
	g := mustNew(t, graph.DefaultConfig())
	res, err := graph.ReadEdges(context.Background(), strings.NewReader(in), g, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, b := range res.BadRows {
		got = append(got, fmt.Sprintf("%d %s", b.Line, b.Error))
	}
	want := []string{
		"3 want 4 fields source,target,timestamp,kind, got 1: invalid",
		"4 want 4 fields source,target,timestamp,kind, got 5: invalid",
		`5 bare " in non-quoted-field: invalid`,
	}
	if diff := cmp.Diff(want, got); diff != "" || res.Rows != 2 {
		t.Errorf("rows %d, bad rows (-want +got):\n%s", res.Rows, diff)
	}
}

// FuzzReadEdges: any input is read without a panic, every row counted as
// read or bad.
func FuzzReadEdges(f *testing.F) {
	for _, seed := range []string{"", "\"", "a,b\n\"unterminated,q,1,reply\n", "\x00\xff\x1f\x8b", "a,b,1,reply\r\n\r\n,,,\n", "\"a\"\"b\",c,1,like"} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		g := mustNew(t, graph.DefaultConfig())
		res, _ := graph.ReadEdges(context.Background(), bytes.NewReader(data), g, nil)
		if res.Rows < 0 || res.Bad < len(res.BadRows) {
			t.Errorf("result %+v", res)
		}
	})
}
