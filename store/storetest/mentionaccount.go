package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
)

// testMentionsByAccount: MentionFilter.AccountID selects the mentions
// linked to any contact of the account, newest first, paged, with their
// total; an account without contacts has none.
func testMentionsByAccount(t *testing.T, open Open) {
	t.Parallel()
	s, ctx := open(t), context.Background()
	must(t, "accounts", s.SaveAccounts(ctx, &socialcrm.Account{ID: "acc-a", Name: "A"}, &socialcrm.Account{ID: "acc-b", Name: "B"},
		&socialcrm.Account{ID: "acc-empty", Name: "Empty"}))
	must(t, "contacts", s.SaveContacts(ctx, &socialcrm.Contact{ID: "c-a1", Name: "A1", AccountID: "acc-a"},
		&socialcrm.Contact{ID: "c-a2", Name: "A2", AccountID: "acc-a"}, &socialcrm.Contact{ID: "c-b1", Name: "B1", AccountID: "acc-b"},
		&socialcrm.Contact{ID: "c-none", Name: "None"}))
	m := func(id string, ago time.Duration, contacts ...string) *socialcrm.Mention {
		return &socialcrm.Mention{V: 1, ID: id, Source: "x", Brand: "acme", Text: "text " + id, Author: socialcrm.Author{Handle: "h" + id},
			CreatedAt: at(time.Hour - ago), Contacts: contacts}
	}
	must(t, "mentions", s.SaveMentions(ctx, m("x:1", 5*time.Minute, "c-a1"), m("x:2", 4*time.Minute, "c-a2", "c-b1"),
		m("x:3", 3*time.Minute, "c-b1"), m("x:4", 2*time.Minute, "c-none"), m("x:5", time.Minute, "c-a1", "c-a2"), m("x:6", 0)))
	find := func(acc string, offset, limit int, until *time.Time) ([]string, int) {
		t.Helper()
		ms, total, err := s.FindMentions(ctx, socialcrm.MentionFilter{AccountID: &acc, Offset: offset, Limit: limit, Until: until})
		must(t, "find mentions of "+acc, err)
		ids := []string{}
		for _, m := range ms {
			ids = append(ids, m.ID)
		}
		return ids, total
	}
	ids, total := find("acc-a", 0, 10, nil)
	diff(t, "acc-a", []string{"x:5", "x:2", "x:1"}, ids)
	diff(t, "acc-a total", 3, total)
	ids, total = find("acc-a", 1, 1, nil)
	diff(t, "acc-a second page", []string{"x:2"}, ids)
	diff(t, "acc-a total of a page", 3, total)
	ids, _ = find("acc-a", 0, 10, ptr(at(time.Hour-2*time.Minute)))
	diff(t, "acc-a until", []string{"x:2", "x:1"}, ids)
	ids, _ = find("acc-b", 0, 10, nil)
	diff(t, "acc-b", []string{"x:3", "x:2"}, ids)
	ids, total = find("acc-empty", 0, 10, nil)
	diff(t, "acc-empty", []string{}, ids)
	diff(t, "acc-empty total", 0, total)
}
