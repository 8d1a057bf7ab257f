package web_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/store/memory"
	"github.com/socialcrm/socialcrm/web"
)

func TestMergeContact_API(t *testing.T) {
	st := memory.New()
	ctx := context.Background()
	must(t, st.SaveContacts(ctx,
		&socialcrm.Contact{ID: "c-1", Name: "Alice", Identities: []socialcrm.Identity{{Network: "x", Handle: "alice"}}},
		&socialcrm.Contact{ID: "c-2", Name: "Alice M", Email: "am@example.com", Identities: []socialcrm.Identity{{Network: "mastodon", Handle: "am@example.social"}}}))
	must(t, st.SaveMentions(ctx, mention("x:1", "acme", socialcrm.Negative, time.Now().Add(-time.Hour), "c-2")))
	var told []*socialcrm.Contact
	base := serve(t, &web.Server{Store: st, OnContactSaved: func(c *socialcrm.Contact) { told = append(told, c) }}, st).URL
	sendJSON(t, "POST", base+"/api/v1/contacts/c-2/activities", `{"kind":"call","subject":"Asked for a refund"}`, http.StatusCreated, nil)
	sendJSON(t, "PATCH", base+"/api/v1/contacts/c-2", `{"title":"CFO"}`, http.StatusOK, nil)
	told = nil

	for body, want := range map[string]int{`{"from":"c-1"}`: http.StatusBadRequest, `{"from":"c-404"}`: http.StatusNotFound,
		`{"from":"../x"}`: http.StatusBadRequest, `{}`: http.StatusBadRequest} {
		if code, got := send(t, "POST", base+"/api/v1/contacts/c-1/merge", body); code != want {
			t.Errorf("merge %s: %d %s, want %d", body, code, got, want)
		}
	}
	var ans struct {
		Merge   socialcrm.ContactMerge
		Contact socialcrm.Contact
	}
	sendJSON(t, "POST", base+"/api/v1/contacts/c-1/merge", `{"from":"c-2"}`, http.StatusOK, &ans)
	if ans.Merge.Into != "c-1" || ans.Merge.Mentions != 1 || ans.Merge.Activities != 1 || ans.Contact.Email != "am@example.com" || ans.Contact.Title != "CFO" || len(ans.Contact.Identities) != 2 {
		t.Fatalf("merge answer = %+v", ans)
	}
	if len(told) != 1 || len(told[0].Identities) != 2 {
		t.Errorf("OnContactSaved told %+v, want the merged contact", told)
	}

	// The merged contact's id redirects to the contact that holds it now.
	c := client(t, base)
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	res, err := c.Get(base + "/api/v1/contacts/c-2?limit=5")
	must(t, err)
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	c.CheckRedirect = nil
	if res.StatusCode != http.StatusPermanentRedirect || res.Header.Get("Location") != "/api/v1/contacts/c-1?limit=5" || !strings.Contains(string(b), "merged into c-1") {
		t.Fatalf("GET the merged contact: %d %q %s", res.StatusCode, res.Header.Get("Location"), b)
	}
	var moved struct{ Items []socialcrm.TimelineItem }
	getJSON(t, base+"/api/v1/contacts/c-2/timeline", http.StatusOK, &moved) // followed to c-1's
	if len(moved.Items) != 4 {
		t.Errorf("timeline of the merged id: %+v, want c-1's", moved.Items)
	}
	var rec struct{ Contact socialcrm.Contact }
	getJSON(t, base+"/api/v1/contacts/c-2", http.StatusOK, &rec) // followed
	if rec.Contact.ID != "c-1" {
		t.Errorf("followed redirect gives %q", rec.Contact.ID)
	}

	entries, err := st.FindAudit(ctx, socialcrm.AuditFilter{Action: "POST /contacts/{id}/merge"})
	must(t, err)
	if len(entries) != 1 || entries[0].Target != "contacts/c-1" || !strings.Contains(string(entries[0].After), `"c-2"`) {
		t.Fatalf("audit of the merge = %+v", entries)
	}
	var tl struct{ Items []socialcrm.TimelineItem }
	getJSON(t, base+"/api/v1/contacts/c-1/timeline", http.StatusOK, &tl)
	var kinds []string
	for _, i := range tl.Items {
		kinds = append(kinds, i.Kind+":"+i.Title)
	}
	if got := strings.Join(kinds, ", "); got != "change:POST /contacts/{id}/merge, change:PATCH /contacts/{id}, activity:Asked for a refund, mention:text x:1" {
		t.Errorf("timeline after the merge: %s", got)
	}
}
