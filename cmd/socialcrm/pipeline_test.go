package main

import (
	"bufio"
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	kafkago "github.com/segmentio/kafka-go"

	"github.com/socialcrm/socialcrm"
)

var workerRe = regexp.MustCompile(`probes and metrics at (http://\S+/) `)

// TestPipeline_ScaleOut runs a separate "socialcrm pipeline" worker beside
// a demo, on its broker and database: the two share mentions.raw, every
// mention is stored once, and the demo's alerter and live stream, which
// read mentions.scored, see the worker's mentions too.
func TestPipeline_ScaleOut(t *testing.T) {
	t.Parallel()
	db := testDatabase(t, "to share a Postgres database between a worker and the demo")
	d := startDemo(t, map[string]string{"DATABASE_URL": db}, "--rate", "0", "--burst-every", "0")
	workerURL := startWorker(t, "--kafka-brokers", strings.Join(d.brokers, ","), "--database-url", db,
		"--addr", "127.0.0.1:0", "--log-level", "warn")

	// Produce until both consumers hold partitions and have each scored
	// some, then count what was stored.
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	w := &kafkago.Writer{Addr: kafkago.TCP(d.brokers...), Topic: socialcrm.TopicRaw, BatchTimeout: time.Millisecond}
	defer w.Close()
	sent := 0
	send := func(n int) {
		msgs := make([]kafkago.Message, n)
		for i := range msgs {
			id := fmt.Sprintf("mastodon:scale-%d", sent+i)
			raw := fmt.Sprintf(`{"v":1,"id":%q,"source":"mastodon","brand":"scaleout","author":{"handle":"u%d@example.social"},`+
				`"text":"@scaleout the app crashed again, terrible","lang":"en","kind":"post","created_at":%q}`,
				id, (sent+i)%17, time.Now().UTC().Format(time.RFC3339))
			msgs[i] = kafkago.Message{Key: []byte(id), Value: []byte(raw)}
		}
		if err := w.WriteMessages(ctx, msgs...); err != nil {
			t.Fatal(err)
		}
		sent += len(msgs)
	}
	// A new consumer group starts at the end of the topic: what is scored
	// before the demo's alerter has joined is not counted. Wait for it.
	for metric(t, d.url, "socialcrm_alerts_mentions_observed_total") == 0 {
		send(1)
		if ctx.Err() != nil {
			t.Fatal("the demo's alerter never counted a mention")
		}
		time.Sleep(200 * time.Millisecond)
	}
	warm := sent
	for {
		send(40)
		if consumed(t, workerURL) > 0 && consumed(t, d.url) > 0 {
			break
		}
		if ctx.Err() != nil {
			t.Fatalf("after %d mentions: worker consumed %v, demo %v; want both above 0", sent, consumed(t, workerURL), consumed(t, d.url))
		}
		time.Sleep(200 * time.Millisecond)
	}
	var list struct {
		Total int `json:"total"`
	}
	eventually(t, 30*time.Second, func() error {
		if err := getInto(d.url+"api/v1/mentions?brand=scaleout&limit=1", &list); err != nil {
			return err
		}
		if list.Total != sent {
			return fmt.Errorf("%d of %d mentions stored", list.Total, sent)
		}
		return nil
	})
	byWorker, byDemo := consumed(t, workerURL), consumed(t, d.url)
	t.Logf("%d mentions: the worker consumed %.0f, the demo's pipeline %.0f", sent, byWorker, byDemo)
	if byWorker+byDemo < float64(sent) {
		t.Errorf("consumed %.0f + %.0f < %d sent", byWorker, byDemo, sent)
	}
	// The demo's alerter counted every scored mention, the worker's too.
	// One brand's mentions are one partition of mentions.scored, read in
	// order by one consumer: allow for its lag on a loaded machine.
	eventually(t, 60*time.Second, func() error {
		if got := metric(t, d.url, "socialcrm_alerts_mentions_observed_total"); got < float64(sent-warm) {
			return fmt.Errorf("alerter observed %.0f of the %d mentions sent after it joined", got, sent-warm)
		}
		return nil
	})
}

// startWorker runs "socialcrm pipeline" with args until the test ends and
// returns its probe URL.
func startWorker(t *testing.T, args ...string) string {
	t.Helper()
	m, _ := startCommand(t, nil, append([]string{"pipeline"}, args...), workerRe)
	return m[1]
}

func consumed(t *testing.T, base string) float64 {
	return metric(t, base, "socialcrm_pipeline_consumed_total")
}

// metric reads one unlabelled sample from base's /metrics (0 if absent).
func metric(t *testing.T, base, name string) float64 {
	t.Helper()
	resp, err := client(base).Get(base + "metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), name+" "); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			return f
		}
	}
	return 0
}
