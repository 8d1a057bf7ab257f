package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/socialcrm/socialcrm"
)

// breakdownKeys is the SQL that names each grouping's key, and the
// FROM clause that yields it.
var breakdownKeys = map[string]struct{ key, from string }{
	socialcrm.ByNothing: {"''", "mentions"},
	socialcrm.ByBrand:   {"brand", "mentions"},
	socialcrm.BySource:  {"source", "mentions"},
	socialcrm.ByLang:    {"lang", "mentions"},
	// A topic listed twice counts once.
	socialcrm.ByTopic: {"t.topic", "mentions CROSS JOIN LATERAL (SELECT DISTINCT unnest(topics)) AS t(topic)"},
}

// SentimentBreakdown counts live scored mentions per label and group in
// one query, biggest group first.
func (s *Store) SentimentBreakdown(ctx context.Context, f socialcrm.BreakdownFilter) ([]socialcrm.BreakdownRow, error) {
	if err := f.Validate(); err != nil {
		return nil, err
	}
	k := breakdownKeys[f.By]
	var w where
	w.add("NOT deleted")
	w.add("sentiment_label IS NOT NULL")
	w.eq("brand", f.Brand)
	if f.ContactID != nil {
		w.add("cardinality(contacts) > 0 AND contacts @> ARRAY[%s]::text[]", *f.ContactID)
	}
	if f.Since != nil {
		w.add("created_at >= %s", *f.Since)
	}
	if f.Until != nil {
		w.add("created_at < %s", *f.Until)
	}
	q := `SELECT ` + k.key + ` AS key,
		count(*) FILTER (WHERE sentiment_label = 'positive'),
		count(*) FILTER (WHERE sentiment_label = 'neutral'),
		count(*) FILTER (WHERE sentiment_label = 'negative'),
		coalesce(avg(sentiment_score), 0)
		FROM ` + k.from + w.String() + ` GROUP BY key ORDER BY count(*) DESC, ` + k.key + ` COLLATE "C"`
	if f.Limit > 0 {
		w.args = append(w.args, f.Limit)
		q += fmt.Sprintf(" LIMIT $%d", len(w.args))
	}
	rows, _ := s.pool.Query(ctx, q, w.args...)
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (socialcrm.BreakdownRow, error) {
		var r socialcrm.BreakdownRow
		err := row.Scan(&r.Key, &r.Positive, &r.Neutral, &r.Negative, &r.MeanScore)
		return r, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: sentiment breakdown: %w", err)
	}
	if f.By == socialcrm.ByNothing && len(out) == 0 {
		out = []socialcrm.BreakdownRow{{}} // no rows to group: the empty total
	}
	return out, nil
}
