package crm

import (
	"fmt"
	"slices"
	"time"

	"github.com/socialcrm/socialcrm"
)

// Person is someone with a social identity, for demo seeding.
type Person struct {
	Name     string
	Identity socialcrm.Identity
}

var demoAccounts = []struct {
	name, domain, tier string
	value              float64
}{
	{"Globex Corporation", "globex.example", socialcrm.TierPlatinum, 1_200_000},
	{"Initech", "initech.example", socialcrm.TierPlatinum, 860_000},
	{"Umbrella Travel", "umbrella.example", socialcrm.TierGold, 420_000},
	{"Hooli", "hooli.example", socialcrm.TierGold, 310_000},
	{"Vandelay Industries", "vandelay.example", socialcrm.TierGold, 240_000},
	{"Stark Logistics", "stark.example", socialcrm.TierSilver, 120_000},
	{"Wayne Foods", "wayne.example", socialcrm.TierSilver, 95_000},
	{"Soylent Retail", "soylent.example", socialcrm.TierSilver, 64_000},
	{"Wonka Sweets", "wonka.example", socialcrm.TierBronze, 18_000},
	{"Tyrell Design", "tyrell.example", socialcrm.TierBronze, 12_000},
	{"Cyberdyne Studio", "cyberdyne.example", socialcrm.TierBronze, 7_500},
	{"Private customers", "", socialcrm.TierBronze, 2_000},
}

// titles are the demo contacts' jobs; 13 of them against 12 accounts, so
// that one account's contacts do different jobs.
var titles = []string{"Head of Procurement", "CTO", "Travel Manager", "Marketing Lead", "Founder", "Software Engineer",
	"Operations Director", "Office Manager", "Head of Customer Success", "Finance Controller", "Product Manager",
	"Events Coordinator", "IT Administrator"}

// demoTags are the labels sales and support put on demo contacts: each
// contact gets one or two, the VIP tag on the most valuable accounts.
var demoTags = []string{"newsletter", "beta-tester", "event-2026", "reseller", "renewal-q1", "champion", "detractor", "trial"}

// tagsFor returns the n-th demo contact's tags.
func tagsFor(n int, tier string) []string {
	tags := []string{demoTags[n%len(demoTags)]}
	if n%3 == 0 {
		tags = append(tags, demoTags[(n*5+3)%len(demoTags)])
	}
	if tier == socialcrm.TierPlatinum {
		tags = append([]string{"vip"}, tags...)
	}
	return slices.Compact(tags)
}

// DemoRecords returns demo accounts and one contact for every n-th person,
// spread over the accounts (the most valuable accounts get the first
// contacts). The result is the same for the same input.
func DemoRecords(people []Person, every int, now time.Time) ([]*socialcrm.Account, []*socialcrm.Contact) {
	accounts := make([]*socialcrm.Account, len(demoAccounts))
	for i, a := range demoAccounts {
		accounts[i] = &socialcrm.Account{ID: fmt.Sprintf("acc-%02d", i+1), Name: a.name, Domain: a.domain,
			Tier: a.tier, Value: a.value, CreatedAt: now, UpdatedAt: now}
	}
	var contacts []*socialcrm.Contact
	for i := 0; i < len(people); i += every {
		p, n := people[i], len(contacts)
		acc := accounts[n%len(accounts)]
		email := ""
		if acc.Domain != "" {
			email = NormalizeHandle(p.Identity.Handle) + "@" + acc.Domain
		}
		contacts = append(contacts, &socialcrm.Contact{
			ID: fmt.Sprintf("c-%03d", n+1), Name: p.Name, Email: email, Title: titles[n%len(titles)],
			AccountID: acc.ID, Tags: tagsFor(n, acc.Tier), Identities: []socialcrm.Identity{p.Identity}, CreatedAt: now, UpdatedAt: now,
		})
	}
	return accounts, contacts
}
