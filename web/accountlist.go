package web

import (
	"net/http"
	"time"

	"github.com/socialcrm/socialcrm"
)

// accountRow is an account as the accounts list shows it: with its
// contacts, open cases and sentiment counted.
type accountRow struct {
	*socialcrm.Account
	Contacts  int         `json:"contacts"`
	OpenCases int         `json:"open_cases"` // open or answered
	Sentiment labelCounts `json:"sentiment"`  // of its contacts' mentions over the period
}

// accountList is the JSON answer of GET /api/v1/accounts.
type accountList struct {
	Accounts []accountRow `json:"accounts"` // highest value first
	Period   period       `json:"sentiment_period"`
}

// handleAccounts lists the accounts by value, each with its contact and
// open case counts and the sentiment of its contacts' mentions over the
// last 30 days (period=), all counted by the store.
func (s *Server) handleAccounts(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r)
	span := q.duration("period", 30*24*time.Hour)
	if q.err == nil && (span < time.Hour || span > 366*24*time.Hour) {
		q.fail(socialcrm.Invalidf("parameter period=%s: want from 1h to 366d", r.URL.Query().Get("period")))
	}
	if q.err != nil {
		s.writeError(w, r, q.err)
		return
	}
	ctx := r.Context()
	as, err := s.Store.FindAccounts(ctx)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := accountList{Accounts: make([]accountRow, 0, len(as)),
		Period: period{Since: q.now.Add(-span), Until: q.now, Label: "last " + humanSpan(span)}}
	sums, err := s.Store.SummarizeAccounts(ctx, &out.Period.Since)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	byID := make(map[string]socialcrm.AccountSummary, len(sums))
	for _, sum := range sums {
		byID[sum.AccountID] = sum
	}
	for _, a := range as {
		sum := byID[a.ID]
		out.Accounts = append(out.Accounts, accountRow{Account: withCurrency(a), Contacts: sum.Contacts,
			OpenCases: sum.OpenCases, Sentiment: countsOf(sum.Sentiment)})
	}
	writeJSON(w, http.StatusOK, out)
}

// withCurrency names the currency of a's value in the answer, the
// default one when a names none.
func withCurrency(a *socialcrm.Account) *socialcrm.Account {
	if a != nil {
		a.Currency = a.ValueCurrency()
	}
	return a
}
