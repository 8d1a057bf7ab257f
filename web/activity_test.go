package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/crm"
	"github.com/socialcrm/socialcrm/store/memory"
	"github.com/socialcrm/socialcrm/web"
)

// newRecordAPI serves the API with the timeline over a memory store that
// holds contact c-1 of account acc-1 and her mention of two hours ago.
func newRecordAPI(t *testing.T) (string, socialcrm.Store) {
	t.Helper()
	st := memory.New()
	ctx := context.Background()
	if err := st.SaveAccounts(ctx, &socialcrm.Account{ID: "acc-1", Name: "Globex"}); err != nil {
		t.Fatal(err)
	}
	if err := st.SaveContacts(ctx, &socialcrm.Contact{ID: "c-1", Name: "Alice", AccountID: "acc-1"}); err != nil {
		t.Fatal(err)
	}
	if err := st.SaveMentions(ctx, mention("x:1", "acme", socialcrm.Negative, time.Now().Add(-2*time.Hour), "c-1")); err != nil {
		t.Fatal(err)
	}
	ts := serve(t, &web.Server{Store: st, Timeline: &crm.Timeline{Store: st}}, st)
	return ts.URL, st
}

// sendJSON sends body, checks the status and decodes the answer into v.
func sendJSON(t *testing.T, method, url, body string, want int, v any) {
	t.Helper()
	code, got := send(t, method, url, body)
	if code != want {
		t.Fatalf("%s %s %s: %d %s, want %d", method, url, body, code, got, want)
	}
	if v != nil {
		if err := json.Unmarshal([]byte(got), v); err != nil {
			t.Fatalf("%s %s: %v in %s", method, url, err, got)
		}
	}
}

func TestActivities_API(t *testing.T) {
	base, st := newRecordAPI(t)
	me := whoAmI(t, base)
	var note, task, late socialcrm.Activity
	sendJSON(t, "POST", base+"/api/v1/contacts/c-1/activities", `{"kind":"note","body":"Prefers email."}`, http.StatusCreated, &note)
	if note.ID == "" || note.Author != me || note.RecordKind != socialcrm.RecordContact || note.RecordID != "c-1" || note.CreatedAt.IsZero() {
		t.Fatalf("note = %+v", note)
	}
	due := time.Now().Add(24 * time.Hour).UTC().Format(time.RFC3339)
	sendJSON(t, "POST", base+"/api/v1/contacts/c-1/activities",
		`{"kind":"task","subject":"Call back","due_at":"`+due+`","assignee":"`+me+`"}`, http.StatusCreated, &task)
	past := time.Now().Add(-time.Hour).UTC().Format(time.RFC3339)
	sendJSON(t, "POST", base+"/api/v1/accounts/acc-1/activities", `{"kind":"task","subject":"Renewal","due_at":"`+past+`"}`, http.StatusCreated, &late)

	t.Run("ErrInvalid", func(t *testing.T) {
		for body, field := range map[string]string{
			`{"kind":"fax","body":"x"}`:                                    "kind",
			`{"kind":"note"}`:                                              "subject or body",
			`{"kind":"note","body":"x","due_at":"` + due + `"}`:            "due_at",
			`{"kind":"task","subject":"x","assignee":"u-nobody"}`:          "assignee",
			`{"kind":"note","subject":"` + strings.Repeat("s", 201) + `"}`: "subject",
			`{"kind":"note","body":"x","color":"red"}`:                     "color",
		} {
			code, got := send(t, "POST", base+"/api/v1/contacts/c-1/activities", body)
			if code != http.StatusBadRequest || !strings.Contains(got, field) {
				t.Errorf("POST %.60s: %d %s, want 400 naming %s", body, code, got, field)
			}
		}
		if code, got := send(t, "POST", base+"/api/v1/contacts/c-404/activities", `{"kind":"note","body":"x"}`); code != http.StatusNotFound {
			t.Errorf("note on a missing contact: %d %s, want 404", code, got)
		}
		if code, got := send(t, "PATCH", base+"/api/v1/activities/"+note.ID, `{"done":true}`); code != http.StatusBadRequest || !strings.Contains(got, "done") {
			t.Errorf("done on a note: %d %s, want 400", code, got)
		}
		if code, _ := send(t, "PATCH", base+"/api/v1/activities/act-404", `{"done":true}`); code != http.StatusNotFound {
			t.Errorf("patch of a missing activity: %d, want 404", code)
		}
		getJSON(t, base+"/api/v1/contacts/c-404/activities", http.StatusNotFound, nil)
		getJSON(t, base+"/api/v1/contacts/c-1/activities?kind=note&limit=0", http.StatusBadRequest, nil)
	})

	var list struct{ Activities []socialcrm.Activity }
	getJSON(t, base+"/api/v1/contacts/c-1/activities", http.StatusOK, &list)
	if len(list.Activities) != 2 || list.Activities[0].ID != task.ID || list.Activities[1].ID != note.ID {
		t.Fatalf("contact activities = %+v, want the task then the note", list.Activities)
	}
	getJSON(t, base+"/api/v1/activities?overdue=true", http.StatusOK, &list)
	if len(list.Activities) != 1 || list.Activities[0].ID != late.ID {
		t.Fatalf("overdue = %+v, want the renewal task", list.Activities)
	}
	getJSON(t, base+"/api/v1/activities?assignee=me&kind=task", http.StatusOK, &list)
	if len(list.Activities) != 1 || list.Activities[0].ID != task.ID {
		t.Fatalf("my tasks = %+v", list.Activities)
	}

	var done socialcrm.Activity
	sendJSON(t, "PATCH", base+"/api/v1/activities/"+late.ID, `{"done":true}`, http.StatusOK, &done)
	if !done.Done || done.DoneAt == nil || done.Subject != "Renewal" || done.DueAt == nil {
		t.Fatalf("completed task = %+v", done)
	}
	getJSON(t, base+"/api/v1/activities?overdue=true", http.StatusOK, &list)
	if len(list.Activities) != 0 {
		t.Fatalf("overdue after completing = %+v", list.Activities)
	}
	var cleared socialcrm.Activity
	sendJSON(t, "PATCH", base+"/api/v1/activities/"+task.ID, `{"due_at":null,"assignee":null}`, http.StatusOK, &cleared)
	if cleared.DueAt != nil || cleared.Assignee != "" || cleared.Subject != "Call back" {
		t.Fatalf("task after clearing due_at and assignee = %+v", cleared)
	}
	stored, err := st.FindActivityByID(context.Background(), task.ID)
	if err != nil || stored.DueAt != nil {
		t.Fatalf("stored task = %+v, %v", stored, err)
	}
}

func TestTimeline_API(t *testing.T) {
	base, _ := newRecordAPI(t)
	for _, body := range []string{`{"kind":"note","body":"first"}`, `{"kind":"call","subject":"second"}`, `{"kind":"meeting","subject":"third"}`} {
		sendJSON(t, "POST", base+"/api/v1/contacts/c-1/activities", body, http.StatusCreated, nil)
	}
	sendJSON(t, "PATCH", base+"/api/v1/contacts/c-1", `{"title":"CTO"}`, http.StatusOK, nil)

	type page struct {
		Items []socialcrm.TimelineItem
		Next  string
	}
	var kinds, titles []string
	next := ""
	for pages := 0; pages == 0 || next != ""; pages++ {
		if pages > 5 {
			t.Fatal("timeline does not end")
		}
		var p page
		getJSON(t, base+"/api/v1/contacts/c-1/timeline?limit=2&cursor="+url.QueryEscape(next), http.StatusOK, &p)
		if len(p.Items) > 2 {
			t.Fatalf("page of %d items, limit 2", len(p.Items))
		}
		for _, i := range p.Items {
			kinds, titles = append(kinds, i.Kind), append(titles, i.Title)
		}
		next = p.Next
	}
	wantKinds := []string{"change", "activity", "activity", "activity", "mention"}
	wantTitles := []string{"PATCH /contacts/{id}", "third", "second", "first", "text x:1"}
	if strings.Join(kinds, ",") != strings.Join(wantKinds, ",") || strings.Join(titles, ",") != strings.Join(wantTitles, ",") {
		t.Fatalf("timeline kinds %v titles %v, want %v %v", kinds, titles, wantKinds, wantTitles)
	}
	getJSON(t, base+"/api/v1/contacts/c-1/timeline?cursor=nonsense", http.StatusBadRequest, nil)
	getJSON(t, base+"/api/v1/contacts/c-404/timeline", http.StatusNotFound, nil)
	var acc page
	getJSON(t, base+"/api/v1/accounts/acc-1/timeline", http.StatusOK, &acc)
	if len(acc.Items) != 1 || acc.Items[0].Kind != socialcrm.TimelineMention || acc.Items[0].ID != "x:1" || acc.Next != "" {
		t.Fatalf("account timeline = %+v, want its contact's mention", acc)
	}
}
