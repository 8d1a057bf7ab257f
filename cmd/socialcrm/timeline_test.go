package main

import (
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
)

// TestDemo_TimelineAndMerge works a contact record through the running
// service (Postgres, embedded broker, HTTP): her mention comes in through
// Kafka and is linked to her, a note is added, a duplicate is merged into
// her, and her timeline lists the merge, the note and the mention, newest
// first; Postgres holds the note and the moved mention.
func TestDemo_TimelineAndMerge(t *testing.T) {
	d := startCRMDemo(t, "to check the records the service keeps", "--rate", "1")
	ctx, st := d.ctx, d.st
	d.call(http.MethodPost, "api/v1/contacts", map[string]any{"id": "c-tl", "name": "Tia Line",
		"identities": []map[string]string{{"network": "mastodon", "handle": "tia@example.social"}}}, nil)
	d.call(http.MethodPost, "api/v1/contacts", map[string]any{"id": "c-tl-dup", "name": "Tia L", "email": "tia@example.com"}, nil)

	v := fmt.Sprintf(`{"v":1,"id":"mastodon:tl-1","source":"mastodon","brand":"acme","author":{"handle":"tia@example.social"},"text":"does acme ship to Norway?","created_at":%q}`,
		time.Now().UTC().Add(-time.Minute).Format(time.RFC3339))
	d.produce("mastodon:tl-1", v)
	eventually(t, 30*time.Second, func() error {
		m, err := st.FindMentionByID(ctx, "mastodon:tl-1")
		if err == nil && !slices.Contains(m.Contacts, "c-tl") {
			err = fmt.Errorf("mention linked to %v", m.Contacts)
		}
		return err
	})
	d.call(http.MethodPost, "api/v1/contacts/c-tl/activities", map[string]any{"kind": "note", "body": "Ships to Norway next month."}, nil)
	d.call(http.MethodPost, "api/v1/contacts/c-tl/merge", map[string]any{"from": "c-tl-dup"}, nil)

	var page struct{ Items []socialcrm.TimelineItem }
	d.call(http.MethodGet, "api/v1/contacts/c-tl/timeline?limit=10", nil, &page)
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
