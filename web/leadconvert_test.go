package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/socialcrm/socialcrm"
)

func TestLeads_Convert(t *testing.T) {
	ts, st := leadServer(t)
	ctx := context.Background()
	must(t, st.SaveAccounts(ctx, &socialcrm.Account{ID: "acc-north", Name: "Northwind"}))
	for _, id := range []string{"l1", "l2", "l3"} {
		code, body := send(t, "POST", ts.URL+"/api/v1/leads", `{"id":"`+id+`","name":"Peter `+id+`","company":"Initech","email":"`+id+`@initech.example",
			"status":"qualified","owner":"sam","identities":[{"network":"mastodon","handle":"`+id+`@example.social"}]}`)
		if code != http.StatusCreated {
			t.Fatalf("POST lead: %d %s", code, body)
		}
	}
	code, body := send(t, "POST", ts.URL+"/api/v1/leads/l1/convert", `{"account":{"tier":"gold"},
		"opportunity":{"name":"Initech rollout","amount":1250000,"currency":"eur","expected_close":"2026-12-31"}}`)
	if code != http.StatusOK {
		t.Fatalf("convert: %d %s", code, body)
	}
	var out struct {
		Lead        socialcrm.Lead
		Contact     socialcrm.Contact
		Account     socialcrm.Account
		Opportunity socialcrm.Opportunity
	}
	must(t, json.Unmarshal([]byte(body), &out))
	switch {
	case out.Lead.Status != socialcrm.LeadConverted || out.Lead.ContactID != out.Contact.ID || out.Lead.AccountID != out.Account.ID ||
		out.Lead.OpportunityID != out.Opportunity.ID || len(out.Lead.Identities) != 0 || out.Lead.ConvertedBy == "":
		t.Errorf("converted lead = %+v", out.Lead)
	case out.Contact.Name != "Peter l1" || out.Contact.Email != "l1@initech.example" || out.Contact.AccountID != out.Account.ID ||
		len(out.Contact.Identities) != 1 || out.Contact.Identities[0].Handle != "l1@example.social":
		t.Errorf("contact = %+v, want Peter l1 of the new account with the lead's identity", out.Contact)
	case out.Account.Name != "Initech" || out.Account.Tier != socialcrm.TierGold:
		t.Errorf("account = %+v, want the gold account Initech", out.Account)
	case out.Opportunity.Amount != 1250000 || out.Opportunity.Currency != "EUR" || out.Opportunity.Stage != socialcrm.StageProspecting ||
		out.Opportunity.Probability != 10 || out.Opportunity.Owner != "sam" || out.Opportunity.LeadID != "l1" ||
		len(out.Opportunity.Contacts) != 1 || out.Opportunity.Contacts[0] != out.Contact.ID || len(out.Opportunity.History) != 1:
		t.Errorf("opportunity = %+v", out.Opportunity)
	}
	var tl struct{ Items []socialcrm.TimelineItem }
	getJSON(t, ts.URL+"/api/v1/leads/l1/timeline", http.StatusOK, &tl)
	if !hasKind(tl.Items, socialcrm.TimelineConversion) {
		t.Errorf("lead timeline = %+v, want its conversion", tl.Items)
	}
	getJSON(t, ts.URL+"/api/v1/opportunities/"+out.Opportunity.ID+"/timeline", http.StatusOK, &tl)
	if !hasKind(tl.Items, socialcrm.TimelineStageChange) {
		t.Errorf("opportunity timeline = %+v, want its opening", tl.Items)
	}
	if c, err := st.FindContactByID(ctx, out.Contact.ID); err != nil || len(c.Identities) != 1 {
		t.Errorf("stored contact = %+v, %v", c, err)
	}
	accounts := func() int {
		as, err := st.FindAccounts(ctx)
		must(t, err)
		return len(as)
	}
	before := accounts()
	for name, c := range map[string]struct {
		lead, body string
		code       int
		want       string
	}{
		"again":               {"l1", `{"account_id":"acc-north"}`, http.StatusConflict, "converted"},
		"both accounts":       {"l2", `{"account_id":"acc-north","account":{"name":"X"}}`, http.StatusBadRequest, "account_id"},
		"no account":          {"l2", `{}`, http.StatusBadRequest, "account"},
		"missing account":     {"l2", `{"account_id":"acc-nowhere"}`, http.StatusBadRequest, "acc-nowhere"},
		"missing contact":     {"l2", `{"account_id":"acc-north","contact_id":"c-nowhere"}`, http.StatusBadRequest, "c-nowhere"},
		"bad tier":            {"l2", `{"account":{"tier":"diamond"}}`, http.StatusBadRequest, "tier"},
		"closed stage":        {"l2", `{"account_id":"acc-north","opportunity":{"name":"x","stage":"won"}}`, http.StatusBadRequest, "stage"},
		"bad close date":      {"l2", `{"account_id":"acc-north","opportunity":{"name":"x","expected_close":"soon"}}`, http.StatusBadRequest, "expected_close"},
		"unknown owner":       {"l2", `{"account_id":"acc-north","opportunity":{"owner":"ghost"}}`, http.StatusBadRequest, "owner"},
		"other account":       {"l2", `{"account_id":"acc-north","opportunity":{"account_id":"acc-x"}}`, http.StatusBadRequest, "account_id"},
		"unknown field":       {"l2", `{"account_id":"acc-north","opportunity":{"price":3}}`, http.StatusBadRequest, "price"},
		"unknown lead":        {"nobody", `{"account_id":"acc-north"}`, http.StatusNotFound, "nobody"},
		"identity of another": {"l3", `{"account":{"name":"Initech 3"}}`, http.StatusConflict, "belongs to contact"},
	} {
		if name == "identity of another" {
			must(t, st.SaveContacts(ctx, &socialcrm.Contact{ID: "c-other", Name: "Other",
				Identities: []socialcrm.Identity{{Network: "mastodon", Handle: "l3@example.social"}}}))
		}
		code, body := send(t, "POST", ts.URL+"/api/v1/leads/"+c.lead+"/convert", c.body)
		if code != c.code || !strings.Contains(body, c.want) {
			t.Errorf("%s: %d %s, want %d naming %q", name, code, body, c.code, c.want)
		}
	}
	if n := accounts(); n != before {
		t.Errorf("%d accounts after refused conversions, want %d: a refused conversion left one", n, before)
	}
	for _, id := range []string{"l2", "l3"} {
		if l, err := st.FindLeadByID(ctx, id); err != nil || l.Status != socialcrm.LeadQualified || len(l.Identities) != 1 {
			t.Errorf("lead %s after refused conversions = %+v, %v; want it qualified with its identity", id, l, err)
		}
	}
	code, body = send(t, "POST", ts.URL+"/api/v1/leads/l2/convert", `{"account_id":"acc-north","contact_id":"c-other"}`)
	if code != http.StatusOK || !strings.Contains(body, `"contact_id":"c-other"`) {
		t.Errorf("convert into an existing contact: %d %s", code, body)
	}
	if c, _ := st.FindContactByID(ctx, "c-other"); len(c.Identities) != 2 || c.AccountID != "acc-north" {
		t.Errorf("existing contact after conversion = %+v, want both identities, of acc-north", c)
	}
}

func hasKind(items []socialcrm.TimelineItem, kind string) bool {
	for _, i := range items {
		if i.Kind == kind {
			return true
		}
	}
	return false
}
