package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/socialcrm/socialcrm"
)

// countSeries counts per brand, per brand and topic and per brand and
// rule in one scan of the window's mentions.
const countSeries = `WITH m AS (
	SELECT brand, rule, topics, sentiment_label = 'negative' AS neg,
		date_bin($1, created_at, timestamptz '1970-01-01 00:00:00+00') AS bucket
	FROM mentions
	WHERE NOT deleted AND sentiment_label IS NOT NULL AND brand <> '' AND created_at >= $2 AND created_at < $3
		AND ($4::text[] IS NULL OR contacts && $4::text[]))
SELECT brand COLLATE "C" AS brand, '' COLLATE "C" AS topic, '' COLLATE "C" AS rule, bucket, count(*), count(*) FILTER (WHERE neg) FROM m GROUP BY brand, bucket
UNION ALL
SELECT brand, t, '', bucket, count(*), count(*) FILTER (WHERE neg) FROM m, unnest(topics) AS t GROUP BY brand, t, bucket
UNION ALL
SELECT brand, '', rule, bucket, count(*), count(*) FILTER (WHERE neg) FROM m WHERE rule <> '' GROUP BY brand, rule, bucket
ORDER BY brand, topic, rule, bucket`

// CountSeries counts live scored mentions with a brand per bucket of
// f.Window (date_bin from the Unix epoch): per brand, per brand and topic,
// per brand and rule.
func (s *Store) CountSeries(ctx context.Context, f socialcrm.SeriesFilter) ([]socialcrm.SeriesCount, error) {
	if f.Window < time.Second {
		return nil, socialcrm.Invalidf("postgres: series window %v is below one second", f.Window)
	}
	w := pgtype.Interval{Microseconds: f.Window.Microseconds(), Valid: true}
	var contacts []string // nil counts every mention
	if len(f.Contacts) > 0 {
		contacts = f.Contacts
	}
	rows, _ := s.pool.Query(ctx, countSeries, w, f.Since, f.Until, contacts)
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (socialcrm.SeriesCount, error) {
		var c socialcrm.SeriesCount
		err := row.Scan(&c.Brand, &c.Topic, &c.Rule, &c.Start, &c.Total, &c.Negative)
		c.Start = c.Start.UTC()
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: count series: %w", err)
	}
	return out, nil
}
