package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/socialcrm/socialcrm"
)

var _ socialcrm.ConsentStore = (*Store)(nil)

// SetConsent appends c to the contact's consent history.
func (s *Store) SetConsent(ctx context.Context, c *socialcrm.Consent) error {
	if err := c.Validate(); err != nil {
		return fmt.Errorf("postgres: %w", err)
	}
	if c.LeadID != "" {
		return fmt.Errorf("postgres: consent of lead %q: want SetLeadConsent: %w", c.LeadID, socialcrm.ErrInvalid)
	}
	id := socialcrm.CleanText(c.ContactID)
	_, err := s.pool.Exec(ctx, `INSERT INTO contact_consent (contact_id, state, suppressed, source, by_actor, at)
		VALUES ($1, $2, $3, $4, $5, $6)`, id, c.State, c.Suppressed,
		socialcrm.CleanText(c.Source), socialcrm.CleanText(c.By), micro(c.At))
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "23503" { // foreign_key_violation
		return fmt.Errorf("postgres: consent of contact %q: %w", id, socialcrm.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("postgres: consent of contact %q: %w", id, err)
	}
	return nil
}

const consentColumns = `contact_id, state, suppressed, source, by_actor, at`

func scanConsent(row pgx.CollectableRow) (*socialcrm.Consent, error) {
	var c socialcrm.Consent
	err := row.Scan(&c.ContactID, &c.State, &c.Suppressed, &c.Source, &c.By, &c.At)
	c.At = c.At.UTC()
	return &c, err
}

// FindConsent returns the contact's last recorded consent, or unknown.
func (s *Store) FindConsent(ctx context.Context, contactID string) (*socialcrm.Consent, error) {
	id := socialcrm.CleanText(contactID)
	rows, _ := s.pool.Query(ctx, `SELECT c.id, h.state, h.suppressed, h.source, h.by_actor, h.at
		FROM contacts c LEFT JOIN contact_consent_current h ON h.contact_id = c.id WHERE c.id = $1`, id)
	got, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (*socialcrm.Consent, error) {
		var c socialcrm.Consent
		var state, source, by *string
		var suppressed *bool
		var at *time.Time
		if err := row.Scan(&c.ContactID, &state, &suppressed, &source, &by, &at); err != nil {
			return nil, err
		}
		c.State = socialcrm.ConsentUnknown
		if state != nil {
			c.State, c.Suppressed, c.Source, c.By, c.At = *state, *suppressed, *source, *by, at.UTC()
		}
		return &c, nil
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: find consent of contact %q: %w", id, err)
	}
	if len(got) == 0 {
		return nil, fmt.Errorf("postgres: consent of contact %q: %w", id, socialcrm.ErrNotFound)
	}
	return got[0], nil
}

// FindConsentHistory returns the contact's consent changes, oldest first.
func (s *Store) FindConsentHistory(ctx context.Context, contactID string) ([]*socialcrm.Consent, error) {
	id := socialcrm.CleanText(contactID)
	rows, _ := s.pool.Query(ctx, `SELECT `+consentColumns+` FROM contact_consent WHERE contact_id = $1 ORDER BY seq`, id)
	cs, err := pgx.CollectRows(rows, scanConsent)
	if err != nil {
		return nil, fmt.Errorf("postgres: consent history of contact %q: %w", id, err)
	}
	return cs, nil
}

// FindUnprofiled returns the current consent of the contacts not profiled.
func (s *Store) FindUnprofiled(ctx context.Context) ([]*socialcrm.Consent, error) {
	rows, _ := s.pool.Query(ctx, `SELECT `+consentColumns+` FROM contact_consent_current
		WHERE state = 'withdrawn' OR suppressed ORDER BY contact_id`)
	cs, err := pgx.CollectRows(rows, scanConsent)
	if err != nil {
		return nil, fmt.Errorf("postgres: find unprofiled contacts: %w", err)
	}
	return cs, nil
}
