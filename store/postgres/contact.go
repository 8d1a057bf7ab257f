package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/socialcrm/socialcrm"
)

// checkContact reports why c cannot be stored, if it cannot.
func checkContact(c *socialcrm.Contact) error {
	if c == nil {
		return socialcrm.Invalidf("postgres: nil contact")
	}
	if err := c.Validate(); err != nil {
		return fmt.Errorf("postgres: %w", err)
	}
	seen := map[string]bool{}
	for _, i := range c.Identities {
		for _, k := range i.UniqueKeys() {
			if seen[k] {
				return socialcrm.Invalidf("postgres: contact %q: identity %s listed twice", c.ID, i.Key())
			}
			seen[k] = true
		}
	}
	return nil
}

// nullTime returns nil (NULL) for the zero time.
func nullTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// SaveContacts upserts contacts by ID, identities included, in one
// transaction. It returns ErrConflict, saving nothing, when an identity
// belongs to another contact.
func (s *Store) SaveContacts(ctx context.Context, cs ...*socialcrm.Contact) error {
	cs = socialcrm.CleanContacts(cs)
	for _, c := range cs {
		if err := checkContact(c); err != nil {
			return err
		}
	}
	if len(cs) == 0 {
		return nil
	}
	ids := make([]string, len(cs))
	final := map[string]*socialcrm.Contact{}
	for i, c := range cs {
		ids[i], final[c.ID] = c.ID, c
	}
	if err := batchConflict(final); err != nil {
		return err
	}
	var idn struct{ contact, network, handle, key, native []string }
	var pos []int32
	b := &pgx.Batch{}
	b.Queue(`DELETE FROM contact_identities WHERE contact_id = ANY($1)`, ids)
	for _, c := range cs {
		b.Queue(`INSERT INTO contacts (id, name, email, phone, title, account_id, tags, created_at, updated_at, lifecycle, owner)
			VALUES ($1, $2, $3, $4, $5, $6, $7, COALESCE($8, now()), COALESCE($9, now()), $10, $11)
			ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, email = EXCLUDED.email,
			phone = EXCLUDED.phone, title = EXCLUDED.title, account_id = EXCLUDED.account_id,
			tags = EXCLUDED.tags, updated_at = EXCLUDED.updated_at, lifecycle = EXCLUDED.lifecycle, owner = EXCLUDED.owner,
			created_at = CASE WHEN $8::timestamptz IS NULL THEN contacts.created_at ELSE EXCLUDED.created_at END`,
			c.ID, c.Name, c.Email, c.Phone, c.Title, c.AccountID, nonNil(c.Tags), nullTime(c.CreatedAt), nullTime(c.UpdatedAt),
			c.Lifecycle, c.Owner)
	}
	for id, c := range final {
		for p, i := range c.Identities {
			idn.contact, idn.network, idn.handle = append(idn.contact, id), append(idn.network, i.Network), append(idn.handle, i.Handle)
			idn.key, idn.native, pos = append(idn.key, socialcrm.HandleKey(i.Handle)), append(idn.native, i.NativeID), append(pos, int32(p))
		}
	}
	b.Queue(`INSERT INTO contact_identities (contact_id, position, network, handle, handle_key, native_id)
		SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[])`,
		idn.contact, pos, idn.network, idn.handle, idn.key, idn.native)
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error { return tx.SendBatch(ctx, b).Close() })
	if _, ok := uniqueViolation(err); ok {
		return s.identityConflict(ctx, final, ids)
	}
	if err != nil {
		return fmt.Errorf("postgres: save %d contacts: %w", len(cs), rejected(err))
	}
	return nil
}

// selectContacts reads contacts (as c) with their identities in order.
const selectContacts = `SELECT c.id, c.name, c.email, c.phone, c.title, c.account_id, c.tags,
	c.created_at, c.updated_at, c.lifecycle, c.owner,
	COALESCE((SELECT json_agg(json_build_object('network', i.network, 'handle', i.handle,
		'native_id', i.native_id) ORDER BY i.position)
		FROM contact_identities i WHERE i.contact_id = c.id), '[]')
	FROM contacts c`

func scanContact(row pgx.CollectableRow) (*socialcrm.Contact, error) {
	var c socialcrm.Contact
	var idents []byte
	if err := row.Scan(&c.ID, &c.Name, &c.Email, &c.Phone, &c.Title, &c.AccountID, &c.Tags,
		&c.CreatedAt, &c.UpdatedAt, &c.Lifecycle, &c.Owner, &idents); err != nil {
		return nil, err
	}
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	if len(c.Tags) == 0 {
		c.Tags = nil
	}
	if err := json.Unmarshal(idents, &c.Identities); err != nil {
		return nil, fmt.Errorf("contact %q: identities: %w", c.ID, err)
	}
	if len(c.Identities) == 0 {
		c.Identities = nil
	}
	return &c, nil
}

// FindContactByID returns the contact with that ID, or ErrNotFound.
func (s *Store) FindContactByID(ctx context.Context, id string) (*socialcrm.Contact, error) {
	rows, _ := s.pool.Query(ctx, selectContacts+` WHERE c.id = $1`, socialcrm.CleanText(id))
	c, err := pgx.CollectExactlyOneRow(rows, scanContact)
	if err != nil {
		return nil, notFound(err, "contact", id)
	}
	return c, nil
}

// FindContacts returns the matching contacts ordered by name, then ID, and
// their total.
func (s *Store) FindContacts(ctx context.Context, f socialcrm.ContactFilter) ([]*socialcrm.Contact, int, error) {
	offset, limit, err := page(f.Offset, f.Limit, true)
	if err != nil {
		return nil, 0, err
	}
	var w where
	if f.AccountID != nil {
		w.add("c.account_id = %s", *f.AccountID)
	}
	if f.Query != nil {
		q := strings.ToLower(*f.Query)
		w.add(`(strpos(lower(c.name), %[1]s) > 0 OR strpos(lower(c.email), %[1]s) > 0 OR EXISTS (
			SELECT 1 FROM contact_identities i WHERE i.contact_id = c.id AND strpos(i.handle_key, %[2]s) > 0))`,
			q, strings.TrimPrefix(q, "@"))
	}
	var cs []*socialcrm.Contact
	total, err := s.findPage(ctx, "contacts c", w, "c.name, c.id", offset, limit, selectContacts, func(rows pgx.Rows) error {
		var err error
		cs, err = pgx.CollectRows(rows, scanContact)
		return err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("postgres: find contacts: %w", err)
	}
	return cs, total, nil
}

// DeleteContact removes a contact and its identities.
func (s *Store) DeleteContact(ctx context.Context, id string) error {
	tag, err := s.pool.Exec(ctx, `DELETE FROM contacts WHERE id = $1`, socialcrm.CleanText(id))
	if err != nil {
		return fmt.Errorf("postgres: delete contact %q: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("postgres: delete contact %q: %w", id, socialcrm.ErrNotFound)
	}
	return nil
}
