package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/kafka"
)

// TestDLQ lists and replays dead letters on the embedded broker: replay
// sends the original bytes under the original key to the original topic,
// the dry run sends nothing, and a truncated dead letter is not replayed.
func TestDLQ(t *testing.T) {
	b, err := kafka.NewBroker(kafka.BrokerConfig{Addr: "127.0.0.1:0", Partitions: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	ctx := context.Background()
	w, err := kafka.NewWriter(kafka.WriterConfig{Brokers: b.Brokers()})
	if err != nil {
		t.Fatal(err)
	}
	huge := bytes.Repeat([]byte("a"), socialcrm.MaxDeadLetterBytes+1)
	originals := []kafka.Message{
		{Topic: socialcrm.TopicRaw, Partition: 3, Offset: 17, Key: []byte("x:1"), Value: []byte(`{"v":1,"id":"x:1"}`)},
		{Topic: socialcrm.TopicRaw, Partition: 1, Offset: 4, Key: []byte("x:2"), Value: []byte(`{"v":1,"id":"x:2"}`)},
		{Topic: socialcrm.TopicScored, Partition: 0, Offset: 9, Key: []byte("x:3"), Value: []byte(`{"v":1,"id":"x:3"}`)},
		{Topic: socialcrm.TopicRaw, Partition: 0, Offset: 1, Key: []byte("x:4"), Value: huge},
	}
	causes := []error{
		socialcrm.Invalidf("postgres: refused (SQLSTATE 54000): index row requires 10256 bytes"),
		socialcrm.Invalidf(`mention "x:2": field "author.handle" is 10240 bytes`),
		socialcrm.Invalidf("postgres: refused (SQLSTATE 23514): check constraint"),
		socialcrm.Invalidf("mention is 262145 bytes, more than the limit"),
	}
	for i := range originals {
		if err := w.Write(ctx, kafka.DeadLetterOf(&originals[i], causes[i])); err != nil {
			t.Fatal(err)
		}
	}
	w.Close()
	brokers := "--kafka-brokers=" + b.Addr()
	dlq := func(args ...string) (string, string, error) {
		var out, errw bytes.Buffer
		err := run(ctx, append([]string{"dlq"}, args...), func(string) string { return "" }, strings.NewReader(""), &out, &errw)
		return out.String(), errw.String(), err
	}

	out, _, err := dlq("list", brokers)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 4 {
		t.Fatalf("list printed %d lines, want 4:\n%s", len(lines), out)
	}
	var e dlqEntry
	for _, l := range lines {
		if err := json.Unmarshal([]byte(l), &e); err != nil {
			t.Fatal(err)
		}
		if e.Key == "x:3" && (e.Topic != socialcrm.TopicScored || e.Partition != 0 || e.Offset != 9 || !strings.Contains(e.Error, "23514")) {
			t.Errorf("list: %+v", e)
		}
	}
	out, _, err = dlq("list", brokers, "--filter", "SQLSTATE", "--since", "1h")
	if err != nil || strings.Count(out, "\n") != 2 {
		t.Fatalf("list --filter SQLSTATE: %v\n%s", err, out)
	}

	out, _, err = dlq("replay", brokers, "--id", "x:2", "--dry-run")
	if err != nil || !strings.Contains(out, `"matched":1,"replayed":1`) || !strings.Contains(out, `"dry_run":true`) {
		t.Fatalf("replay --dry-run: %v\n%s", err, out)
	}
	if got := scanTopic(t, b.Brokers(), socialcrm.TopicRaw); len(got) != 0 {
		t.Fatalf("a dry run sent %d messages", len(got))
	}

	out, stderr, err := dlq("replay", brokers, "--since", "1h")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("replay: %s%s", stderr, out)
	var sum dlqSummary
	if err := json.Unmarshal([]byte(out), &sum); err != nil || sum.Read != 4 || sum.Replayed != 3 || sum.Truncated != 1 {
		t.Fatalf("replay summary %+v (%v), want 4 read, 3 replayed, 1 truncated", sum, err)
	}
	raw := scanTopic(t, b.Brokers(), socialcrm.TopicRaw)
	scored := scanTopic(t, b.Brokers(), socialcrm.TopicScored)
	if len(raw) != 2 || len(scored) != 1 {
		t.Fatalf("replayed %d to raw and %d to scored, want 2 and 1", len(raw), len(scored))
	}
	for _, m := range append(raw, scored...) {
		k := string(m.Key)
		want := originals[int(k[2]-'1')]
		if !bytes.Equal(m.Value, want.Value) || m.Topic != want.Topic {
			t.Errorf("replayed %s to %s: %s, want %s on %s", k, m.Topic, m.Value, want.Value, want.Topic)
		}
	}

	if _, _, err := dlq("replay", brokers, "--since", "yesterday"); err == nil {
		t.Error("replay --since yesterday: no error")
	}
	if _, _, err := dlq("purge", brokers); err == nil || !strings.Contains(err.Error(), "unknown subcommand") {
		t.Errorf("dlq purge: %v", err)
	}
}

func scanTopic(t *testing.T, brokers []string, topic string) []kafka.Message {
	t.Helper()
	var out []kafka.Message
	err := kafka.Scan(context.Background(), brokers, topic, func(m kafka.Message) error {
		out = append(out, m)
		return nil
	})
	if err != nil && !errors.Is(err, context.Canceled) {
		t.Fatal(err)
	}
	return out
}
