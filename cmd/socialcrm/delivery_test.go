package main

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	kafkago "github.com/segmentio/kafka-go"

	"github.com/socialcrm/socialcrm"
)

// load produces complaints addressed to one brand, each from its own
// author so that each opens a case of its own, to mentions.raw, as a
// collector or kcat would, and records which ones the broker acknowledged.
type load struct {
	brand string
	stop  chan struct{}
	done  chan struct{}
	mu    sync.Mutex
	acked []string
	sent  int
}

// startLoad produces perSecond mentions a second, in ten batches, until halt.
func startLoad(t *testing.T, brokers []string, brand string, perSecond int) *load {
	l := &load{brand: brand, stop: make(chan struct{}), done: make(chan struct{})}
	w := &kafkago.Writer{Addr: kafkago.TCP(brokers...), Topic: socialcrm.TopicRaw, Balancer: &kafkago.Hash{},
		RequiredAcks: kafkago.RequireAll, BatchTimeout: 5 * time.Millisecond, MaxAttempts: 3, WriteTimeout: 5 * time.Second}
	go func() {
		defer close(l.done)
		defer w.Close()
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-l.stop:
				return
			case <-tick.C:
			}
			l.write(w, max(perSecond/10, 1))
		}
	}()
	t.Cleanup(func() { l.halt() })
	return l
}

func (l *load) write(w *kafkago.Writer, n int) {
	msgs := make([]kafkago.Message, n)
	ids := make([]string, n)
	for i := range msgs {
		ids[i] = fmt.Sprintf("mastodon:%s-%d", l.brand, l.sent+i)
		raw := fmt.Sprintf(`{"v":1,"id":%q,"source":"mastodon","brand":%q,"author":{"handle":"cust%d@example.social"},`+
			`"text":"@%s my order is late again, really disappointed","lang":"en","kind":"post","created_at":%q}`,
			ids[i], l.brand, l.sent+i, l.brand, time.Now().UTC().Format(time.RFC3339Nano))
		msgs[i] = kafkago.Message{Key: []byte(ids[i]), Value: []byte(raw)}
	}
	l.sent += n
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := w.WriteMessages(ctx, msgs...)
	l.mu.Lock()
	defer l.mu.Unlock()
	var werrs kafkago.WriteErrors
	switch {
	case err == nil:
		l.acked = append(l.acked, ids...)
	case errors.As(err, &werrs):
		for i, e := range werrs {
			if e == nil {
				l.acked = append(l.acked, ids[i])
			}
		}
	}
}

// halt stops producing and returns the IDs the broker acknowledged.
func (l *load) halt() []string {
	select {
	case <-l.stop:
	default:
		close(l.stop)
	}
	<-l.done
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.acked
}

// count is how many mentions were acknowledged so far.
func (l *load) count() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.acked)
}

// delivered is what checkDelivered found.
type delivered struct {
	acked, stored, cased, duplicateCases, duplicateAlerts int
	took                                                  time.Duration
}

// checkDelivered waits up to d until every acknowledged mention is in the
// store of dbURL with its case, then checks that no complaint opened two
// cases and no alert is open twice.
func checkDelivered(t *testing.T, dbURL, brand string, acked []string, d time.Duration) delivered {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	r := delivered{acked: len(acked)}
	start := time.Now()
	for {
		err := conn.QueryRow(ctx, `SELECT count(*) FROM mentions WHERE id = ANY($1)`, acked).Scan(&r.stored)
		if err == nil {
			err = conn.QueryRow(ctx, `SELECT count(DISTINCT m) FROM cases, unnest(mentions) m WHERE brand = $1 AND m = ANY($2)`,
				brand, acked).Scan(&r.cased)
		}
		if err != nil {
			t.Fatal(err)
		}
		if r.stored == len(acked) && r.cased == len(acked) {
			break
		}
		if time.Since(start) > d {
			t.Fatalf("after %s: %d of %d acknowledged mentions stored, %d with their case", d, r.stored, len(acked), r.cased)
		}
		time.Sleep(200 * time.Millisecond)
	}
	r.took = time.Since(start)
	err = conn.QueryRow(ctx, `SELECT count(*) FROM (SELECT m FROM cases, unnest(mentions) m WHERE brand = $1
		GROUP BY m HAVING count(*) > 1) d`, brand).Scan(&r.duplicateCases)
	if err == nil {
		err = conn.QueryRow(ctx, `SELECT count(*) FROM (SELECT fingerprint FROM alerts WHERE status <> 'resolved'
			GROUP BY fingerprint HAVING count(*) > 1) d`).Scan(&r.duplicateAlerts)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d acknowledged, %d stored (%d lost), %d with their case; %d mentions in two cases, %d alerts open twice; all there %s after the check began",
		r.acked, r.stored, r.acked-r.stored, r.cased, r.duplicateCases, r.duplicateAlerts, r.took.Round(10*time.Millisecond))
	if r.duplicateCases > 0 || r.duplicateAlerts > 0 {
		t.Errorf("%d mentions in two cases, %d alerts open twice", r.duplicateCases, r.duplicateAlerts)
	}
	return r
}

// waitAcked waits until the load has n acknowledged mentions.
func waitAcked(t *testing.T, l *load, n int) {
	t.Helper()
	eventually(t, 30*time.Second, func() error {
		if got := l.count(); got < n {
			return fmt.Errorf("%d of %d mentions acknowledged", got, n)
		}
		return nil
	})
}

// TestDemo_KillNine kills the demo (SIGKILL) while mentions pour in, and
// starts it again on the same broker data and database: every mention the
// broker acknowledged is stored, and each complaint has its one case.
func TestDemo_KillNine(t *testing.T) {
	db := testDatabase(t, "to kill a demo and restart it on Postgres")
	env := map[string]string{"DATABASE_URL": db}
	args := []string{"demo", "--addr", "127.0.0.1:0", "--broker", "127.0.0.1:0", "--rate", "0", "--burst-every", "0",
		"--broker-data", t.TempDir(), "--log-level", "warn"}
	d := startProcess(t, env, args...)
	l := startLoad(t, d.brokers(), "killnine", 500)
	waitAcked(t, l, 1000)
	d.kill()
	time.Sleep(300 * time.Millisecond) // the producer's last writes fail
	acked := l.halt()
	startProcess(t, env, args...)
	checkDelivered(t, db, "killnine", acked, 60*time.Second)
}

// TestDemo_Sigterm stops the demo (SIGTERM) while mentions pour in, with
// the broker in memory only: shutdown refuses new mentions, drains what
// was acknowledged into the store, and exits; a restart finds them all.
func TestDemo_Sigterm(t *testing.T) {
	db := testDatabase(t, "to stop a demo under load on Postgres")
	env := map[string]string{"DATABASE_URL": db}
	args := []string{"demo", "--addr", "127.0.0.1:0", "--broker", "127.0.0.1:0", "--rate", "0", "--burst-every", "0",
		"--drain-timeout", "60s", "--log-level", "warn"}
	d := startProcess(t, env, args...)
	l := startLoad(t, d.brokers(), "sigterm", 500)
	waitAcked(t, l, 1000)
	took := d.terminate(90 * time.Second)
	acked := l.halt()
	t.Logf("exited %s after SIGTERM", took.Round(time.Millisecond))
	startProcess(t, env, args...)
	checkDelivered(t, db, "sigterm", acked, 30*time.Second)
}

// TestPipeline_WorkerKillNine kills a separate pipeline worker (SIGKILL)
// in the middle of its batches while mentions pour in, then starts it
// again: the batches it had not committed are read again by the demo's
// pipeline or the new worker, and nothing is lost or opened twice.
func TestPipeline_WorkerKillNine(t *testing.T) {
	db := testDatabase(t, "to kill a pipeline worker on Postgres")
	d := startProcess(t, map[string]string{"DATABASE_URL": db}, "demo", "--addr", "127.0.0.1:0", "--broker", "127.0.0.1:0",
		"--rate", "0", "--burst-every", "0", "--log-level", "warn")
	workerArgs := []string{"pipeline", "--kafka-brokers", d.brokers()[0], "--database-url", db, "--addr", "127.0.0.1:0", "--log-level", "warn"}
	w := startProcess(t, nil, workerArgs...)
	l := startLoad(t, d.brokers(), "workerkill", 500)
	eventually(t, 30*time.Second, func() error {
		if n := consumed(t, w.url()); n < 500 {
			return fmt.Errorf("the worker consumed %.0f mentions", n)
		}
		return nil
	})
	w.kill()
	waitAcked(t, l, l.count()+500) // more while its partitions wait for the session timeout
	acked := l.halt()
	startProcess(t, nil, workerArgs...)
	checkDelivered(t, db, "workerkill", acked, 60*time.Second)
}
