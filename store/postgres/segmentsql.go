package postgres

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/socialcrm/socialcrm"
)

// linkedMentions selects the live mentions linked to contact c.
const linkedMentions = `FROM mentions m WHERE cardinality(m.contacts) > 0 AND m.contacts @> ARRAY[c.id::text] AND NOT m.deleted`

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

// rulesSQL returns the SQL expression of rules over contact c, with the
// same semantics as store/memory's segmentEval.
func rulesSQL(w *where, r socialcrm.SegmentRules, now time.Time) string {
	var parts []string
	for _, c := range r.Conditions {
		parts = append(parts, "COALESCE("+conditionSQL(w, c, now)+", false)")
	}
	for _, g := range r.Groups {
		parts = append(parts, rulesSQL(w, g, now))
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

func conditionSQL(w *where, c socialcrm.SegmentCondition, now time.Time) string {
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
		return "(SELECT max(m.author_followers) " + linkedMentions + ") " + num()
	case socialcrm.SegLastMentionDays:
		bound := arg(w, c.DaysAgo(now))
		if c.Op == socialcrm.OpLTE {
			return "EXISTS (SELECT 1 " + linkedMentions + " AND m.created_at >= " + bound + ")"
		}
		return "NOT EXISTS (SELECT 1 " + linkedMentions + " AND m.created_at > " + bound + ")"
	}
	window := linkedMentions + " AND m.created_at >= " + arg(w, c.Since(now))
	switch c.Field {
	case socialcrm.SegMentionCount:
		return "(SELECT count(*) " + window + ") " + num()
	case socialcrm.SegSentimentAvg:
		return "(SELECT avg(m.sentiment_score) " + window + " AND m.sentiment_label IS NOT NULL) " + num()
	case socialcrm.SegNegativeShare:
		return "(SELECT avg(CASE WHEN m.sentiment_label = 'negative' THEN 1.0 ELSE 0.0 END) " + window +
			" AND m.sentiment_label IS NOT NULL) " + num()
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
	w.conds = append(w.conds, "NOT "+notProfiled, rulesSQL(&w, rules, now))
	var cs []*socialcrm.Contact
	total, err := s.findPage(ctx, "contacts c", w, "c.name, c.id", offset, limit, selectContacts, func(rows pgx.Rows) error {
		var err error
		cs, err = pgx.CollectRows(rows, scanContact)
		return err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("postgres: segment members: %w", err)
	}
	return cs, total, nil
}
