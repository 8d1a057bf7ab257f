package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"testing"
	"time"

	kafkago "github.com/segmentio/kafka-go"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/store/postgres"
	"github.com/socialcrm/socialcrm/web/webtest"
)

// crmDemo is a running demo on Postgres with its store opened beside it
// and a writer to mentions.raw, for tests that work CRM records through
// the API and Kafka.
type crmDemo struct {
	*demoProcess
	t   *testing.T
	ctx context.Context // ends 90 s after the start
	st  *postgres.Store
	w   *kafkago.Writer
}

// startCRMDemo starts a demo with args on a fresh Postgres database (one
// made from the test database, why saying what for, when no database is
// configured) and opens its store; all is closed when the test ends.
func startCRMDemo(t *testing.T, why string, args ...string) *crmDemo {
	t.Helper()
	env := demoEnv(t)
	if env["DATABASE_URL"] == "" {
		env["DATABASE_URL"] = testDatabase(t, why)
	}
	d := startDemo(t, env, args...)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	t.Cleanup(cancel)
	st, err := postgres.Open(ctx, env["DATABASE_URL"])
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	w := &kafkago.Writer{Addr: kafkago.TCP(d.brokers...), Topic: socialcrm.TopicRaw, BatchTimeout: time.Millisecond}
	t.Cleanup(func() { w.Close() })
	return &crmDemo{demoProcess: d, t: t, ctx: ctx, st: st, w: w}
}

// call sends method path with a JSON body (nil: none) as the demo's admin,
// fails the test unless the answer is 2xx, and decodes it into out (nil:
// the answer is not read).
func (c *crmDemo) call(method, path string, body, out any) {
	c.t.Helper()
	res, err := webtest.Do(client(c.url), method, c.url+path, body)
	if err != nil {
		c.t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode/100 != 2 {
		c.t.Fatalf("%s %s: %s %s", method, path, res.Status, b)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			c.t.Fatalf("%s %s: %v in %s", method, path, err, b)
		}
	}
}

// produce writes a raw mention to mentions.raw, retrying while the
// broker is not ready for it.
func (c *crmDemo) produce(key, value string) {
	c.t.Helper()
	eventually(c.t, 30*time.Second, func() error {
		return c.w.WriteMessages(c.ctx, kafkago.Message{Key: []byte(key), Value: []byte(value)})
	})
}

// mastodonPost writes a raw Mastodon post about acme by author (a handle)
// to mentions.raw under the id mastodon:id and returns it once stored.
func (c *crmDemo) mastodonPost(id, author, text string) *socialcrm.Mention {
	c.t.Helper()
	v := fmt.Sprintf(`{"v":1,"id":"mastodon:%s","source":"mastodon","brand":"acme","author":{"handle":%q},"text":%q,"created_at":%q}`,
		id, author, text, time.Now().UTC().Format(time.RFC3339))
	c.produce(id, v)
	var m *socialcrm.Mention
	eventually(c.t, 30*time.Second, func() (err error) { m, err = c.st.FindMentionByID(c.ctx, "mastodon:"+id); return err })
	return m
}

// casesOf counts the cases of the mention mastodon:id.
func (c *crmDemo) casesOf(id string) int {
	c.t.Helper()
	id = "mastodon:" + id
	_, n, err := c.st.FindCases(c.ctx, socialcrm.CaseFilter{MentionID: &id})
	if err != nil {
		c.t.Fatal(err)
	}
	return n
}
