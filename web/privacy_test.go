package web_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/crm"
	"github.com/socialcrm/socialcrm/graph"
	"github.com/socialcrm/socialcrm/store/memory"
	"github.com/socialcrm/socialcrm/web"
)

// herMentions is more than any page of the API, so that the export must
// page through the store.
const herMentions = 130

// seedPrivacy stores Dora (two identities, herMentions mentions of hers,
// one of her account, a case and an alert listing her) and Eve, one of
// whose mentions lists Dora too; and returns the graph of their ties.
func seedPrivacy(t *testing.T, st socialcrm.Store) *graph.Graph {
	t.Helper()
	ctx, now := context.Background(), time.Now().UTC().Truncate(time.Second)
	must(t, st.SaveAccounts(ctx, &socialcrm.Account{ID: "acc-dora", Name: "Dora & Co", Tier: socialcrm.TierGold, Value: 9000}))
	must(t, st.SaveContacts(ctx,
		&socialcrm.Contact{ID: "c-dora", Name: "Dora Lind", Email: "dora@example.com", AccountID: "acc-dora",
			Identities: []socialcrm.Identity{{Network: "mastodon", Handle: "dora@example.social"}, {Network: "x", Handle: "doral", NativeID: "77"}}},
		&socialcrm.Contact{ID: "c-eve", Name: "Eve Stone", AccountID: "acc-dora",
			Identities: []socialcrm.Identity{{Network: "mastodon", Handle: "eve@example.social"}}}))
	var ms []*socialcrm.Mention
	for i := range herMentions {
		m := mention(fmt.Sprintf("mastodon:d%d", i), "acme", "negative", now.Add(-time.Duration(i+1)*time.Minute), "c-dora")
		m.Source, m.Author = "mastodon", socialcrm.Author{Handle: "dora@example.social", Name: "Dora"}
		ms = append(ms, m)
	}
	byID := mention("x:d-id", "acme", "positive", now.Add(-3*time.Hour)) // her X account, keyed by its id
	byID.Author = socialcrm.Author{ID: "77"}
	eve := mention("mastodon:e1", "acme", "positive", now.Add(-time.Hour), "c-eve", "c-dora")
	eve.Source, eve.Author = "mastodon", socialcrm.Author{Handle: "eve@example.social"}
	must(t, st.SaveMentions(ctx, append(ms, byID, eve)...))
	must(t, st.SaveCase(ctx, &socialcrm.Case{ID: "case-dora", Key: socialcrm.CaseKey("acme", "mastodon", "c-dora"), Brand: "acme",
		Channel: "mastodon", ContactID: "c-dora", AccountID: "acc-dora", Author: "mastodon:dora@example.social",
		Kind: socialcrm.CaseComplaint, Status: socialcrm.CaseOpen, Subject: "late again", Mentions: []string{"mastodon:d0"},
		MentionCount: 1, OpenedAt: now.Add(-time.Hour), LastMentionAt: now.Add(-time.Hour), DueAt: now.Add(time.Hour)}))
	must(t, st.SaveAlert(ctx, &socialcrm.Alert{V: 1, ID: "al-dora", Fingerprint: "acme/", Brand: "acme", Reason: socialcrm.ReasonSpike,
		Start: now.Add(-2 * time.Hour), End: now, Window: "5m0s", Severity: socialcrm.SeverityWarning, Status: socialcrm.AlertFiring,
		Mentions: []string{"mastodon:d0"}, Authors: []string{"mastodon:dora@example.social", "mastodon:eve@example.social"},
		Contacts: []string{"c-dora", "c-eve"}}))
	gconf := graph.DefaultConfig()
	gconf.AnalyzeEvery = 0
	g, err := graph.New(gconf, nil, nil)
	must(t, err)
	must(t, g.Add(
		socialcrm.Interaction{V: 1, From: "mastodon:dora@example.social", To: "mastodon:eve@example.social", Kind: socialcrm.KindReply, At: now.Add(-time.Hour)},
		socialcrm.Interaction{V: 1, From: "mastodon:eve@example.social", To: "mastodon:dora@example.social", Kind: socialcrm.KindReply, At: now.Add(-time.Hour)},
		socialcrm.Interaction{V: 1, From: "mastodon:eve@example.social", To: "mastodon:finn", Kind: socialcrm.KindLike, At: now.Add(-time.Hour)}))
	return g
}

// newPrivacyAPI serves the seeded memory store with the privacy service
// over real HTTP; store wraps the store the privacy service uses.
func newPrivacyAPI(t *testing.T, store func(socialcrm.Store) socialcrm.Store) (string, *memory.Store, *graph.Graph) {
	t.Helper()
	st := memory.New()
	t.Cleanup(func() { st.Close() })
	g := seedPrivacy(t, st)
	pst := socialcrm.Store(st)
	if store != nil {
		pst = store(st)
	}
	srv := &web.Server{Store: st, Graph: g, Privacy: crm.NewPrivacy(pst, g, crm.NewErased(pst, 0))}
	return serve(t, srv, st).URL, st, g
}

func post(t *testing.T, url string) (*http.Response, []byte) {
	t.Helper()
	res, err := client(t, url).Post(url, "application/json", strings.NewReader("{}"))
	must(t, err)
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	must(t, err)
	return res, body
}

func TestContactExport(t *testing.T) {
	url, _, _ := newPrivacyAPI(t, nil)
	t.Run("OK", func(t *testing.T) {
		res, body := get(t, url+"/api/v1/contacts/c-dora/export", nil)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("status %s: %s", res.Status, body)
		}
		if cd := res.Header.Get("Content-Disposition"); cd != `attachment; filename="contact-c-dora.json"` {
			t.Errorf("Content-Disposition = %q", cd)
		}
		var x struct {
			socialcrm.ContactExport
			Cases []struct {
				ID      string `json:"id"`
				Overdue bool   `json:"overdue"`
			} `json:"cases"`
		}
		must(t, json.Unmarshal([]byte(body), &x))
		if x.Contact == nil || x.Contact.Email != "dora@example.com" || x.Account == nil || x.Account.Name != "Dora & Co" || len(x.Identities) != 2 {
			t.Errorf("record: contact %+v, account %+v", x.Contact, x.Account)
		}
		// All her mentions, the one keyed by her X id, and Eve's that lists her.
		if len(x.Mentions) != herMentions+2 {
			t.Errorf("exported %d mentions, want %d", len(x.Mentions), herMentions+2)
		}
		if len(x.Cases) != 1 || x.Cases[0].ID != "case-dora" || len(x.Alerts) != 1 || x.Alerts[0].ID != "al-dora" {
			t.Errorf("cases %+v, alerts %d", x.Cases, len(x.Alerts))
		}
		if !x.Graph || len(x.Ties) != 1 || x.Ties[0].To != "mastodon:eve@example.social" {
			t.Errorf("ties = %+v", x.Ties)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		var e map[string]string
		getJSON(t, url+"/api/v1/contacts/nobody/export", http.StatusNotFound, &e)
		if e["error"] == "" {
			t.Error("no error message")
		}
	})
	t.Run("NotConfigured", func(t *testing.T) {
		ts, _, _ := newAPI(t)
		getJSON(t, ts.URL+"/api/v1/contacts/c-dora/export", http.StatusServiceUnavailable, nil)
		if res, _ := post(t, ts.URL+"/api/v1/contacts/c-dora/erase"); res.StatusCode != http.StatusServiceUnavailable {
			t.Errorf("erase without the service: %s", res.Status)
		}
	})
}

func TestContactErase(t *testing.T) {
	url, st, g := newPrivacyAPI(t, nil)
	ctx := context.Background()
	res, body := post(t, url+"/api/v1/contacts/c-dora/erase")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("erase: %s: %s", res.Status, body)
	}
	var rec socialcrm.Erasure
	must(t, json.Unmarshal(body, &rec))
	want := socialcrm.Erasure{ContactID: "c-dora", ErasedAt: rec.ErasedAt, Identities: 2, MentionsDeleted: herMentions + 1,
		MentionsUnlinked: 1, CasesDeleted: 1, AlertsUnlinked: 1, GraphNodes: 1, GraphTies: 1, Graph: true, ContactDeleted: true}
	if rec != want || time.Since(rec.ErasedAt) > time.Minute {
		t.Errorf("receipt = %+v\nwant      %+v", rec, want)
	}

	// What the API shows afterwards: she is gone everywhere.
	getJSON(t, url+"/api/v1/contacts/c-dora", http.StatusNotFound, nil)
	var list struct {
		Mentions []socialcrm.Mention `json:"mentions"`
		Total    int                 `json:"total"`
	}
	getJSON(t, url+"/api/v1/mentions?limit=1000", http.StatusOK, &list)
	if list.Total != 1 || list.Mentions[0].ID != "mastodon:e1" || strings.Join(list.Mentions[0].Contacts, ",") != "c-eve" {
		t.Errorf("mentions after = %d, %+v; want only Eve's, linked to Eve", list.Total, list.Mentions)
	}
	getJSON(t, url+"/api/v1/mentions?contact=c-dora", http.StatusOK, &list)
	if list.Total != 0 {
		t.Errorf("%d mentions still list her", list.Total)
	}
	var sum struct {
		Totals socialcrm.SummaryBucket `json:"totals"`
	}
	getJSON(t, url+"/api/v1/sentiment/summary?window=1h", http.StatusOK, &sum)
	if sum.Totals.Total() != 1 || sum.Totals.Negative != 0 {
		t.Errorf("summary totals = %+v, want Eve's one positive mention", sum.Totals)
	}
	var acc struct {
		Contacts []socialcrm.Contact `json:"contacts"`
		Cases    []json.RawMessage   `json:"cases"`
	}
	getJSON(t, url+"/api/v1/accounts/acc-dora", http.StatusOK, &acc)
	if len(acc.Contacts) != 1 || acc.Contacts[0].ID != "c-eve" || len(acc.Cases) != 0 {
		t.Errorf("account page: contacts %+v, %d cases", acc.Contacts, len(acc.Cases))
	}
	var eve struct {
		Mentions []socialcrm.Mention `json:"mentions"`
	}
	getJSON(t, url+"/api/v1/contacts/c-eve", http.StatusOK, &eve)
	if len(eve.Mentions) != 1 {
		t.Errorf("Eve's record lists %d mentions, want her one", len(eve.Mentions))
	}
	var al socialcrm.Alert
	getJSON(t, url+"/api/v1/alerts/al-dora", http.StatusOK, &al)
	if strings.Join(al.Contacts, ",") != "c-eve" || strings.Join(al.Authors, ",") != "mastodon:eve@example.social" || len(al.Mentions) != 0 {
		t.Errorf("alert after: contacts %v, authors %v, mentions %v", al.Contacts, al.Authors, al.Mentions)
	}
	getJSON(t, url+"/api/v1/graph/ego/mastodon:dora@example.social", http.StatusNotFound, nil)
	if s := g.Stats(); s.Nodes != 2 || s.Pairs != 1 {
		t.Errorf("graph after = %+v, want Eve and Finn", s)
	}
	if keys, err := st.FindErased(ctx); err != nil || !slices.Contains(keys, "x:77") {
		t.Errorf("erased list = %v, %v; want her keys", keys, err)
	}

	t.Run("Again", func(t *testing.T) {
		res, body := post(t, url+"/api/v1/contacts/c-dora/erase")
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("second erase: %s: %s", res.Status, body)
		}
		getJSON(t, url+"/api/v1/contacts/c-dora/export", http.StatusNotFound, nil)
	})
}

// failingCases fails DeleteContactCases once.
type failingCases struct {
	socialcrm.Store
	failed bool
}

func (s *failingCases) DeleteContactCases(ctx context.Context, id string, authors []string) (int, error) {
	if !s.failed {
		s.failed = true
		return 0, errors.New("connection reset by peer")
	}
	return s.Store.DeleteContactCases(ctx, id, authors)
}

func TestContactErase_StepFails(t *testing.T) {
	url, st, _ := newPrivacyAPI(t, func(s socialcrm.Store) socialcrm.Store { return &failingCases{Store: s} })
	res, body := post(t, url+"/api/v1/contacts/c-dora/erase")
	if res.StatusCode != http.StatusInternalServerError {
		t.Fatalf("status %s, want 500: %s", res.Status, body)
	}
	var f struct {
		Error string            `json:"error"`
		Step  string            `json:"step"`
		Done  socialcrm.Erasure `json:"done"`
	}
	must(t, json.Unmarshal(body, &f))
	if f.Step != "cases" || f.Done.MentionsDeleted != herMentions+1 || f.Done.MentionsUnlinked != 1 || f.Done.ContactDeleted ||
		!strings.Contains(f.Error, "cases") || !strings.Contains(f.Error, "again") || strings.Contains(f.Error, "connection reset") {
		t.Errorf("failure answer = %+v", f)
	}
	if _, err := st.FindContactByID(context.Background(), "c-dora"); err != nil {
		t.Fatalf("contact gone after a failed step: %v", err)
	}
	res, body = post(t, url+"/api/v1/contacts/c-dora/erase")
	var rec socialcrm.Erasure
	must(t, json.Unmarshal(body, &rec))
	if res.StatusCode != http.StatusOK || rec.CasesDeleted != 1 || !rec.ContactDeleted {
		t.Errorf("second run: %s %+v", res.Status, rec)
	}
}

// TestOpenAPI_PrivacyAnswers checks the answers of the export and erasure
// against their schemas in openapi.json.
func TestOpenAPI_PrivacyAnswers(t *testing.T) {
	url, _, _ := newPrivacyAPI(t, nil)
	failURL, _, _ := newPrivacyAPI(t, func(s socialcrm.Store) socialcrm.Store { return &failingCases{Store: s} })
	_, spec := get(t, url+"/api/v1/openapi.json", nil)
	var doc map[string]any
	must(t, json.Unmarshal([]byte(spec), &doc))
	for _, c := range []struct{ method, url, path, code string }{
		{"get", url + "/api/v1/contacts/c-dora/export", "/api/v1/contacts/{id}/export", "200"},
		{"get", url + "/api/v1/contacts/nobody/export", "/api/v1/contacts/{id}/export", "404"},
		{"post", failURL + "/api/v1/contacts/c-dora/erase", "/api/v1/contacts/{id}/erase", "500"},
		{"post", url + "/api/v1/contacts/c-dora/erase", "/api/v1/contacts/{id}/erase", "200"},
		{"post", url + "/api/v1/contacts/c-dora/erase", "/api/v1/contacts/{id}/erase", "404"},
	} {
		t.Run(c.method+" "+c.path+" "+c.code, func(t *testing.T) {
			var code int
			var body string
			if c.method == "get" {
				res, b := get(t, c.url, nil)
				code, body = res.StatusCode, b
			} else {
				res, b := post(t, c.url)
				code, body = res.StatusCode, string(b)
			}
			if fmt.Sprint(code) != c.code {
				t.Fatalf("status %d, want %s: %s", code, c.code, body)
			}
			schema := lookup(doc, "paths", c.path, c.method, "responses", c.code, "content", "application/json", "schema")
			if schema == nil {
				t.Fatalf("openapi.json has no %s schema for %s %s", c.code, c.method, c.path)
			}
			var v any
			must(t, json.Unmarshal([]byte(body), &v))
			for _, e := range conform(doc, schema, v, "$") {
				t.Error(e)
			}
		})
	}
}
