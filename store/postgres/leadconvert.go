package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/socialcrm/socialcrm"
)

// ConvertLead turns a lead into a contact, an account and an optional
// opportunity in one transaction, the lead's row locked: a failure at any
// step rolls every step back.
func (s *Store) ConvertLead(ctx context.Context, c socialcrm.LeadConversion) (*socialcrm.Lead, error) {
	var out *socialcrm.Lead
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		l, err := lockLead(ctx, tx, c.LeadID)
		if err != nil {
			return err
		}
		if !socialcrm.Converting(l.Status) {
			return fmt.Errorf("postgres: lead %q is %s and cannot be converted: %w", l.ID, l.Status, socialcrm.ErrConflict)
		}
		accountID, err := convertAccount(ctx, tx, c)
		if err != nil {
			return err
		}
		contactID, err := convertContact(ctx, tx, c, l, accountID)
		if err != nil {
			return err
		}
		if err := carryLeadConsent(ctx, tx, l.ID, contactID); err != nil {
			return fmt.Errorf("postgres: convert lead %q: carry its consent: %w", l.ID, err)
		}
		// The lead's mentions are the contact's now.
		if _, err := tx.Exec(ctx, `UPDATE mentions SET contacts = array_append(contacts, $1)
			WHERE id = ANY($2) AND NOT deleted AND NOT ($1 = ANY(contacts)) AND cardinality(contacts) < $3`,
			contactID, nonNil(l.Mentions), socialcrm.MaxListLen); err != nil {
			return fmt.Errorf("postgres: convert lead %q: link its mentions: %w", l.ID, rejected(err))
		}
		l.Status, l.Reason, l.Identities = socialcrm.LeadConverted, "", nil
		l.ContactID, l.AccountID, l.ConvertedBy = contactID, accountID, c.By
		at := micro(c.At)
		l.ConvertedAt = &at
		if c.Opportunity != nil {
			if err := c.Opportunity.Validate(); err != nil {
				return fmt.Errorf("postgres: convert lead: %w", err)
			}
			if err := insertOpportunity(ctx, tx, c.Opportunity); err != nil {
				return err
			}
			l.OpportunityID = c.Opportunity.ID
		}
		if err := l.Validate(); err != nil {
			return fmt.Errorf("postgres: convert lead: %w", err)
		}
		if err := updateLead(ctx, tx, l); err != nil {
			return err
		}
		out, err = lockLead(ctx, tx, l.ID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// convertAccount creates the conversion's new account, or checks that the
// linked one exists, and returns its ID.
func convertAccount(ctx context.Context, tx pgx.Tx, c socialcrm.LeadConversion) (string, error) {
	if c.Account == nil {
		return c.AccountID, accountExists(ctx, tx, fmt.Sprintf("convert lead %q", c.LeadID), c.AccountID)
	}
	a := socialcrm.CleanAccounts([]*socialcrm.Account{c.Account})[0]
	if err := checkAccount(a); err != nil {
		return "", err
	}
	tag, err := tx.Exec(ctx, `INSERT INTO accounts (id, name, domain, tier, value, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, now(), now()) ON CONFLICT (id) DO NOTHING`, a.ID, a.Name, a.Domain, a.Tier, a.Value)
	if err != nil {
		return "", fmt.Errorf("postgres: create account %q: %w", a.ID, rejected(err))
	}
	if tag.RowsAffected() == 0 {
		return "", fmt.Errorf("postgres: account %q already exists: %w", a.ID, socialcrm.ErrConflict)
	}
	return a.ID, nil
}

// convertContact creates the contact the lead becomes, or adds the lead's
// identities to the linked one, and returns its ID.
func convertContact(ctx context.Context, tx pgx.Tx, c socialcrm.LeadConversion, l *socialcrm.Lead, accountID string) (string, error) {
	var contact *socialcrm.Contact
	if c.Contact != nil {
		contact = socialcrm.CleanContacts([]*socialcrm.Contact{c.Contact})[0]
		var taken bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM contacts WHERE id = $1)`, contact.ID).Scan(&taken); err != nil {
			return "", fmt.Errorf("postgres: convert lead %q: find contact: %w", l.ID, err)
		}
		if taken {
			return "", fmt.Errorf("postgres: contact %q already exists: %w", contact.ID, socialcrm.ErrConflict)
		}
	} else {
		rows, _ := tx.Query(ctx, selectContacts+` WHERE c.id = $1 FOR UPDATE OF c`, socialcrm.CleanText(c.ContactID))
		old, err := pgx.CollectExactlyOneRow(rows, scanContact)
		if errors.Is(err, pgx.ErrNoRows) {
			return "", socialcrm.Invalidf("postgres: convert lead %q: contact %q does not exist", l.ID, c.ContactID)
		}
		if err != nil {
			return "", fmt.Errorf("postgres: convert lead %q: find contact: %w", l.ID, err)
		}
		contact = old
		if contact.AccountID == "" {
			contact.AccountID = accountID
		}
	}
	contact.Identities = socialcrm.MergeIdentities(contact.Identities, l.Identities)
	if err := checkContact(contact); err != nil {
		return "", err
	}
	if err := identityOwner(ctx, tx, contact); err != nil {
		return "", err
	}
	b := &pgx.Batch{}
	b.Queue(`INSERT INTO contacts (id, name, email, phone, title, account_id, tags, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, now(), now())
		ON CONFLICT (id) DO UPDATE SET account_id = EXCLUDED.account_id, updated_at = now()`,
		contact.ID, contact.Name, contact.Email, contact.Phone, contact.Title, contact.AccountID, nonNil(contact.Tags))
	b.Queue(`DELETE FROM contact_identities WHERE contact_id = $1`, contact.ID)
	for p, i := range contact.Identities {
		b.Queue(`INSERT INTO contact_identities (contact_id, position, network, handle, handle_key, native_id)
			VALUES ($1, $2, $3, $4, $5, $6)`, contact.ID, p, i.Network, i.Handle, socialcrm.HandleKey(i.Handle), i.NativeID)
	}
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		if _, ok := uniqueViolation(err); ok {
			return "", fmt.Errorf("postgres: contact %q: an identity of lead %q belongs to another contact: %w", contact.ID, l.ID, socialcrm.ErrConflict)
		}
		return "", fmt.Errorf("postgres: convert lead %q: save contact %q: %w", l.ID, contact.ID, rejected(err))
	}
	return contact.ID, nil
}

// identityOwner returns ErrConflict naming the contact other than c that
// owns one of c's identities, if any.
func identityOwner(ctx context.Context, tx pgx.Tx, c *socialcrm.Contact) error {
	for _, i := range c.Identities {
		var owner string
		err := tx.QueryRow(ctx, `SELECT contact_id FROM contact_identities
			WHERE network = $1 AND ((handle_key = $2 AND $2 <> '') OR (native_id = $3 AND $3 <> ''))
			AND contact_id <> $4 LIMIT 1`, i.Network, socialcrm.HandleKey(i.Handle), i.NativeID, c.ID).Scan(&owner)
		if err == pgx.ErrNoRows {
			continue
		}
		if err != nil {
			return fmt.Errorf("postgres: contact %q: find identity owner: %w", c.ID, err)
		}
		return fmt.Errorf("postgres: contact %q: identity %s belongs to contact %q: %w", c.ID, i.Key(), owner, socialcrm.ErrConflict)
	}
	return nil
}
