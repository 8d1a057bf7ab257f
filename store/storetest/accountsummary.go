package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
)

func testSummarizeAccounts(t *testing.T, open Open) {
	t.Parallel()
	ctx := context.Background()
	s := open(t)
	must(t, "SaveAccounts", s.SaveAccounts(ctx,
		&socialcrm.Account{ID: "acc1", Name: "Northwind", Value: 5000},
		&socialcrm.Account{ID: "acc2", Name: "Globex", Value: 9000},
		&socialcrm.Account{ID: "acc3", Name: "Empty", Value: 5000}))
	must(t, "SaveContacts", s.SaveContacts(ctx, contact("c-1", "Ann", "acc1"), contact("c-2", "Bob", "acc1"),
		contact("c-3", "Cy", "acc2"), contact("c-4", "Di", "")))
	k1, k2, k3 := kase("k1", "1", at(0)), kase("k2", "2", at(0)), kase("k3", "3", at(0))
	k2.Status = socialcrm.CaseResolved
	k3.Status, k3.AccountID = socialcrm.CaseAnswered, "acc2"
	for _, k := range []*socialcrm.Case{k1, k2, k3} {
		must(t, "SaveCase", s.SaveCase(ctx, k))
	}
	m := func(id, label string, score float64, d time.Duration, contacts ...string) *socialcrm.Mention {
		x := mention(id, "acme", label, at(d))
		x.Contacts = contacts
		if x.Sentiment != nil {
			x.Sentiment.Score = score
		}
		return x
	}
	must(t, "SaveMentions", s.SaveMentions(ctx,
		m("1", socialcrm.Negative, -0.6, 0, "c-1", "c-2"), // counts once for acc1
		m("2", socialcrm.Positive, 0.8, time.Hour, "c-2"),
		m("3", socialcrm.Neutral, 0, 2*time.Hour, "c-3", "c-4"),
		m("4", socialcrm.Negative, -0.2, -time.Hour, "c-1"), // before since
		m("5", "", 0, time.Hour, "c-1"),                     // unscored
		m("6", socialcrm.Negative, -1, time.Hour, "c-4")))   // no account
	got, err := s.SummarizeAccounts(ctx, ptr(at(0)))
	must(t, "SummarizeAccounts", err)
	diffApprox(t, "summaries", []socialcrm.AccountSummary{
		{AccountID: "acc2", Contacts: 1, OpenCases: 1, Sentiment: socialcrm.BreakdownRow{Neutral: 1}},
		{AccountID: "acc1", Contacts: 2, OpenCases: 1, Sentiment: socialcrm.BreakdownRow{Negative: 1, Positive: 1, MeanScore: 0.1}},
		{AccountID: "acc3"},
	}, got)
	got, err = s.SummarizeAccounts(ctx, nil)
	must(t, "SummarizeAccounts", err)
	if len(got) != 3 || got[1].Sentiment.Total() != 3 {
		t.Errorf("all time: %+v, want acc1 with 3 scored mentions", got)
	}
}
