package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/socialcrm/socialcrm"
)

var _ socialcrm.ContactMergeStore = (*Store)(nil)

// MergeContacts merges contact from into contact into in one transaction.
func (s *Store) MergeContacts(ctx context.Context, into, from string) (*socialcrm.ContactMerge, error) {
	into, from = socialcrm.CleanText(into), socialcrm.CleanText(from)
	m := &socialcrm.ContactMerge{From: from, Into: into, At: micro(time.Now())}
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, selectContacts+` WHERE c.id = ANY($1) ORDER BY c.id FOR UPDATE OF c`, []string{into, from})
		cs, err := pgx.CollectRows(rows, scanContact)
		if err != nil {
			return fmt.Errorf("postgres: merge contacts: %w", err)
		}
		byID := map[string]*socialcrm.Contact{}
		for _, c := range cs {
			byID[c.ID] = c
		}
		for _, id := range []string{into, from} {
			if byID[id] == nil {
				return fmt.Errorf("postgres: merge contacts: contact %q: %w", id, socialcrm.ErrNotFound)
			}
		}
		merged, err := socialcrm.MergeInto(byID[into], byID[from])
		if err != nil {
			return fmt.Errorf("postgres: %w", err)
		}
		m.Identities = len(byID[from].Identities)
		if err := s.mergeRows(ctx, tx, merged, m); err != nil {
			return fmt.Errorf("postgres: merge contact %q into %q: %w", from, into, rejected(err))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// mergeRows writes a merge: the merged contact and its identities, the
// mentions, cases and activities moved, and the redirect.
func (s *Store) mergeRows(ctx context.Context, tx pgx.Tx, c *socialcrm.Contact, m *socialcrm.ContactMerge) error {
	// The consent history joins into's, each change keeping its place
	// in the order recorded (seq), before from's row takes the rest.
	tag, err := tx.Exec(ctx, `UPDATE contact_consent SET contact_id = $1 WHERE contact_id = $2`, m.Into, m.From)
	if err != nil {
		return err
	}
	m.Consents = int(tag.RowsAffected())
	if m.Alerts, err = mergeAlerts(ctx, tx, m.Into, m.From); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `DELETE FROM contacts WHERE id = $1`, m.From); err != nil { // identities go with it
		return err
	}
	if _, err := tx.Exec(ctx, `UPDATE contacts SET email = $2, phone = $3, title = $4, account_id = $5, tags = $6,
		lifecycle = $7, owner = $8, updated_at = $9 WHERE id = $1`,
		c.ID, c.Email, c.Phone, c.Title, c.AccountID, nonNil(c.Tags), c.Lifecycle, c.Owner, m.At); err != nil {
		return err
	}
	b := &pgx.Batch{}
	b.Queue(`DELETE FROM contact_identities WHERE contact_id = $1`, c.ID)
	for p, i := range c.Identities {
		b.Queue(`INSERT INTO contact_identities (contact_id, position, network, handle, handle_key, native_id)
			VALUES ($1, $2, $3, $4, $5, $6)`, c.ID, p, i.Network, i.Handle, socialcrm.HandleKey(i.Handle), i.NativeID)
	}
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return err
	}
	tag, err = tx.Exec(ctx, `UPDATE mentions SET contacts = CASE WHEN $1 = ANY(contacts) THEN array_remove(contacts, $2)
		ELSE array_replace(contacts, $2, $1) END
		WHERE cardinality(contacts) > 0 AND contacts @> ARRAY[$2]::text[]`, m.Into, m.From)
	if err != nil {
		return err
	}
	m.Mentions = int(tag.RowsAffected())
	tag, err = tx.Exec(ctx, `UPDATE cases SET contact_id = $1, doc = jsonb_set(doc, '{contact_id}', to_jsonb($1::text))
		WHERE contact_id = $2`, m.Into, m.From)
	if err != nil {
		return err
	}
	m.Cases = int(tag.RowsAffected())
	// A moved case takes into's key unless into has an active case of it.
	if _, err := tx.Exec(ctx, `UPDATE cases c SET key = c.brand || '|' || c.channel || '|' || $1,
		doc = jsonb_set(c.doc, '{key}', to_jsonb(c.brand || '|' || c.channel || '|' || $1))
		WHERE c.contact_id = $1 AND c.key = c.brand || '|' || c.channel || '|' || $2
		AND (c.status = 'resolved' OR NOT EXISTS (SELECT 1 FROM cases o WHERE o.status IN ('open', 'answered')
			AND o.key = c.brand || '|' || c.channel || '|' || $1))`, m.Into, m.From); err != nil {
		return err
	}
	if m.Activities, err = moveActivities(ctx, tx, socialcrm.RecordContact, m.From, socialcrm.RecordContact, m.Into); err != nil {
		return err
	}
	if err := moveSales(ctx, tx, m.Into, m.From); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `UPDATE contact_merges SET into_id = $1 WHERE into_id = $2`, m.Into, m.From); err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `INSERT INTO contact_merges (from_id, into_id, at, identities, mentions, cases, activities)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, m.From, m.Into, m.At, m.Identities, m.Mentions, m.Cases, m.Activities)
	return err
}

// FindContactMerge returns the merge that removed the contact id.
func (s *Store) FindContactMerge(ctx context.Context, id string) (*socialcrm.ContactMerge, error) {
	var m socialcrm.ContactMerge
	err := s.pool.QueryRow(ctx, `SELECT from_id, into_id, at, identities, mentions, cases, activities
		FROM contact_merges WHERE from_id = $1`, socialcrm.CleanText(id)).
		Scan(&m.From, &m.Into, &m.At, &m.Identities, &m.Mentions, &m.Cases, &m.Activities)
	if err != nil {
		return nil, notFound(err, "merge of contact", id)
	}
	m.At = m.At.UTC()
	return &m, nil
}

// FindContactMerges returns the merges into the contact id, oldest first.
func (s *Store) FindContactMerges(ctx context.Context, id string) ([]*socialcrm.ContactMerge, error) {
	rows, _ := s.pool.Query(ctx, `SELECT from_id, into_id, at, identities, mentions, cases, activities
		FROM contact_merges WHERE into_id = $1 ORDER BY at, from_id`, socialcrm.CleanText(id))
	ms, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (*socialcrm.ContactMerge, error) {
		var m socialcrm.ContactMerge
		err := row.Scan(&m.From, &m.Into, &m.At, &m.Identities, &m.Mentions, &m.Cases, &m.Activities)
		m.At = m.At.UTC()
		return &m, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: merges into contact %q: %w", id, err)
	}
	return ms, nil
}

// mergeAlerts names into instead of from in the contact lists of the
// alerts that name from.
func mergeAlerts(ctx context.Context, tx pgx.Tx, into, from string) (int, error) {
	rows, _ := tx.Query(ctx, `SELECT id, doc FROM alerts WHERE doc->'contacts' ? $1 ORDER BY id FOR UPDATE`, from)
	type change struct {
		id  string
		doc []byte
	}
	var changes []change
	for rows.Next() {
		var id string
		var raw []byte
		if err := rows.Scan(&id, &raw); err != nil {
			return 0, err
		}
		var a socialcrm.Alert
		if err := json.Unmarshal(raw, &a); err != nil {
			return 0, fmt.Errorf("decode alert %q: %w", id, err)
		}
		a.Contacts = socialcrm.MergedContacts(a.Contacts, into, from)
		doc, err := json.Marshal(a)
		if err != nil {
			return 0, fmt.Errorf("encode alert %q: %w", id, err)
		}
		changes = append(changes, change{id, doc})
	}
	if err := rows.Err(); err != nil {
		return 0, err
	}
	for _, c := range changes {
		if _, err := tx.Exec(ctx, `UPDATE alerts SET doc = $2 WHERE id = $1`, c.id, c.doc); err != nil {
			return 0, err
		}
	}
	return len(changes), nil
}
