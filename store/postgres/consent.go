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

// consentOf names the tables that hold one kind of record's consent: the
// records, the history and its current view, and the column of the
// record's id; id points at the field of a Consent that holds it.
type consentOf struct {
	kind, records, history, current, column string
	id                                      func(*socialcrm.Consent) *string
}

var (
	contactConsent = consentOf{"contact", "contacts", "contact_consent", "contact_consent_current", "contact_id",
		func(c *socialcrm.Consent) *string { return &c.ContactID }}
	leadConsent = consentOf{"lead", "leads", "lead_consent", "lead_consent_current", "lead_id",
		func(c *socialcrm.Consent) *string { return &c.LeadID }}
)

// SetConsent appends c to the contact's consent history.
func (s *Store) SetConsent(ctx context.Context, c *socialcrm.Consent) error {
	if err := c.Validate(); err != nil {
		return fmt.Errorf("postgres: %w", err)
	}
	if c.LeadID != "" {
		return fmt.Errorf("postgres: consent of lead %q: want SetLeadConsent: %w", c.LeadID, socialcrm.ErrInvalid)
	}
	return s.setConsent(ctx, contactConsent, c)
}

// setConsent appends c to the consent history of its record of kind k.
func (s *Store) setConsent(ctx context.Context, k consentOf, c *socialcrm.Consent) error {
	id := socialcrm.CleanText(*k.id(c))
	_, err := s.pool.Exec(ctx, `INSERT INTO `+k.history+` (`+k.column+`, state, suppressed, source, by_actor, at)
		VALUES ($1, $2, $3, $4, $5, $6)`, id, c.State, c.Suppressed,
		socialcrm.CleanText(c.Source), socialcrm.CleanText(c.By), micro(c.At))
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "23503" { // foreign_key_violation
		return fmt.Errorf("postgres: consent of %s %q: %w", k.kind, id, socialcrm.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("postgres: consent of %s %q: %w", k.kind, id, err)
	}
	return nil
}

// columns are the consent columns that scan reads, in its order.
func (k consentOf) columns() string { return k.column + `, state, suppressed, source, by_actor, at` }

func (k consentOf) scan(row pgx.CollectableRow) (*socialcrm.Consent, error) {
	var c socialcrm.Consent
	err := row.Scan(k.id(&c), &c.State, &c.Suppressed, &c.Source, &c.By, &c.At)
	c.At = c.At.UTC()
	return &c, err
}

// FindConsent returns the contact's last recorded consent, or unknown.
func (s *Store) FindConsent(ctx context.Context, contactID string) (*socialcrm.Consent, error) {
	return s.findConsent(ctx, contactConsent, contactID)
}

// findConsent returns the last recorded consent of the record of kind k,
// or unknown; ErrNotFound when there is no such record.
func (s *Store) findConsent(ctx context.Context, k consentOf, recordID string) (*socialcrm.Consent, error) {
	id := socialcrm.CleanText(recordID)
	rows, _ := s.pool.Query(ctx, `SELECT r.id, h.state, h.suppressed, h.source, h.by_actor, h.at
		FROM `+k.records+` r LEFT JOIN `+k.current+` h ON h.`+k.column+` = r.id WHERE r.id = $1`, id)
	got, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (*socialcrm.Consent, error) {
		var c socialcrm.Consent
		var state, source, by *string
		var suppressed *bool
		var at *time.Time
		if err := row.Scan(k.id(&c), &state, &suppressed, &source, &by, &at); err != nil {
			return nil, err
		}
		c.State = socialcrm.ConsentUnknown
		if state != nil {
			c.State, c.Suppressed, c.Source, c.By, c.At = *state, *suppressed, *source, *by, at.UTC()
		}
		return &c, nil
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: find consent of %s %q: %w", k.kind, id, err)
	}
	if len(got) == 0 {
		return nil, fmt.Errorf("postgres: consent of %s %q: %w", k.kind, id, socialcrm.ErrNotFound)
	}
	return got[0], nil
}

// FindConsentHistory returns the contact's consent changes, oldest first.
func (s *Store) FindConsentHistory(ctx context.Context, contactID string) ([]*socialcrm.Consent, error) {
	return s.findConsentHistory(ctx, contactConsent, contactID)
}

func (s *Store) findConsentHistory(ctx context.Context, k consentOf, recordID string) ([]*socialcrm.Consent, error) {
	id := socialcrm.CleanText(recordID)
	rows, _ := s.pool.Query(ctx, `SELECT `+k.columns()+` FROM `+k.history+` WHERE `+k.column+` = $1 ORDER BY seq`, id)
	cs, err := pgx.CollectRows(rows, k.scan)
	if err != nil {
		return nil, fmt.Errorf("postgres: consent history of %s %q: %w", k.kind, id, err)
	}
	return cs, nil
}

// FindUnprofiled returns the current consent of the contacts not profiled.
func (s *Store) FindUnprofiled(ctx context.Context) ([]*socialcrm.Consent, error) {
	return s.findUnprofiled(ctx, contactConsent)
}

func (s *Store) findUnprofiled(ctx context.Context, k consentOf) ([]*socialcrm.Consent, error) {
	rows, _ := s.pool.Query(ctx, `SELECT `+k.columns()+` FROM `+k.current+`
		WHERE state = 'withdrawn' OR suppressed ORDER BY `+k.column)
	cs, err := pgx.CollectRows(rows, k.scan)
	if err != nil {
		return nil, fmt.Errorf("postgres: find unprofiled %ss: %w", k.kind, err)
	}
	return cs, nil
}
