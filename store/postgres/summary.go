package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/socialcrm/socialcrm"
)

// SentimentSummary counts live scored mentions per label per bucket of
// f.Window (date_bin from the Unix epoch), oldest first.
func (s *Store) SentimentSummary(ctx context.Context, f socialcrm.SummaryFilter) ([]socialcrm.SummaryBucket, error) {
	window := f.Window
	switch {
	case window == 0:
		window = time.Hour
	case window < time.Second:
		return nil, socialcrm.Invalidf("postgres: summary window %v is below one second", window)
	}
	// The bucket width is $1; the conditions' arguments follow.
	w := where{args: []any{pgtype.Interval{Microseconds: window.Microseconds(), Valid: true}}}
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
	q := `SELECT date_bin($1, created_at, timestamptz '1970-01-01 00:00:00+00') AS bucket,
		count(*) FILTER (WHERE sentiment_label = 'positive'),
		count(*) FILTER (WHERE sentiment_label = 'neutral'),
		count(*) FILTER (WHERE sentiment_label = 'negative')
		FROM mentions` + w.String() + ` GROUP BY bucket ORDER BY bucket`
	rows, _ := s.pool.Query(ctx, q, w.args...)
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (socialcrm.SummaryBucket, error) {
		var b socialcrm.SummaryBucket
		err := row.Scan(&b.Start, &b.Positive, &b.Neutral, &b.Negative)
		b.Start = b.Start.UTC()
		return b, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: sentiment summary: %w", err)
	}
	return out, nil
}
