package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	kafkago "github.com/segmentio/kafka-go"

	"github.com/google/go-cmp/cmp"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/kafka"
)

// replayConfig writes a collect config that replays the replay package's
// JSONL fixture with one brand rule.
func replayConfig(t *testing.T) string {
	t.Helper()
	fixture, err := filepath.Abs("../../collectors/replay/testdata/mentions.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "collect.yaml")
	doc := "brands:\n  - name: acme\n    rules:\n      - query: 'acme OR @acme'\n" +
		"sources:\n  - type: replay\n    path: " + fixture + "\n"
	if err := os.WriteFile(p, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func collectRun(t *testing.T, args ...string) (string, string, error) {
	var out, errw bytes.Buffer
	env := func(string) string { return "" }
	err := run(context.Background(), append([]string{"collect"}, args...), env, strings.NewReader(""), &out, &errw)
	return out.String(), errw.String(), err
}

func TestCollect_Stdout(t *testing.T) {
	cfg := replayConfig(t)
	out, errw, err := collectRun(t, "--config", cfg, "--stdout")
	if err != nil {
		t.Fatalf("collect: %v\n%s", err, errw)
	}
	var ids, brands []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		m, err := socialcrm.DecodeMention([]byte(line))
		if err != nil {
			t.Fatalf("output line %q: %v", line, err)
		}
		ids, brands = append(ids, m.ID), append(brands, m.Brand)
	}
	// The share and the like carry no text, so no rule matches them.
	if diff := cmp.Diff([]string{"mastodon:109372", "x:2001", "reddit:t1_k9"}, ids); diff != "" {
		t.Errorf("ids (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"acme", "acme", "acme"}, brands); diff != "" {
		t.Errorf("brands (-want +got):\n%s", diff)
	}
	if !strings.Contains(errw, "100% 8/8") {
		t.Errorf("no progress bar on stderr:\n%s", errw)
	}

	out, _, err = collectRun(t, "--config", cfg, "--stdout", "--limit", "2")
	if err != nil || strings.Count(out, "\n") != 2 {
		t.Errorf("--limit 2: %d lines, %v", strings.Count(out, "\n"), err)
	}
	out, _, err = collectRun(t, "--config", cfg, "--stdout", "--since", "2026-11-20T10:05:00Z")
	if err != nil || strings.Count(out, "\n") != 2 || strings.Contains(out, "mastodon:109372") {
		t.Errorf("--since: %q, %v", out, err)
	}
}

func TestCollect_Errors(t *testing.T) {
	cfg := replayConfig(t)
	for name, args := range map[string][]string{
		"NoConfig":  {"--stdout"},
		"NoBrokers": {"--config", cfg},
		"BadSince":  {"--config", cfg, "--stdout", "--since", "yesterday"},
		"BadLimit":  {"--config", cfg, "--stdout", "--limit", "-1"},
		"Missing":   {"--config", "no/such/file.yaml", "--stdout"},
	} {
		if _, _, err := collectRun(t, args...); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// TestCollect_Kafka produces to the embedded broker and reads mentions.raw
// back: the expected mentions, once each, keyed by id.
func TestCollect_Kafka(t *testing.T) {
	b, err := kafka.NewBroker(kafka.BrokerConfig{Addr: "127.0.0.1:0", Partitions: 3})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if _, errw, err := collectRun(t, "--config", replayConfig(t), "--kafka-brokers", b.Addr()); err != nil {
		t.Fatalf("collect: %v\n%s", err, errw)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var ids []string
	for p := range 3 {
		conn, err := kafkago.DialLeader(ctx, "tcp", b.Addr(), socialcrm.TopicRaw, p)
		if err != nil {
			t.Fatal(err)
		}
		last, err := conn.ReadLastOffset()
		if err != nil {
			t.Fatal(err)
		}
		for off := int64(0); off < last; off++ {
			_ = conn.SetReadDeadline(time.Now().Add(5 * time.Second))
			msg, err := conn.ReadMessage(1 << 20)
			if err != nil {
				t.Fatal(err)
			}
			var m socialcrm.Mention
			if err := json.Unmarshal(msg.Value, &m); err != nil || string(msg.Key) != m.ID {
				t.Errorf("message key %q value %s: %v", msg.Key, msg.Value, err)
			}
			ids = append(ids, m.ID)
		}
		conn.Close()
	}
	want := map[string]bool{"mastodon:109372": true, "x:2001": true, "reddit:t1_k9": true}
	if len(ids) != len(want) {
		t.Fatalf("mentions.raw holds %v, want each of %v once", ids, want)
	}
	for _, id := range ids {
		if !want[id] {
			t.Errorf("unexpected %s", id)
		}
		delete(want, id)
	}
}
