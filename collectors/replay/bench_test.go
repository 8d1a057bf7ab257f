package replay

import (
	"bufio"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/collectors"
	"github.com/socialcrm/socialcrm/collectors/synthetic"
)

// writeSynthetic writes n synthetic mentions as JSONL and returns the path.
func writeSynthetic(tb testing.TB, n int) string {
	tb.Helper()
	p := filepath.Join(tb.TempDir(), "mentions.jsonl")
	f, err := os.Create(p)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriter(f)
	g := synthetic.NewGenerator(3)
	at := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	for i := range n {
		b, err := socialcrm.EncodeMention(g.Next(at.Add(time.Duration(i) * time.Second)))
		if err != nil {
			tb.Fatal(err)
		}
		w.Write(append(b, '\n'))
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
	return p
}

// TestCollector_Thousands replays a few thousand mentions: every one is
// handed on once, and the bar reaches the end.
func TestCollector_Thousands(t *testing.T) {
	const n = 3000
	p := writeSynthetic(t, n)
	var progress strings.Builder
	c, err := New(Config{Path: p, Progress: &progress}, collectors.Deps{State: &collectors.MemState{}})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	if err := c.Collect(context.Background(), func(ctx context.Context, m *socialcrm.Mention) error {
		seen[m.ID]++
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(seen) != n {
		t.Errorf("%d distinct mentions, want %d", len(seen), n)
	}
	for id, k := range seen {
		if k != 1 {
			t.Errorf("%s handed on %d times", id, k)
		}
	}
	if !strings.Contains(progress.String(), "100% 3000/3000") {
		t.Errorf("progress: %q", progress.String())
	}
}

func BenchmarkReplay(b *testing.B) {
	const n = 5000
	p := writeSynthetic(b, n)
	for b.Loop() {
		c, err := New(Config{Path: p, Restart: true, Progress: io.Discard}, collectors.Deps{State: &collectors.MemState{}})
		if err != nil {
			b.Fatal(err)
		}
		if err := c.Collect(context.Background(), func(context.Context, *socialcrm.Mention) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*n)/b.Elapsed().Seconds(), "mentions/s")
}
