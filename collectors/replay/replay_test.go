package replay

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/collectors"
)

func deps(state socialcrm.StateStore) collectors.Deps {
	return collectors.Deps{State: state, Metrics: collectors.NewMetrics(prometheus.NewRegistry())}
}

func TestCollector_JSONL(t *testing.T) {
	state := &collectors.MemState{}
	var progress bytes.Buffer
	c, err := New(Config{Path: "testdata/mentions.jsonl", Progress: &progress}, deps(state))
	if err != nil {
		t.Fatal(err)
	}
	// The first run stops when emit fails on the third good record.
	stop := errors.New("downstream down")
	var ids []string
	err = c.Collect(context.Background(), func(ctx context.Context, m *socialcrm.Mention) error {
		if m.ID == "bluesky:at://did:plc:a/app.bsky.feed.like/1" {
			return stop
		}
		ids = append(ids, m.ID)
		return nil
	})
	if !errors.Is(err, stop) {
		t.Fatalf("Collect = %v, want the emit error", err)
	}
	// The second run resumes at the record that failed.
	var kinds []string
	err = c.Collect(context.Background(), func(ctx context.Context, m *socialcrm.Mention) error {
		ids = append(ids, m.ID)
		kinds = append(kinds, string(m.Kind))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"mastodon:109372", "x:2001", "x:2002", "bluesky:at://did:plc:a/app.bsky.feed.like/1", "reddit:t1_k9"}
	if diff := cmp.Diff(want, ids); diff != "" {
		t.Errorf("ids (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"like", "comment"}, kinds); diff != "" {
		t.Errorf("kinds (-want +got):\n%s", diff)
	}
	if n := collectors.Value(c.deps.Metrics.DroppedCounter(Name, collectors.DropMalformed)); n != 3 {
		t.Errorf("malformed = %v, want 3 (not JSON, blank, no date)", n)
	}
	out := progress.String()
	if !strings.Contains(out, "100% 8/8") || !strings.Contains(out, "2 mentions handed on") {
		t.Errorf("progress output:\n%s", out)
	}
	// A third run has nothing left.
	n := 0
	if err := c.Collect(context.Background(), func(context.Context, *socialcrm.Mention) error { n++; return nil }); err != nil || n != 0 {
		t.Errorf("third run: %d mentions, %v", n, err)
	}
}

func TestCollector_CSVKinds(t *testing.T) {
	c, err := New(Config{Path: "testdata/mentions.csv", Restart: true}, deps(&collectors.MemState{}))
	if err != nil {
		t.Fatal(err)
	}
	var got []*socialcrm.Mention
	if err := c.Collect(context.Background(), func(ctx context.Context, m *socialcrm.Mention) error {
		got = append(got, m)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		id, kind, parent, target, place, text string
		at                                    time.Time
	}{
		{"rv:1", "post", "", "", "", "Great blender, acme did well", time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)},
		{"rv:2", "reply", "rv:1", "alice", "", `Broke in a week, "support" never answered`, time.Date(2026, 11, 20, 11, 0, 0, 0, time.UTC)},
		{"", "checkin", "", "", "Lyon, FR", "At the acme store", time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)},
		{"rv:5", "pin", "", "", "", "pinned", time.Date(2026, 11, 20, 13, 0, 0, 0, time.UTC)},
	}
	if len(got) != len(tests) {
		t.Fatalf("got %d mentions, want %d", len(got), len(tests))
	}
	for i, tt := range tests {
		m := got[i]
		t.Run(tt.kind, func(t *testing.T) {
			if tt.id != "" && m.ID != tt.id || tt.id == "" && !strings.HasPrefix(m.ID, "reviews:") {
				t.Errorf("id %q, want %q", m.ID, tt.id)
			}
			if string(m.Kind) != tt.kind || m.ParentID != tt.parent || m.Target != tt.target || m.Place != tt.place || m.Text != tt.text || !m.CreatedAt.Equal(tt.at) {
				t.Errorf("got %+v", m)
			}
		})
	}
	if string(got[1].Extra["rating"]) != `"1"` {
		t.Errorf("extra column: %s", got[1].Extra)
	}
}

func TestNew_Errors(t *testing.T) {
	for _, cfg := range []Config{{}, {Path: "x.txt", Format: "xml"}, {Path: "x.jsonl", Rate: -1}} {
		if _, err := New(cfg, collectors.Deps{}); err == nil {
			t.Errorf("New(%+v): no error", cfg)
		}
	}
}
