package postgres

import (
	"context"
	"fmt"
	"sort"

	"github.com/jackc/pgx/v5"

	"github.com/socialcrm/socialcrm"
)

// batchConflict returns ErrConflict naming both contacts when two contacts
// of one batch claim the same identity.
func batchConflict(final map[string]*socialcrm.Contact) error {
	ids := make([]string, 0, len(final))
	for id := range final {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	owners := map[string]string{}
	for _, id := range ids {
		for _, i := range final[id].Identities {
			for _, k := range i.UniqueKeys() {
				if owner, ok := owners[k]; ok && owner != id {
					return fmt.Errorf("postgres: contact %q: identity %s belongs to contact %q: %w", id, i.Key(), owner, socialcrm.ErrConflict)
				}
				owners[k] = id
			}
		}
	}
	return nil
}

// identityConflict finds which identity of the batch another contact owns
// and returns ErrConflict naming that contact.
func (s *Store) identityConflict(ctx context.Context, final map[string]*socialcrm.Contact, ids []string) error {
	for id, c := range final {
		for _, i := range c.Identities {
			var owner string
			err := s.pool.QueryRow(ctx, `SELECT contact_id FROM contact_identities
				WHERE network = $1 AND ((handle_key = $2 AND $2 <> '') OR (native_id = $3 AND $3 <> ''))
				AND NOT contact_id = ANY($4) LIMIT 1`, i.Network, socialcrm.HandleKey(i.Handle), i.NativeID, ids).Scan(&owner)
			if err == pgx.ErrNoRows {
				continue
			}
			if err != nil {
				return fmt.Errorf("postgres: save contacts: find identity owner: %w", err)
			}
			return fmt.Errorf("postgres: contact %q: identity %s belongs to contact %q: %w", id, i.Key(), owner, socialcrm.ErrConflict)
		}
	}
	return fmt.Errorf("postgres: save contacts: an identity belongs to another contact: %w", socialcrm.ErrConflict)
}
