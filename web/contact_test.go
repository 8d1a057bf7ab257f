package web_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/web/webtest"
)

// send sends a JSON body and returns the status and the answer.
func send(t *testing.T, method, url, body string) (int, string) {
	t.Helper()
	resp, err := webtest.Do(client(t, url), method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, strings.ReplaceAll(string(b), `\"`, `"`)
}

func TestContactCreateRefusesExistingID(t *testing.T) {
	ts, _, st := newAPI(t)
	ctx := context.Background()
	if err := st.SaveAccounts(ctx, &socialcrm.Account{ID: "acc-1", Name: "Globex"}); err != nil {
		t.Fatal(err)
	}
	full := `{"id":"c-1","name":"Alice","email":"alice@example.com","title":"CTO","account_id":"acc-1","identities":[{"network":"x","handle":"alice"}]}`
	if code, body := send(t, "POST", ts.URL+"/api/v1/contacts", full); code != http.StatusCreated {
		t.Fatalf("create: %d %s", code, body)
	}
	code, body := send(t, "POST", ts.URL+"/api/v1/contacts", `{"id":"c-1","name":"Mallory"}`)
	if code != http.StatusConflict || !strings.Contains(body, "PATCH") {
		t.Fatalf("create over an existing id: %d %s, want 409 pointing to PATCH", code, body)
	}
	c, err := st.FindContactByID(ctx, "c-1")
	if err != nil {
		t.Fatal(err)
	}
	if c.Name != "Alice" || c.Email != "alice@example.com" || c.Title != "CTO" || c.AccountID != "acc-1" || len(c.Identities) != 1 {
		t.Fatalf("contact after a refused create: %+v", c)
	}
}

func TestContactPatchMergesFields(t *testing.T) {
	ts, _, st := newAPI(t)
	ctx := context.Background()
	if err := st.SaveAccounts(ctx, &socialcrm.Account{ID: "acc-1", Name: "Globex"}); err != nil {
		t.Fatal(err)
	}
	if err := st.SaveContacts(ctx, &socialcrm.Contact{ID: "c-1", Name: "Alice", Email: "alice@example.com", Title: "CTO",
		AccountID: "acc-1", Identities: []socialcrm.Identity{{Network: "x", Handle: "alice"}}}); err != nil {
		t.Fatal(err)
	}
	code, body := send(t, "PATCH", ts.URL+"/api/v1/contacts/c-1", `{"name":"Alice Martin","phone":""}`)
	if code != http.StatusOK {
		t.Fatalf("patch: %d %s", code, body)
	}
	var got socialcrm.Contact
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		t.Fatal(err)
	}
	if got.Name != "Alice Martin" || got.Email != "alice@example.com" || got.Title != "CTO" || got.AccountID != "acc-1" ||
		len(got.Identities) != 1 || got.Identities[0].Handle != "alice" {
		t.Fatalf("after patching the name: %+v", got)
	}
	code, body = send(t, "PATCH", ts.URL+"/api/v1/contacts/c-1", `{"title":""}`)
	if c, _ := st.FindContactByID(ctx, "c-1"); code != 200 || c.Title != "" || c.Name != "Alice Martin" {
		t.Fatalf("clearing the title: %d %s, stored %+v", code, body, c)
	}
	if code, body := send(t, "PATCH", ts.URL+"/api/v1/contacts/c-404", `{"name":"X"}`); code != 404 {
		t.Fatalf("patch of a missing contact: %d %s", code, body)
	}
	if code, body := send(t, "PATCH", ts.URL+"/api/v1/contacts/c-1", `{"id":"c-2"}`); code != 400 {
		t.Fatalf("patch of the id: %d %s, want 400", code, body)
	}
}

func TestContactValidation(t *testing.T) {
	ts, _, st := newAPI(t)
	ctx := context.Background()
	if err := st.SaveContacts(ctx, &socialcrm.Contact{ID: "c-owner", Name: "Owner",
		Identities: []socialcrm.Identity{{Network: "x", Handle: "taken"}}}); err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("n", 100<<10)
	for _, tc := range []struct {
		name, body string
		code       int
		want       string
	}{
		{"BadEmail", `{"id":"c-1","name":"A","email":"not-an-email"}`, 400, "not-an-email"},
		{"NoAccount", `{"id":"c-1","name":"A","account_id":"acc-404"}`, 400, `account "acc-404" does not exist`},
		{"PathID", `{"id":"../x","name":"A"}`, 400, "id"},
		{"LongName", `{"id":"c-1","name":"` + long + `"}`, 400, "at most 200"},
		{"TakenIdentity", `{"id":"c-1","name":"A","identities":[{"network":"x","handle":"@Taken"}]}`, 409, `"c-owner"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, body := send(t, "POST", ts.URL+"/api/v1/contacts", tc.body)
			if code != tc.code || !strings.Contains(body, tc.want) {
				t.Errorf("create: %d %.200s, want %d naming %s", code, body, tc.code, tc.want)
			}
			if tc.name == "PathID" || tc.name == "TakenIdentity" {
				return // the id is in the path; patching identities is TestContactPatchRefusesTakenIdentity
			}
			code, body = send(t, "PATCH", ts.URL+"/api/v1/contacts/c-owner", strings.Replace(tc.body, `"id":"c-1",`, "", 1))
			if code != tc.code || !strings.Contains(body, tc.want) {
				t.Errorf("patch: %d %.200s, want %d naming %s", code, body, tc.code, tc.want)
			}
		})
	}
	if _, err := st.FindContactByID(ctx, "c-1"); err == nil {
		t.Fatal("a refused contact was stored")
	}
	if c, _ := st.FindContactByID(ctx, "c-owner"); c.Name != "Owner" || c.Identities[0].Handle != "taken" {
		t.Fatalf("owner after refused patches: %+v", c)
	}
}

func TestContactPatchRefusesTakenIdentity(t *testing.T) {
	ts, _, st := newAPI(t)
	ctx := context.Background()
	if err := st.SaveContacts(ctx, &socialcrm.Contact{ID: "c-owner", Name: "Owner",
		Identities: []socialcrm.Identity{{Network: "x", Handle: "taken"}}},
		&socialcrm.Contact{ID: "c-2", Name: "Bob"}); err != nil {
		t.Fatal(err)
	}
	code, body := send(t, "PATCH", ts.URL+"/api/v1/contacts/c-2", `{"identities":[{"network":"x","handle":"taken"}]}`)
	if code != 409 || !strings.Contains(body, `"c-owner"`) {
		t.Fatalf("patch with an owned identity: %d %s, want 409 naming c-owner", code, body)
	}
}
