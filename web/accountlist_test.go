package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
)

// TestAccounts_List checks that the accounts list counts each account's
// contacts, open cases and its people's sentiment, and names the currency
// of its value.
func TestAccounts_List(t *testing.T) {
	ts, _, st := newAPI(t)
	ctx := context.Background()
	now := time.Now()
	must(t, st.SaveAccounts(ctx, &socialcrm.Account{ID: "acc-north", Name: "Northwind", Value: 480000},
		&socialcrm.Account{ID: "acc-us", Name: "Initech", Value: 120000, Currency: "USD"}))
	must(t, st.SaveContacts(ctx, &socialcrm.Contact{ID: "c-1", Name: "Ann", AccountID: "acc-north"},
		&socialcrm.Contact{ID: "c-2", Name: "Bob", AccountID: "acc-north"}, &socialcrm.Contact{ID: "c-3", Name: "Cy", AccountID: "acc-us"}))
	for i, status := range []string{socialcrm.CaseOpen, socialcrm.CaseAnswered, socialcrm.CaseResolved} {
		id := fmt.Sprint(i)
		must(t, st.SaveCase(ctx, &socialcrm.Case{ID: "case-" + id, Key: "acme|x|" + id, Brand: "acme", Channel: "x", ContactID: "c-1",
			AccountID: "acc-north", Author: "x:ann", Kind: socialcrm.CaseQuestion, Status: status, Subject: "?",
			OpenedAt: now, LastMentionAt: now, DueAt: now.Add(time.Hour)}))
	}
	var ms []*socialcrm.Mention
	for i := range 250 { // more than a page of mentions: all are counted
		label := socialcrm.Labels[i%3]
		ms = append(ms, mention(fmt.Sprintf("x:n%d", i), "acme", label, now.Add(-time.Duration(i)*time.Hour), "c-1", "c-2"))
	}
	ms = append(ms, mention("x:old", "acme", socialcrm.Negative, now.Add(-40*24*time.Hour), "c-3"))
	must(t, st.SaveMentions(ctx, ms...))
	var got struct {
		Accounts []struct {
			ID, Currency string
			Value        float64
			Contacts     int `json:"contacts"`
			OpenCases    int `json:"open_cases"`
			Sentiment    counts
		}
		Period struct{ Label string } `json:"sentiment_period"`
	}
	getJSON(t, ts.URL+"/api/v1/accounts", http.StatusOK, &got)
	if len(got.Accounts) != 2 || got.Period.Label != "last 30 days" {
		t.Fatalf("accounts = %+v", got)
	}
	north, us := got.Accounts[0], got.Accounts[1]
	if north.ID != "acc-north" || north.Currency != "EUR" || north.Contacts != 2 || north.OpenCases != 2 {
		t.Errorf("north = %+v, want EUR, 2 contacts and 2 open cases", north)
	}
	if north.Sentiment.Total != 250 || north.Sentiment.Negative != 84 {
		t.Errorf("north's sentiment = %+v, want all 250 mentions of its people (84 negative), each once", north.Sentiment)
	}
	if us.Currency != "USD" || us.Contacts != 1 || us.OpenCases != 0 || us.Sentiment.Total != 0 {
		t.Errorf("us = %+v, want USD, 1 contact, no case, no mention in 30 days", us)
	}
	getJSON(t, ts.URL+"/api/v1/accounts?period=60d", http.StatusOK, &got)
	if got.Accounts[1].Sentiment.Total != 1 {
		t.Errorf("period=60d: us counts %d mentions, want 1", got.Accounts[1].Sentiment.Total)
	}
	if code, body := send(t, http.MethodGet, ts.URL+"/api/v1/accounts?period=never", ""); code != http.StatusBadRequest || !strings.Contains(body, "period") {
		t.Errorf("period=never: %d %s, want 400 naming period", code, body)
	}
	var rec struct{ Account struct{ Currency string } }
	getJSON(t, ts.URL+"/api/v1/accounts/acc-us", http.StatusOK, &rec)
	if rec.Account.Currency != "USD" {
		t.Errorf("account record currency %q, want USD", rec.Account.Currency)
	}
}
