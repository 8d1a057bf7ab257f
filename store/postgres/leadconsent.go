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

var _ socialcrm.LeadConsentStore = (*Store)(nil)

// SetLeadConsent appends c to the lead's consent history.
func (s *Store) SetLeadConsent(ctx context.Context, c *socialcrm.Consent) error {
	if err := c.Validate(); err != nil {
		return fmt.Errorf("postgres: %w", err)
	}
	if c.LeadID == "" {
		return fmt.Errorf("postgres: lead consent: lead_id: want the lead: %w", socialcrm.ErrInvalid)
	}
	id := socialcrm.CleanText(c.LeadID)
	_, err := s.pool.Exec(ctx, `INSERT INTO lead_consent (lead_id, state, suppressed, source, by_actor, at)
		VALUES ($1, $2, $3, $4, $5, $6)`, id, c.State, c.Suppressed,
		socialcrm.CleanText(c.Source), socialcrm.CleanText(c.By), micro(c.At))
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "23503" { // foreign_key_violation
		return fmt.Errorf("postgres: consent of lead %q: %w", id, socialcrm.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("postgres: consent of lead %q: %w", id, err)
	}
	return nil
}

func scanLeadConsent(row pgx.CollectableRow) (*socialcrm.Consent, error) {
	var c socialcrm.Consent
	err := row.Scan(&c.LeadID, &c.State, &c.Suppressed, &c.Source, &c.By, &c.At)
	c.At = c.At.UTC()
	return &c, err
}

const leadConsentColumns = `lead_id, state, suppressed, source, by_actor, at`

// FindLeadConsent returns the lead's last recorded consent, or unknown.
func (s *Store) FindLeadConsent(ctx context.Context, leadID string) (*socialcrm.Consent, error) {
	id := socialcrm.CleanText(leadID)
	rows, _ := s.pool.Query(ctx, `SELECT l.id, h.state, h.suppressed, h.source, h.by_actor, h.at
		FROM leads l LEFT JOIN lead_consent_current h ON h.lead_id = l.id WHERE l.id = $1`, id)
	got, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (*socialcrm.Consent, error) {
		var c socialcrm.Consent
		var state, source, by *string
		var suppressed *bool
		var at *time.Time
		if err := row.Scan(&c.LeadID, &state, &suppressed, &source, &by, &at); err != nil {
			return nil, err
		}
		c.State = socialcrm.ConsentUnknown
		if state != nil {
			c.State, c.Suppressed, c.Source, c.By, c.At = *state, *suppressed, *source, *by, at.UTC()
		}
		return &c, nil
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: find consent of lead %q: %w", id, err)
	}
	if len(got) == 0 {
		return nil, fmt.Errorf("postgres: consent of lead %q: %w", id, socialcrm.ErrNotFound)
	}
	return got[0], nil
}

// FindLeadConsentHistory returns the lead's consent changes, oldest first.
func (s *Store) FindLeadConsentHistory(ctx context.Context, leadID string) ([]*socialcrm.Consent, error) {
	id := socialcrm.CleanText(leadID)
	rows, _ := s.pool.Query(ctx, `SELECT `+leadConsentColumns+` FROM lead_consent WHERE lead_id = $1 ORDER BY seq`, id)
	cs, err := pgx.CollectRows(rows, scanLeadConsent)
	if err != nil {
		return nil, fmt.Errorf("postgres: consent history of lead %q: %w", id, err)
	}
	return cs, nil
}

// FindUnprofiledLeads returns the current consent of the leads not
// profiled.
func (s *Store) FindUnprofiledLeads(ctx context.Context) ([]*socialcrm.Consent, error) {
	rows, _ := s.pool.Query(ctx, `SELECT `+leadConsentColumns+` FROM lead_consent_current
		WHERE state = 'withdrawn' OR suppressed ORDER BY lead_id`)
	cs, err := pgx.CollectRows(rows, scanLeadConsent)
	if err != nil {
		return nil, fmt.Errorf("postgres: find unprofiled leads: %w", err)
	}
	return cs, nil
}

// carryLeadConsent copies the lead's consent history to the contact's,
// each change keeping its seq and so its place among the contact's own.
func carryLeadConsent(ctx context.Context, tx pgx.Tx, leadID, contactID string) error {
	_, err := tx.Exec(ctx, `INSERT INTO contact_consent (seq, contact_id, state, suppressed, source, by_actor, at)
		OVERRIDING SYSTEM VALUE
		SELECT seq, $2, state, suppressed, source, by_actor, at FROM lead_consent WHERE lead_id = $1 ORDER BY seq`, leadID, contactID)
	return err
}
