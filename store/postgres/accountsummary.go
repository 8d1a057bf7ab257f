package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/socialcrm/socialcrm"
)

// SummarizeAccounts counts contacts, active cases and the sentiment of
// the contacts' mentions per account in one query.
func (s *Store) SummarizeAccounts(ctx context.Context, since *time.Time) ([]socialcrm.AccountSummary, error) {
	var w where
	w.add("NOT m.deleted")
	w.add("m.sentiment_label IS NOT NULL")
	w.add("cardinality(m.contacts) > 0")
	if since != nil {
		w.add("m.created_at >= %s", *since)
	}
	// One pass over the linked mentions: each counts once per account of
	// its contacts, however many of them it names.
	q := `WITH linked AS (
			SELECT DISTINCT c.account_id, m.id, m.sentiment_label, m.sentiment_score
			FROM mentions m CROSS JOIN LATERAL unnest(m.contacts) AS mc(id)
			JOIN contacts c ON c.id = mc.id AND c.account_id <> ''` + w.String() + `
		), sums AS (
			SELECT account_id,
				count(*) FILTER (WHERE sentiment_label = 'positive') AS pos,
				count(*) FILTER (WHERE sentiment_label = 'neutral') AS neu,
				count(*) FILTER (WHERE sentiment_label = 'negative') AS neg,
				avg(sentiment_score) AS mean
			FROM linked GROUP BY account_id
		)
		SELECT a.id,
			(SELECT count(*) FROM contacts c WHERE c.account_id = a.id),
			(SELECT count(*) FROM cases k WHERE k.account_id = a.id AND k.status IN ('open', 'answered')),
			coalesce(s.pos, 0), coalesce(s.neu, 0), coalesce(s.neg, 0), coalesce(s.mean, 0)
		FROM accounts a LEFT JOIN sums s ON s.account_id = a.id
		ORDER BY a.value DESC, a.id`
	rows, _ := s.pool.Query(ctx, q, w.args...)
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (socialcrm.AccountSummary, error) {
		var a socialcrm.AccountSummary
		r := &a.Sentiment
		err := row.Scan(&a.AccountID, &a.Contacts, &a.OpenCases, &r.Positive, &r.Neutral, &r.Negative, &r.MeanScore)
		return a, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: summarize accounts: %w", err)
	}
	return out, nil
}
