package crm_test

import (
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/crm"
)

func TestMatcher_Link(t *testing.T) {
	people := []crm.Person{
		{Name: "Alice", Identity: socialcrm.Identity{Network: "mastodon", Handle: "Alice@example.social", NativeID: "109001"}},
		{Name: "Bob", Identity: socialcrm.Identity{Network: "x", Handle: "bob"}},
	}
	_, contacts := crm.DemoRecords(people, 1, time.Unix(0, 0))
	m := crm.NewMatcher()
	for _, c := range contacts {
		m.Add(c)
	}
	tests := map[string]struct {
		mention socialcrm.Mention
		want    string
	}{
		"ByNativeID":     {socialcrm.Mention{Source: "mastodon", Author: socialcrm.Author{ID: "109001"}}, "c-001"},
		"ByHandleFolded": {socialcrm.Mention{Source: "mastodon", Author: socialcrm.Author{Handle: "@alice@EXAMPLE.social"}}, "c-001"},
		"OtherNetwork":   {socialcrm.Mention{Source: "bluesky", Author: socialcrm.Author{Handle: "bob"}}, ""},
		"ByHandle":       {socialcrm.Mention{Source: "x", Author: socialcrm.Author{ID: "77", Handle: "Bob"}}, "c-002"},
		"UnknownAuthor":  {socialcrm.Mention{Source: "x", Author: socialcrm.Author{Handle: "carol"}}, ""},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got := m.Link(&tc.mention)
			switch {
			case tc.want == "" && len(got) != 0:
				t.Fatalf("Link = %v, want none", got)
			case tc.want != "" && (len(got) != 1 || got[0] != tc.want):
				t.Fatalf("Link = %v, want [%s]", got, tc.want)
			}
		})
	}
}

func TestDemoRecords(t *testing.T) {
	var people []crm.Person
	for i := range 100 {
		people = append(people, crm.Person{Name: "P", Identity: socialcrm.Identity{Network: "x", Handle: string(rune('a'+i%26)) + "x"}})
	}
	accounts, contacts := crm.DemoRecords(people, 4, time.Unix(0, 0))
	if len(contacts) != 25 || len(accounts) == 0 {
		t.Fatalf("got %d contacts, %d accounts", len(contacts), len(accounts))
	}
	ids := map[string]bool{}
	for _, a := range accounts {
		ids[a.ID] = true
	}
	for _, c := range contacts {
		if !ids[c.AccountID] || len(c.Identities) != 1 {
			t.Fatalf("contact %+v", c)
		}
	}
}
