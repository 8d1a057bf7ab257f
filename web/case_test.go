package web_test

import (
	"context"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/crm"
	"github.com/socialcrm/socialcrm/store/memory"
	"github.com/socialcrm/socialcrm/web"
)

type caseBody struct {
	socialcrm.Case
	Overdue bool `json:"overdue"`
}

type caseListBody struct {
	Cases []caseBody `json:"cases"`
	Total int        `json:"total"`
}

// caseServer serves a memory store with contact c1 of account acc1 and
// cases opened by real crm.Cases from three mentions: c1's complaint on x
// two hours ago (overdue: x answers within the hour), c1's question on
// mastodon ten minutes ago, and a stranger's question to @acme on bluesky.
func caseServer(t *testing.T) (*httptest.Server, *crm.Cases) {
	t.Helper()
	ctx, now := context.Background(), time.Now().UTC()
	st := memory.New()
	t.Cleanup(func() { st.Close() })
	must(t, st.SaveAccounts(ctx, &socialcrm.Account{ID: "acc1", Name: "Big Co", Tier: socialcrm.TierGold, Value: 1000}))
	must(t, st.SaveContacts(ctx, &socialcrm.Contact{ID: "c1", Name: "Alice", AccountID: "acc1",
		Identities: []socialcrm.Identity{{Network: "x", Handle: "alice"}}}))
	cases, err := crm.NewCases(crm.DefaultCaseConfig(), st, nil, prometheus.NewRegistry())
	must(t, err)
	ms := []*socialcrm.Mention{
		{V: 1, ID: "x:1", Source: "x", Brand: "acme", Author: socialcrm.Author{Handle: "alice"}, Text: "my order is late",
			Kind: socialcrm.KindPost, CreatedAt: now.Add(-2 * time.Hour), Intent: socialcrm.IntentComplaint, Contacts: []string{"c1"}},
		{V: 1, ID: "mastodon:2", Source: "mastodon", Brand: "acme", Author: socialcrm.Author{Handle: "alice"}, Text: "refund?",
			Kind: socialcrm.KindPost, CreatedAt: now.Add(-10 * time.Minute), Intent: socialcrm.IntentQuestion, Contacts: []string{"c1"}},
		{V: 1, ID: "bluesky:3", Source: "bluesky", Brand: "acme", Author: socialcrm.Author{Handle: "bob.bsky.social"},
			Text: "@acme do you ship to Oslo?", Kind: socialcrm.KindPost, CreatedAt: now.Add(-time.Minute), Intent: socialcrm.IntentQuestion},
	}
	must(t, st.SaveMentions(ctx, ms...))
	must(t, cases.Observe(ctx, ms))
	must(t, st.CreateUser(ctx, &socialcrm.User{ID: "sam", Email: "sam@example.com", Role: socialcrm.RoleAgent, Active: true}))
	return serve(t, &web.Server{Store: st, Cases: cases}, st), cases
}

func caseIDs(cs []caseBody) []string {
	var ids []string
	for _, c := range cs {
		ids = append(ids, c.ID)
	}
	return ids
}

func TestCases_List(t *testing.T) {
	ts, _ := caseServer(t)
	for _, tc := range []struct {
		query string
		want  []string
		total int
	}{
		{"", []string{"case-x:1", "case-mastodon:2", "case-bluesky:3"}, 3},
		{"?status=open", []string{"case-x:1", "case-mastodon:2", "case-bluesky:3"}, 3},
		{"?status=active&channel=bluesky", []string{"case-bluesky:3"}, 1},
		{"?contact=c1", []string{"case-x:1", "case-mastodon:2"}, 2},
		{"?account=acc1&limit=1&offset=1", []string{"case-mastodon:2"}, 2},
		{"?brand=globex", nil, 0},
		{"?overdue=true", []string{"case-x:1"}, 1},
		{"?breached=true", nil, 0},
		{"?status=resolved", nil, 0},
	} {
		t.Run(tc.query, func(t *testing.T) {
			var got caseListBody
			getJSON(t, ts.URL+"/api/v1/cases"+tc.query, 200, &got)
			if ids := caseIDs(got.Cases); !slices.Equal(ids, tc.want) || got.Total != tc.total {
				t.Errorf("cases %v of %d, want %v of %d", ids, got.Total, tc.want, tc.total)
			}
		})
	}
	var got caseListBody
	getJSON(t, ts.URL+"/api/v1/cases?contact=c1", 200, &got)
	if x := got.Cases[0]; !x.Overdue || x.AccountID != "acc1" || x.Kind != socialcrm.CaseComplaint || x.Subject != "my order is late" {
		t.Errorf("first case = %+v, want c1's overdue complaint on acc1", x)
	}
	if got.Cases[1].Overdue {
		t.Errorf("case %s is overdue 10 minutes after opening on mastodon", got.Cases[1].ID)
	}
	t.Run("ErrInvalid", func(t *testing.T) {
		for _, q := range []string{"status=closed", "overdue=false", "overdue=maybe", "breached=2", "limit=0", "offset=-1"} {
			var e map[string]string
			getJSON(t, ts.URL+"/api/v1/cases?"+q, 400, &e)
			if e["error"] == "" {
				t.Errorf("%s: no error message", q)
			}
		}
	})
	t.Run("ByID", func(t *testing.T) {
		var c caseBody
		getJSON(t, ts.URL+"/api/v1/cases/case-bluesky:3", 200, &c)
		if c.Channel != "bluesky" || c.ContactID != "" || c.Author != "bluesky:bob.bsky.social" || c.Kind != socialcrm.CaseQuestion {
			t.Errorf("got %+v", c)
		}
		getJSON(t, ts.URL+"/api/v1/cases/nope", 404, nil)
	})
}

func TestCases_Actions(t *testing.T) {
	ts, _ := caseServer(t)
	url := ts.URL + "/api/v1/cases/"
	var c caseBody
	if code := alertCall(t, "POST", url+"case-x:1/assign", `{"assignee":" sam "}`, &c); code != 200 || c.Assignee != "sam" {
		t.Fatalf("assign: %d %+v", code, c)
	}
	for body, want := range map[string]int{``: 400, `{}`: 400, `{"assignee":1}`: 400, `nonsense`: 400, `{"assignee":"nobody"}`: 400} {
		if code := alertCall(t, "POST", url+"case-x:1/assign", body, nil); code != want {
			t.Errorf("assign with body %q: %d, want %d", body, code, want)
		}
	}
	if code := alertCall(t, "POST", url+"nope/assign", `{"assignee":"sam"}`, nil); code != 404 {
		t.Errorf("assign unknown case: %d, want 404", code)
	}

	c = caseBody{}
	if code := alertCall(t, "POST", url+"case-x:1/respond", `{}`, &c); code != 200 ||
		c.Status != socialcrm.CaseAnswered || c.FirstResponseAt == nil || !c.Breached || c.Overdue {
		t.Fatalf("late respond: %d %+v; want answered, breached, no longer overdue", code, c)
	}
	c = caseBody{}
	if code := alertCall(t, "POST", url+"case-mastodon:2/respond", ``, &c); code != 200 || c.Breached || c.Assignee != whoAmI(t, ts.URL) {
		t.Errorf("respond in time: %d %+v, want it given to the unassigned case's responder", code, c)
	}
	if code := alertCall(t, "POST", url+"case-x:1/resolve", `{}`, &c); code != 200 || c.Status != socialcrm.CaseResolved || c.ResolvedAt == nil {
		t.Fatalf("resolve: %d %+v", code, c)
	}
	for _, call := range []struct {
		path string
		want int
	}{
		{"case-x:1/respond", 409},          // resolved
		{"case-x:1/assign", 409},           // resolved
		{"case-mastodon:2/reopen", 409},    // not resolved
		{"case-x:1/resolve", 200},          // again: unchanged
		{"case-x:1/reopen", 200},           // no other active case on x
		{"case-x:1/reopen", 409},           // open now
		{"nope/respond", 404},              //
		{"case-x:1/respond?x=1", 200},      // query strings are ignored
		{"case-bluesky:3/resolve", 200},    //
		{"case-bluesky:3/frobnicate", 404}, // no such action
	} {
		body := `{"by":"sam"}`
		if strings.HasSuffix(call.path, "/assign") {
			body = `{"assignee":"sam"}`
		}
		if code := alertCall(t, "POST", url+call.path, body, nil); code != call.want {
			t.Errorf("POST %s: %d, want %d", call.path, code, call.want)
		}
	}
	var list caseListBody
	getJSON(t, ts.URL+"/api/v1/cases?status=resolved", 200, &list)
	if ids := caseIDs(list.Cases); !slices.Equal(ids, []string{"case-bluesky:3"}) {
		t.Errorf("resolved cases = %v", ids)
	}
}

func TestCases_NoService(t *testing.T) {
	ts, _, _ := newAPI(t)
	getJSON(t, ts.URL+"/api/v1/cases", 200, nil)
	for _, a := range []string{"assign", "respond", "resolve", "reopen"} {
		if code := alertCall(t, "POST", ts.URL+"/api/v1/cases/c/"+a, `{"assignee":""}`, nil); code != 503 {
			t.Errorf("%s without a case service: %d, want 503", a, code)
		}
	}
}

func TestCases_OnRecords(t *testing.T) {
	ts, cases := caseServer(t)
	if _, err := cases.ResolveCase(context.Background(), "case-mastodon:2", ""); err != nil {
		t.Fatal(err)
	}
	var contact struct {
		Cases []caseBody `json:"cases"`
	}
	getJSON(t, ts.URL+"/api/v1/contacts/c1", 200, &contact)
	if ids := caseIDs(contact.Cases); !slices.Equal(ids, []string{"case-x:1"}) || !contact.Cases[0].Overdue {
		t.Errorf("contact's active cases = %v (%+v), want the overdue case-x:1", ids, contact.Cases)
	}
	var account struct {
		Cases []caseBody `json:"cases"`
	}
	getJSON(t, ts.URL+"/api/v1/accounts/acc1", 200, &account)
	if ids := caseIDs(account.Cases); !slices.Equal(ids, []string{"case-x:1"}) {
		t.Errorf("account's active cases = %v, want case-x:1", ids)
	}
}

// TestCases_People checks that an assignee is a user (given by id or
// email), that "My cases" and "Unassigned" select by the signed-in user,
// and that a case records who answered it.
func TestCases_People(t *testing.T) {
	ts, _ := caseServer(t)
	me := whoAmI(t, ts.URL)
	url := ts.URL + "/api/v1/cases/"
	var c caseBody
	if code := alertCall(t, "POST", url+"case-x:1/assign", `{"assignee":"SAM@example.com"}`, &c); code != 200 || c.Assignee != "sam" {
		t.Fatalf("assign by email: %d %+v, want the user's id", code, c)
	}
	if code := alertCall(t, "POST", url+"case-mastodon:2/assign", `{"assignee":"`+me+`"}`, &c); code != 200 {
		t.Fatalf("assign to me: %d", code)
	}
	if code := alertCall(t, "POST", url+"case-x:1/respond", `{}`, &c); code != 200 || c.RespondedBy != me || c.Assignee != "sam" {
		t.Errorf("respond: %d %+v, want responded by %s, still sam's", code, c, me)
	}
	for q, want := range map[string][]string{"assignee=me": {"case-mastodon:2"}, "assignee=none": {"case-bluesky:3"}, "assignee=sam": {"case-x:1"}} {
		var got struct{ Cases []caseBody }
		getJSON(t, ts.URL+"/api/v1/cases?"+q, 200, &got)
		if ids := caseIDs(got.Cases); strings.Join(ids, ",") != strings.Join(want, ",") {
			t.Errorf("%s: %v, want %v", q, ids, want)
		}
	}
}
