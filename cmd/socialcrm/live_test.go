package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	kafkago "github.com/segmentio/kafka-go"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/store/postgres"
)

// reloads reads socialcrm_live_reloads_total of kind and cause from base.
func reloads(t *testing.T, base, kind, cause string) float64 {
	t.Helper()
	return metric(t, base, fmt.Sprintf(`socialcrm_live_reloads_total{cause=%q,kind=%q}`, cause, kind))
}

// TestLive_Notices runs a demo (serve's pipeline, on Postgres) and a
// "socialcrm pipeline" worker whose periodic reload is an hour away: a
// contact added by "socialcrm import contacts", a third process, reaches
// both pipelines through the store's change notice, so that the mentions
// either of them scores next are linked to it; a sentiment correction made
// in the demo makes the worker reload its adapters.
func TestLive_Notices(t *testing.T) {
	db := testDatabase(t, "to share contacts between processes through Postgres")
	d := startDemo(t, map[string]string{"DATABASE_URL": db}, "--rate", "0", "--burst-every", "0")
	worker := startWorker(t, "--kafka-brokers", strings.Join(d.brokers, ","), "--database-url", db,
		"--addr", "127.0.0.1:0", "--contacts-refresh", "1h", "--log-level", "warn")
	if reloads(t, worker, socialcrm.ChangeContacts, "notice") != 0 || reloads(t, d.url, socialcrm.ChangeContacts, "notice") != 0 {
		t.Fatal("contacts reloaded on a notice before any was sent")
	}

	csv := "First Name,Last Name,Email,Mastodon\nLiv,Reload,liv@example.com,liv.reload@example.social\n"
	path := filepath.Join(t.TempDir(), "contacts.csv")
	if err := os.WriteFile(path, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	imported := time.Now()
	if err := run(context.Background(), []string{"import", "contacts", "--database-url", db, path},
		func(string) string { return "" }, strings.NewReader(""), io.Discard, io.Discard); err != nil {
		t.Fatalf("import contacts: %v", err)
	}
	eventually(t, 20*time.Second, func() error {
		w, s := reloads(t, worker, socialcrm.ChangeContacts, "notice"), reloads(t, d.url, socialcrm.ChangeContacts, "notice")
		if w < 1 || s < 1 {
			return fmt.Errorf("contacts reloaded on notice: worker %.0f, demo %.0f times; want both at least once", w, s)
		}
		return nil
	})
	took := time.Since(imported)
	contact := findContact(t, db, "liv.reload")

	// Mentions by the new contact, with ids spread over the partitions
	// of mentions.raw, until both pipelines have scored some.
	w := &kafkago.Writer{Addr: kafkago.TCP(d.brokers...), Topic: socialcrm.TopicRaw, BatchTimeout: time.Millisecond}
	defer w.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	workerBase, demoBase := consumed(t, worker), consumed(t, d.url)
	var ids []string
	for len(ids) < 16 || consumed(t, worker) == workerBase || consumed(t, d.url) == demoBase {
		id := fmt.Sprintf("mastodon:live-%d", len(ids))
		raw := fmt.Sprintf(`{"v":1,"id":%q,"source":"mastodon","brand":"acme","author":{"id":"liv1","handle":"liv.reload@example.social"},`+
			`"text":"@acme thanks, the new app is great","lang":"en","kind":"post","created_at":%q}`, id, time.Now().UTC().Format(time.RFC3339))
		if err := w.WriteMessages(ctx, kafkago.Message{Key: []byte(id), Value: []byte(raw)}); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
		if ctx.Err() != nil {
			t.Fatalf("after %d mentions the worker consumed %.0f and the demo %.0f of them; want both some",
				len(ids), consumed(t, worker)-workerBase, consumed(t, d.url)-demoBase)
		}
		time.Sleep(50 * time.Millisecond)
	}
	for _, id := range ids {
		eventually(t, 30*time.Second, func() error {
			var m socialcrm.Mention
			if err := getInto(d.url+"api/v1/mentions/"+id, &m); err != nil {
				return err
			}
			if !slices.Contains(m.Contacts, contact) {
				return fmt.Errorf("mention %s is linked to %v, want the imported contact %s", id, m.Contacts, contact)
			}
			return nil
		})
	}
	t.Logf("import to both pipelines reloading: %s; %d mentions linked, scored by the worker (%.0f) and the demo (%.0f)",
		took.Round(time.Millisecond), len(ids), consumed(t, worker)-workerBase, consumed(t, d.url)-demoBase)

	before := reloads(t, worker, socialcrm.ChangeSentiment, "notice")
	resp, err := post(d.url+"api/v1/mentions/"+ids[0]+"/sentiment", map[string]string{"label": "negative"})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("correcting a mention's sentiment: %s", resp.Status)
	}
	eventually(t, 20*time.Second, func() error {
		if n := reloads(t, worker, socialcrm.ChangeSentiment, "notice"); n <= before {
			return fmt.Errorf("the worker reloaded its sentiment adapters on notice %.0f times, want more than %.0f", n, before)
		}
		return nil
	})
}

// findContact returns the id of the one contact matching q in db.
func findContact(t *testing.T, db, q string) string {
	t.Helper()
	st, err := postgres.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cs, _, err := st.FindContacts(context.Background(), socialcrm.ContactFilter{Query: &q})
	if err != nil || len(cs) != 1 {
		t.Fatalf("contacts matching %q: %d (%v), want 1", q, len(cs), err)
	}
	return cs[0].ID
}
