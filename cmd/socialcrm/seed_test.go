package main

import (
	"context"
	"log/slog"
	"strings"
	"testing"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/store/memory"
)

// TestSeedDemo_VariedPeople checks that the demo's contacts look like a
// CRM's: each its own name (not "Alice X."), varied first names, jobs and
// tags, spread over accounts of every tier.
func TestSeedDemo_VariedPeople(t *testing.T) {
	ctx := context.Background()
	st := memory.New()
	defer st.Close()
	if err := seedDemo(ctx, st, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatal(err)
	}
	cs, total, err := st.FindContacts(ctx, socialcrm.ContactFilter{Limit: -1})
	if err != nil {
		t.Fatal(err)
	}
	accs, err := st.FindAccounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tierOf := map[string]string{}
	for _, a := range accs {
		tierOf[a.ID] = a.Tier
	}
	names, firsts, titles, tags, tiers := map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}
	untagged := 0
	for _, c := range cs {
		if names[c.Name] {
			t.Errorf("two contacts are called %q", c.Name)
		}
		names[c.Name] = true
		first, last, _ := strings.Cut(c.Name, " ")
		if len(last) <= 2 || strings.HasSuffix(last, ".") {
			t.Errorf("contact %s is called %q: want a first and a last name", c.ID, c.Name)
		}
		firsts[first], titles[c.Title], tiers[tierOf[c.AccountID]] = true, true, true
		for _, tag := range c.Tags {
			tags[tag] = true
		}
		if len(c.Tags) == 0 {
			untagged++
		}
	}
	if total != 40 || len(firsts) < 20 || len(titles) < 10 || len(tags) < 6 || untagged > 0 || len(tiers) != 4 {
		t.Errorf("%d contacts: %d first names, %d titles, %d tags, %d untagged, tiers %v; want 40 contacts, at least 20 first names, 10 titles and 6 tags, all tagged, on all four tiers",
			total, len(firsts), len(titles), len(tags), untagged, tiers)
	}
}
