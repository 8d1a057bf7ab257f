package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

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
	return s.setConsent(ctx, leadConsent, c)
}

// FindLeadConsent returns the lead's last recorded consent, or unknown.
func (s *Store) FindLeadConsent(ctx context.Context, leadID string) (*socialcrm.Consent, error) {
	return s.findConsent(ctx, leadConsent, leadID)
}

// FindLeadConsentHistory returns the lead's consent changes, oldest first.
func (s *Store) FindLeadConsentHistory(ctx context.Context, leadID string) ([]*socialcrm.Consent, error) {
	return s.findConsentHistory(ctx, leadConsent, leadID)
}

// FindUnprofiledLeads returns the current consent of the leads not
// profiled.
func (s *Store) FindUnprofiledLeads(ctx context.Context) ([]*socialcrm.Consent, error) {
	return s.findUnprofiled(ctx, leadConsent)
}

// carryLeadConsent copies the lead's consent history to the contact's,
// each change keeping its seq and so its place among the contact's own.
func carryLeadConsent(ctx context.Context, tx pgx.Tx, leadID, contactID string) error {
	_, err := tx.Exec(ctx, `INSERT INTO contact_consent (seq, contact_id, state, suppressed, source, by_actor, at)
		OVERRIDING SYSTEM VALUE
		SELECT seq, $2, state, suppressed, source, by_actor, at FROM lead_consent WHERE lead_id = $1 ORDER BY seq`, leadID, contactID)
	return err
}
