package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"testing"
	"time"

	kafkago "github.com/segmentio/kafka-go"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/store/postgres"
	"github.com/socialcrm/socialcrm/web/webtest"
)

// TestDemo_TimelineAndMerge works a contact record through the running
// service (Postgres, embedded broker, HTTP): her mention comes in through
// Kafka and is linked to her, a note is added, a duplicate is merged into
// her, and her timeline lists the merge, the note and the mention, newest
// first; Postgres holds the note and the moved mention.
func TestDemo_TimelineAndMerge(t *testing.T) {
	env := demoEnv(t)
	if env["DATABASE_URL"] == "" {
		env["DATABASE_URL"] = testDatabase(t, "to check the records the service keeps")
	}
	d := startDemo(t, env, "--rate", "1")
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	st, err := postgres.Open(ctx, env["DATABASE_URL"])
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	call := func(method, path string, body any, v any) {
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
		if v != nil {
			if err := json.Unmarshal(b, v); err != nil {
				t.Fatalf("%s %s: %v", method, path, err)
			}
		}
	}
	call(http.MethodPost, "api/v1/contacts", map[string]any{"id": "c-tl", "name": "Tia Line",
		"identities": []map[string]string{{"network": "mastodon", "handle": "tia@example.social"}}}, nil)
	call(http.MethodPost, "api/v1/contacts", map[string]any{"id": "c-tl-dup", "name": "Tia L", "email": "tia@example.com"}, nil)

	w := &kafkago.Writer{Addr: kafkago.TCP(d.brokers...), Topic: socialcrm.TopicRaw, BatchTimeout: time.Millisecond}
	defer w.Close()
	v := fmt.Sprintf(`{"v":1,"id":"mastodon:tl-1","source":"mastodon","brand":"acme","author":{"handle":"tia@example.social"},"text":"does acme ship to Norway?","created_at":%q}`,
		time.Now().UTC().Add(-time.Minute).Format(time.RFC3339))
	eventually(t, 30*time.Second, func() error {
		return w.WriteMessages(ctx, kafkago.Message{Key: []byte("mastodon:tl-1"), Value: []byte(v)})
	})
	eventually(t, 30*time.Second, func() error {
		m, err := st.FindMentionByID(ctx, "mastodon:tl-1")
		if err == nil && !slices.Contains(m.Contacts, "c-tl") {
			err = fmt.Errorf("mention linked to %v", m.Contacts)
		}
		return err
	})
	call(http.MethodPost, "api/v1/contacts/c-tl/activities", map[string]any{"kind": "note", "body": "Ships to Norway next month."}, nil)
	call(http.MethodPost, "api/v1/contacts/c-tl/merge", map[string]any{"from": "c-tl-dup"}, nil)

	var page struct{ Items []socialcrm.TimelineItem }
	call(http.MethodGet, "api/v1/contacts/c-tl/timeline?limit=10", nil, &page)
	var kinds []string
	var items []socialcrm.TimelineItem
	for _, i := range page.Items {
		if i.Kind != socialcrm.TimelineCaseOpened { // the question may open a case
			kinds, items = append(kinds, i.Kind), append(items, i)
		}
	}
	if !slices.Equal(kinds, []string{"change", "activity", "mention"}) || items[0].Change == nil ||
		items[0].Change.Action != "POST /contacts/{id}/merge" || items[2].ID != "mastodon:tl-1" {
		t.Fatalf("timeline = %+v, want the merge, the note and the mention, newest first", page.Items)
	}
	notes, err := st.FindActivities(ctx, socialcrm.ActivityFilter{RecordKind: socialcrm.RecordContact, RecordID: "c-tl"})
	if err != nil || len(notes) != 1 || notes[0].Body != "Ships to Norway next month." {
		t.Fatalf("stored activities = %+v, %v", notes, err)
	}
	c, err := st.FindContactByID(ctx, "c-tl")
	if err != nil || c.Email != "tia@example.com" {
		t.Fatalf("kept contact = %+v, %v", c, err)
	}
	if m, err := st.FindContactMerge(ctx, "c-tl-dup"); err != nil || m.Into != "c-tl" {
		t.Fatalf("redirect of the duplicate = %+v, %v", m, err)
	}
}
