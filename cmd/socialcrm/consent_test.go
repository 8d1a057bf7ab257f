package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"

	kafkago "github.com/segmentio/kafka-go"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/store/postgres"
	"github.com/socialcrm/socialcrm/web/webtest"
)

// TestDemo_ConsentWithdrawn has a contact opt out of being profiled
// through the API of the running service (Postgres, embedded broker): her
// next complaint to the brand is stored but not linked to her and opens
// no case; after she opts back in, the next one is linked and opens one.
func TestDemo_ConsentWithdrawn(t *testing.T) {
	env := demoEnv(t)
	if env["DATABASE_URL"] == "" {
		env["DATABASE_URL"] = testDatabase(t, "to check the cases the service opens")
	}
	d := startDemo(t, env, "--rate", "5")
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	st, err := postgres.Open(ctx, env["DATABASE_URL"])
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()

	send := func(method, path string, body any) {
		t.Helper()
		res, err := webtest.Do(client(d.url), method, d.url+path, body)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode/100 != 2 {
			t.Fatalf("%s %s: %s %s", method, path, res.Status, b)
		}
	}
	send(http.MethodPost, "api/v1/contacts", map[string]any{"id": "c-opt", "name": "Olga Opt",
		"identities": []map[string]string{{"network": "mastodon", "handle": "olga@example.social"}}})
	send(http.MethodPut, "api/v1/contacts/c-opt/consent", map[string]any{"state": "withdrawn", "source": "email"})

	w := &kafkago.Writer{Addr: kafkago.TCP(d.brokers...), Topic: socialcrm.TopicRaw, BatchTimeout: time.Millisecond}
	defer w.Close()
	complain := func(id, author string) *socialcrm.Mention {
		t.Helper()
		v := fmt.Sprintf(`{"v":1,"id":"mastodon:%s","source":"mastodon","brand":"acme","author":{"handle":%q},"text":"@acme my order is late again, really disappointed","created_at":%q}`,
			id, author, time.Now().UTC().Format(time.RFC3339))
		eventually(t, 30*time.Second, func() error { return w.WriteMessages(ctx, kafkago.Message{Key: []byte(id), Value: []byte(v)}) })
		var m *socialcrm.Mention
		eventually(t, 30*time.Second, func() (err error) { m, err = st.FindMentionByID(ctx, "mastodon:"+id); return err })
		return m
	}

	casesOf := func(id string) int {
		id = "mastodon:" + id
		_, n, err := st.FindCases(ctx, socialcrm.CaseFilter{MentionID: &id})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}

	out := complain("opted-out", "olga@example.social")
	if len(out.Contacts) != 0 {
		t.Errorf("her mention while opted out is linked to %v", out.Contacts)
	}
	// The case opener decides when it sees a mention: a stranger's
	// complaint after hers (one brand, one partition) opening its case
	// says that hers was seen before she opts back in.
	complain("stranger", "someone@example.social")
	eventually(t, 30*time.Second, func() error {
		if casesOf("stranger") == 0 {
			return fmt.Errorf("no case holds the stranger's complaint")
		}
		return nil
	})
	send(http.MethodPut, "api/v1/contacts/c-opt/consent", map[string]any{"state": "granted", "source": "web form"})
	in := complain("opted-in", "olga@example.social")
	if len(in.Contacts) != 1 || in.Contacts[0] != "c-opt" {
		t.Errorf("her mention after opting back in is linked to %v, want c-opt", in.Contacts)
	}
	eventually(t, 30*time.Second, func() error {
		if casesOf("opted-in") == 0 {
			return fmt.Errorf("no case holds her mention after she opted back in")
		}
		return nil
	})
	if n := casesOf("opted-out"); n != 0 {
		t.Errorf("%d cases hold her mention while opted out, want none", n)
	}
	h, err := st.FindConsentHistory(ctx, "c-opt")
	if err != nil || len(h) != 2 {
		t.Errorf("consent history: %d changes, %v", len(h), err)
	}
}
