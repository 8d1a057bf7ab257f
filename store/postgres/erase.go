package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"

	"github.com/socialcrm/socialcrm"
)

// cleanAll returns the cleaned, non-empty values of vs.
func cleanAll(vs []string) []string {
	out := make([]string, 0, len(vs))
	for _, v := range vs {
		if v = socialcrm.CleanText(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// DeleteMentionsByAuthor removes the live mentions written by keys.
func (s *Store) DeleteMentionsByAuthor(ctx context.Context, keys []string) (int, error) {
	keys = cleanAll(keys)
	if len(keys) == 0 {
		return 0, nil
	}
	tag, err := s.pool.Exec(ctx, `DELETE FROM mentions WHERE author_key = ANY($1) AND NOT deleted`, keys)
	if err != nil {
		return 0, fmt.Errorf("postgres: delete mentions of %d authors: %w", len(keys), err)
	}
	return int(tag.RowsAffected()), nil
}

// UnlinkContact removes the contact id from every mention's Contacts.
func (s *Store) UnlinkContact(ctx context.Context, id string) (int, error) {
	tag, err := s.pool.Exec(ctx, `UPDATE mentions SET contacts = array_remove(contacts, $1)
		WHERE cardinality(contacts) > 0 AND contacts @> ARRAY[$1]::text[]`, socialcrm.CleanText(id))
	if err != nil {
		return 0, fmt.Errorf("postgres: unlink contact %q from mentions: %w", id, err)
	}
	return int(tag.RowsAffected()), nil
}

// DeleteContactCases removes the cases of the contact and of the authors.
func (s *Store) DeleteContactCases(ctx context.Context, id string, authors []string) (int, error) {
	tag, err := s.pool.Exec(ctx, `DELETE FROM cases WHERE ($1 <> '' AND contact_id = $1) OR doc->>'author' = ANY($2)`,
		socialcrm.CleanText(id), cleanAll(authors))
	if err != nil {
		return 0, fmt.Errorf("postgres: delete cases of contact %q: %w", id, err)
	}
	return int(tag.RowsAffected()), nil
}

// UnlinkAlerts removes the contact from alerts' Contacts, the authors from
// their Authors and the mentions from their Mentions, in one transaction.
func (s *Store) UnlinkAlerts(ctx context.Context, id string, authors, mentions []string) (int, error) {
	id, authors, mentions = socialcrm.CleanText(id), cleanAll(authors), cleanAll(mentions)
	var ids []string
	if id != "" {
		ids = []string{id}
	}
	n := 0
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		type change struct {
			id  string
			doc []byte
		}
		var changes []change
		rows, _ := tx.Query(ctx, `SELECT id, doc FROM alerts
			WHERE doc->'contacts' ?| $1 OR doc->'authors' ?| $2 OR doc->'mentions' ?| $3 ORDER BY id FOR UPDATE`,
			nonNil(ids), nonNil(authors), nonNil(mentions))
		for rows.Next() {
			var aid string
			var raw []byte
			if err := rows.Scan(&aid, &raw); err != nil {
				return err
			}
			var a socialcrm.Alert
			if err := json.Unmarshal(raw, &a); err != nil {
				return fmt.Errorf("decode alert %q: %w", aid, err)
			}
			a.Contacts = slices.DeleteFunc(a.Contacts, func(x string) bool { return slices.Contains(ids, x) })
			a.Authors = slices.DeleteFunc(a.Authors, func(x string) bool { return slices.Contains(authors, x) })
			a.Mentions = slices.DeleteFunc(a.Mentions, func(x string) bool { return slices.Contains(mentions, x) })
			doc, err := json.Marshal(a)
			if err != nil {
				return fmt.Errorf("encode alert %q: %w", aid, err)
			}
			changes = append(changes, change{aid, doc})
		}
		if err := rows.Err(); err != nil {
			return err
		}
		for _, c := range changes {
			if _, err := tx.Exec(ctx, `UPDATE alerts SET doc = $2 WHERE id = $1`, c.id, c.doc); err != nil {
				return err
			}
		}
		n = len(changes)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("postgres: unlink contact %q from alerts: %w", id, err)
	}
	return n, nil
}
