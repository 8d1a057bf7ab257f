package socialcrm

import (
	"context"
	"time"
)

// AccountSummary is what the accounts list shows of one account beside
// its record: how many contacts it has, how many of their cases are open
// or answered, and the sentiment of the mentions linked to its contacts.
type AccountSummary struct {
	AccountID string
	Contacts  int
	OpenCases int // open or answered (Case.Active)
	// Sentiment counts the live scored mentions linked to at least one of
	// the account's contacts (once each) with CreatedAt >= Since; Key is
	// empty.
	Sentiment BreakdownRow
}

// AccountSummaryStore aggregates accounts where they are stored.
type AccountSummaryStore interface {
	// SummarizeAccounts returns one summary per account, in the order of
	// FindAccounts; a nil since counts mentions of all time.
	SummarizeAccounts(ctx context.Context, since *time.Time) ([]AccountSummary, error)
}
