package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/collectors/synthetic"
	"github.com/socialcrm/socialcrm/crm"
)

// demoSeed is the seed of the demo's synthetic authors; contacts are made
// for some of them so that the demo links mentions to CRM records.
const demoSeed = 1

// seedDemo saves demo accounts and contacts when the store has none.
func seedDemo(ctx context.Context, st socialcrm.Store, log *slog.Logger) error {
	_, n, err := st.FindContacts(ctx, socialcrm.ContactFilter{Limit: 1})
	if err != nil {
		return fmt.Errorf("seed demo contacts: %w", err)
	}
	if n > 0 {
		return nil
	}
	var people []crm.Person
	for _, p := range synthetic.NewGenerator(demoSeed).People() {
		people = append(people, crm.Person{Name: p.Name,
			Identity: socialcrm.Identity{Network: p.Network, Handle: p.Handle, NativeID: p.ID}})
	}
	accounts, contacts := crm.DemoRecords(people, synthetic.CustomerEvery, time.Now().UTC())
	if err := st.SaveAccounts(ctx, accounts...); err != nil {
		return fmt.Errorf("seed demo accounts: %w", err)
	}
	if err := st.SaveContacts(ctx, contacts...); err != nil {
		return fmt.Errorf("seed demo contacts: %w", err)
	}
	log.Info("seeded demo CRM records", "accounts", len(accounts), "contacts", len(contacts))
	return nil
}
