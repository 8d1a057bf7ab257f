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
	w.add("cardinality(m.contacts) > 0 AND m.contacts && ARRAY(SELECT c.id FROM contacts c WHERE c.account_id = a.id)")
	if since != nil {
		w.add("m.created_at >= %s", *since)
	}
	q := `SELECT a.id,
		(SELECT count(*) FROM contacts c WHERE c.account_id = a.id),
		(SELECT count(*) FROM cases k WHERE k.account_id = a.id AND k.status IN ('open', 'answered')),
		s.pos, s.neu, s.neg, s.mean
		FROM accounts a CROSS JOIN LATERAL (SELECT
			count(*) FILTER (WHERE m.sentiment_label = 'positive') AS pos,
			count(*) FILTER (WHERE m.sentiment_label = 'neutral') AS neu,
			count(*) FILTER (WHERE m.sentiment_label = 'negative') AS neg,
			coalesce(avg(m.sentiment_score), 0) AS mean
			FROM mentions m` + w.String() + `) s
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
