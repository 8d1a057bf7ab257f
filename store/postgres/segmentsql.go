package postgres

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/socialcrm/socialcrm"
)

// notProfiled holds for a contact who withdrew consent or is suppressed.
const notProfiled = `EXISTS (SELECT 1 FROM contact_consent_current k WHERE k.contact_id = c.id AND (k.state = 'withdrawn' OR k.suppressed))`

// arg adds v to w's arguments and returns its placeholder.
func arg(w *where, v any) string {
	if s, ok := v.(string); ok {
		v = socialcrm.CleanText(s)
	}
	w.args = append(w.args, v)
	return fmt.Sprintf("$%d", len(w.args))
}

// segmentQuery builds the query of a segment's rules: the expression of
// the rules over contact c, and the joins it needs. Mention aggregates
// are computed once per window for every contact (one scan of the
// mentions, not one per contact), joined by contact ID.
type segmentQuery struct {
	w       *where
	now     time.Time
	contact string            // evaluate for this contact alone, when set
	joins   []string          // LEFT JOINs of aggregates
	windows map[string]string // start of the window, or "all" → join alias
}

// agg returns the alias of the join of mention aggregates per contact
// since since (nil: all time).
func (q *segmentQuery) agg(since *time.Time) string {
	key, cond := "all", ""
	if since != nil {
		key = since.UTC().Format(time.RFC3339Nano)
	}
	if a, ok := q.windows[key]; ok {
		return a
	}
	if since != nil {
		cond = " AND m.created_at >= " + arg(q.w, *since)
	}
	if q.contact != "" {
		cond += " AND m.contacts @> ARRAY[" + arg(q.w, q.contact) + "::text]"
	}
	a := fmt.Sprintf("agg%d", len(q.windows))
	q.windows[key] = a
	q.joins = append(q.joins, ` LEFT JOIN (SELECT u.contact_id, count(*) AS n,
		avg(m.sentiment_score) FILTER (WHERE m.sentiment_label IS NOT NULL) AS score,
		avg(CASE WHEN m.sentiment_label = 'negative' THEN 1.0 ELSE 0.0 END) FILTER (WHERE m.sentiment_label IS NOT NULL) AS negative,
		max(m.author_followers) AS followers, max(m.created_at) AS latest
		FROM mentions m CROSS JOIN LATERAL unnest(m.contacts) AS u(contact_id)
		WHERE NOT m.deleted AND cardinality(m.contacts) > 0`+cond+`
		GROUP BY u.contact_id) `+a+` ON `+a+`.contact_id = c.id`)
	return a
}

// rules returns the SQL expression of r, with the same semantics as
// store/memory's segmentEval.
func (q *segmentQuery) rules(r socialcrm.SegmentRules) string {
	var parts []string
	for _, c := range r.Conditions {
		parts = append(parts, "COALESCE("+q.condition(c)+", false)")
	}
	for _, g := range r.Groups {
		parts = append(parts, q.rules(g))
	}
	op, empty := " AND ", "true"
	if r.Match == "any" {
		op, empty = " OR ", "false"
	}
	if len(parts) == 0 {
		return empty
	}
	return "(" + strings.Join(parts, op) + ")"
}

func cmpOp(op string) string {
	if op == socialcrm.OpLTE {
		return "<="
	}
	return ">="
}

func (q *segmentQuery) condition(c socialcrm.SegmentCondition) string {
	w := q.w
	num := func() string { return cmpOp(c.Op) + " " + arg(w, c.Number) + "::double precision" }
	switch c.Field {
	case socialcrm.SegAccountValue:
		return "(SELECT a.value FROM accounts a WHERE a.id = c.account_id) " + num()
	case socialcrm.SegTier:
		return "EXISTS (SELECT 1 FROM accounts a WHERE a.id = c.account_id AND a.tier = " + arg(w, c.Text) + ")"
	case socialcrm.SegLifecycle:
		return "c.lifecycle = " + arg(w, c.Text)
	case socialcrm.SegOwner:
		return "c.owner = " + arg(w, c.Text)
	case socialcrm.SegTag:
		return arg(w, c.Text) + " = ANY (c.tags)"
	case socialcrm.SegChannel:
		return "EXISTS (SELECT 1 FROM contact_identities i WHERE i.contact_id = c.id AND i.network = " + arg(w, c.Text) + ")"
	case socialcrm.SegOpenCases:
		return "(SELECT count(*) FROM cases k WHERE k.contact_id = c.id AND k.status IN ('open', 'answered')) " + num()
	case socialcrm.SegFollowers:
		return q.agg(nil) + ".followers " + num()
	case socialcrm.SegLastMentionDays:
		a, bound := q.agg(nil), arg(w, c.DaysAgo(q.now))
		if c.Op == socialcrm.OpLTE {
			return a + ".latest >= " + bound
		}
		return "(" + a + ".latest IS NULL OR " + a + ".latest <= " + bound + ")"
	}
	since := c.Since(q.now)
	a := q.agg(&since)
	switch c.Field {
	case socialcrm.SegMentionCount:
		return "COALESCE(" + a + ".n, 0) " + num()
	case socialcrm.SegSentimentAvg:
		return a + ".score " + num()
	case socialcrm.SegNegativeShare:
		return a + ".negative " + num()
	}
	return "false" // Validate refuses other fields
}

// FindSegmentMembers evaluates rules in one query over the contacts.
func (s *Store) FindSegmentMembers(ctx context.Context, rules socialcrm.SegmentRules, f socialcrm.SegmentMemberFilter) ([]*socialcrm.Contact, int, error) {
	if err := rules.Validate(); err != nil {
		return nil, 0, fmt.Errorf("postgres: %w", err)
	}
	offset, limit, err := page(f.Offset, f.Limit, true)
	if err != nil {
		return nil, 0, err
	}
	now := f.Now
	if now.IsZero() {
		now = time.Now()
	}
	var w where
	if f.ContactID != "" {
		w.add("c.id = %s", f.ContactID)
	}
	q := &segmentQuery{w: &w, now: now, contact: f.ContactID, windows: map[string]string{}}
	expr := q.rules(rules)
	w.conds = append(w.conds, "NOT "+notProfiled, expr)
	joins := strings.Join(q.joins, "")
	var cs []*socialcrm.Contact
	total, err := s.findPage(ctx, "contacts c"+joins, w, "c.name, c.id", offset, limit, selectContacts+joins, func(rows pgx.Rows) error {
		var err error
		cs, err = pgx.CollectRows(rows, scanContact)
		return err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("postgres: segment members: %w", err)
	}
	return cs, total, nil
}
