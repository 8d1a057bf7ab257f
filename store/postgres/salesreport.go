package postgres

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/socialcrm/socialcrm"
)

var _ socialcrm.SalesReportStore = (*Store)(nil)

// leadChannel is socialcrm.Lead.Channel in SQL.
const leadChannel = `CASE WHEN l.source = 'mention' THEN COALESCE(NULLIF(l.doc #>> '{identities,0,network}', ''), l.source) ELSE l.source END`

// SalesReport computes the report with aggregate queries, sent in one
// round trip: the funnel, the open pipeline, the closed deals by month and
// the segments (at most socialcrm.MaxSalesSegments).
func (s *Store) SalesReport(ctx context.Context, f socialcrm.SalesReportFilter) (*socialcrm.SalesReport, error) {
	if err := f.Validate(); err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	now := f.Now
	if now.IsZero() {
		now = time.Now()
	}
	r := &socialcrm.SalesReport{Since: micro(f.Since), Until: micro(f.Until), Now: micro(now), Owner: f.Owner}
	segs, err := s.FindSegments(ctx)
	if err != nil {
		return nil, err
	}
	r.SegmentsTotal = len(segs)
	segs = segs[:min(len(segs), socialcrm.MaxSalesSegments)]

	b := &pgx.Batch{}
	s.queueFunnel(b, r, f.Owner)
	s.queueDeals(b, r, f.Owner)
	r.Segments = make([]socialcrm.SegmentSales, len(segs))
	if len(segs) > 0 {
		queueSegmentSales(b, segs, r.Segments, r.Now)
	}
	if err := s.pool.SendBatch(ctx, b).Close(); err != nil {
		return nil, fmt.Errorf("postgres: sales report: %w", err)
	}
	r.Finish()
	return r, nil
}

// owned adds the owner condition on col to w when owner is set.
func owned(w *where, col string, owner *string) {
	if owner != nil {
		w.add(col+" = %s", *owner)
	}
}

func (s *Store) queueFunnel(b *pgx.Batch, r *socialcrm.SalesReport, owner *string) {
	var w where
	w.add("l.created_at >= %s AND l.created_at < %s", r.Since, r.Until)
	owned(&w, "l.owner", owner)
	b.Queue(`SELECT `+leadChannel+`, count(*),
		count(*) FILTER (WHERE l.status IN ('qualified', 'converted') OR l.doc->>'qualified_at' IS NOT NULL),
		count(*) FILTER (WHERE l.status = 'converted'),
		count(*) FILTER (WHERE l.status = 'converted' AND o.doc->>'outcome' = 'won')
		FROM leads l LEFT JOIN opportunities o ON o.id = l.doc->>'opportunity_id'`+w.String()+` GROUP BY 1`, w.args...).
		Query(func(rows pgx.Rows) error {
			var err error
			r.Funnel, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (socialcrm.SalesFunnel, error) {
				var f socialcrm.SalesFunnel
				err := row.Scan(&f.Channel, &f.Leads, &f.Qualified, &f.Converted, &f.Won)
				return f, err
			})
			return err
		})
}

func (s *Store) queueDeals(b *pgx.Batch, r *socialcrm.SalesReport, owner *string) {
	var open where
	open.add("COALESCE(doc->>'outcome', '') NOT IN (%s, %s)", socialcrm.OutcomeWon, socialcrm.OutcomeLost)
	owned(&open, "owner", owner)
	b.Queue(`SELECT stage, doc->>'currency', count(*), sum((doc->>'amount')::bigint)::bigint,
		sum((doc->>'amount')::bigint * (doc->>'probability')::bigint)::bigint, max((doc->>'probability')::int)
		FROM opportunities`+open.String()+` GROUP BY 1, 2`, open.args...).Query(func(rows pgx.Rows) error {
		var err error
		r.Pipeline, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (socialcrm.SalesStageValue, error) {
			var v socialcrm.SalesStageValue
			err := row.Scan(&v.Stage, &v.Currency, &v.Count, &v.Amount, &v.AmountPercent, &v.Probability)
			return v, err
		})
		return err
	})

	var closed where
	closed.add("doc->>'outcome' IN (%s, %s)", socialcrm.OutcomeWon, socialcrm.OutcomeLost)
	closed.add("(doc->>'closed_at')::timestamptz >= %s AND (doc->>'closed_at')::timestamptz < %s", r.Since, r.Until)
	owned(&closed, "owner", owner)
	b.Queue(`SELECT to_char((doc->>'closed_at')::timestamptz AT TIME ZONE 'UTC', 'YYYY-MM'), doc->>'outcome', doc->>'currency',
		count(*), sum((doc->>'amount')::bigint)::bigint
		FROM opportunities`+closed.String()+` GROUP BY 1, 2, 3`, closed.args...).Query(func(rows pgx.Rows) error {
		by := map[string]*socialcrm.SalesMonth{}
		var month, outcome, currency string
		var n int
		var amount int64
		_, err := pgx.ForEachRow(rows, []any{&month, &outcome, &currency, &n, &amount}, func() error {
			m := by[month]
			if m == nil {
				m = &socialcrm.SalesMonth{Month: month, WonAmount: map[string]int64{}, LostAmount: map[string]int64{}}
				by[month] = m
			}
			if outcome == socialcrm.OutcomeWon {
				m.Won += n
				m.WonAmount[currency] += amount
			} else {
				m.Lost += n
				m.LostAmount[currency] += amount
			}
			return nil
		})
		for _, m := range by {
			r.Months = append(r.Months, *m)
		}
		return err
	})
}

// queueSegmentSales counts, in one statement, each segment's members (the
// rules' expressions of FindSegmentMembers), the sentiment of their live
// scored mentions in the window before now and their open cases. The
// mentions and cases are counted per contact once, in one scan each, for
// all the segments.
func queueSegmentSales(b *pgx.Batch, segs []*socialcrm.Segment, out []socialcrm.SegmentSales, now time.Time) {
	var w where
	since := arg(&w, now.Add(-socialcrm.SalesSentimentDays*24*time.Hour))
	until := arg(&w, now)
	ctes := []string{`sent AS (SELECT u.contact_id,
			count(*) FILTER (WHERE m.sentiment_label = 'positive') AS positive,
			count(*) FILTER (WHERE m.sentiment_label = 'neutral') AS neutral,
			count(*) FILTER (WHERE m.sentiment_label = 'negative') AS negative
		FROM mentions m CROSS JOIN LATERAL unnest(m.contacts) AS u(contact_id)
		WHERE NOT m.deleted AND cardinality(m.contacts) > 0 AND m.sentiment_label IS NOT NULL
		AND m.created_at >= ` + since + ` AND m.created_at < ` + until + ` GROUP BY 1)`,
		`open AS (SELECT contact_id, count(*) AS n FROM cases WHERE status IN ('open', 'answered') AND contact_id <> '' GROUP BY 1)`}
	// One pass over the contacts evaluates every segment's rules, the
	// mention aggregates of each window computed once for all of them.
	q := &segmentQuery{w: &w, now: now, windows: map[string]string{}}
	var cols, selects []string
	for i, g := range segs {
		out[i] = socialcrm.SegmentSales{ID: g.ID, Name: g.Name}
		cols = append(cols, fmt.Sprintf("COALESCE(%s, false) AS s%d", q.rules(g.Rules), i))
		selects = append(selects, fmt.Sprintf(`SELECT %d, count(*), COALESCE(sum(s.positive), 0)::bigint, COALESCE(sum(s.neutral), 0)::bigint,
			COALESCE(sum(s.negative), 0)::bigint, COALESCE(sum(o.n), 0)::bigint
			FROM base LEFT JOIN sent s ON s.contact_id = base.id LEFT JOIN open o ON o.contact_id = base.id WHERE base.s%d`, i, i))
	}
	ctes = append(ctes, `base AS MATERIALIZED (SELECT c.id, `+strings.Join(cols, ", ")+` FROM contacts c`+strings.Join(q.joins, "")+
		` WHERE NOT `+notProfiled+`)`)
	sql := "WITH " + strings.Join(ctes, ",\n") + "\n" + strings.Join(selects, "\nUNION ALL\n")
	b.Queue(sql, w.args...).Query(func(rows pgx.Rows) error {
		var i int
		var g socialcrm.SegmentSales
		_, err := pgx.ForEachRow(rows, []any{&i, &g.Members, &g.Positive, &g.Neutral, &g.Negative, &g.OpenCases}, func() error {
			if i < 0 || i >= len(out) {
				return fmt.Errorf("segment row %d of %d", i, len(out))
			}
			g.ID, g.Name = out[i].ID, out[i].Name
			out[i] = g
			return nil
		})
		return err
	})
}
