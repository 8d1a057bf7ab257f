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

// testMentionsBySegment: MentionFilter.Segment selects the mentions
// linked to any member of the segment, as evaluated now, with the other
// filters and paging; an unknown segment is ErrNotFound.
func testMentionsBySegment(t *testing.T, open Open) {
	t.Parallel()
	s, ctx := open(t), context.Background()
	must(t, "contacts", s.SaveContacts(ctx, &socialcrm.Contact{ID: "c-v1", Name: "V1", Tags: []string{"vip"}},
		&socialcrm.Contact{ID: "c-v2", Name: "V2", Tags: []string{"vip"}}, &socialcrm.Contact{ID: "c-x", Name: "X"}))
	must(t, "CreateSegment", s.CreateSegment(ctx, &socialcrm.Segment{ID: "vip", Name: "VIPs", Rules: all(textCond(socialcrm.SegTag, "vip"))}))
	must(t, "CreateSegment", s.CreateSegment(ctx, &socialcrm.Segment{ID: "nobody", Name: "Nobody", Rules: all(textCond(socialcrm.SegTag, "none"))}))
	m := func(id, brand string, ago time.Duration, contacts ...string) *socialcrm.Mention {
		return &socialcrm.Mention{V: 1, ID: id, Source: "x", Brand: brand, Text: "text " + id, Author: socialcrm.Author{Handle: "h" + id},
			CreatedAt: at(time.Hour - ago), Contacts: contacts}
	}
	must(t, "mentions", s.SaveMentions(ctx, m("x:1", "acme", 5*time.Minute, "c-v1"), m("x:2", "acme", 4*time.Minute, "c-x", "c-v2"),
		m("x:3", "acme", 3*time.Minute, "c-x"), m("x:4", "globex", 2*time.Minute, "c-v1"), m("x:5", "acme", time.Minute)))
	find := func(seg string, brand *string, offset, limit int) ([]string, int, error) {
		t.Helper()
		ms, total, err := s.FindMentions(ctx, socialcrm.MentionFilter{Segment: &seg, Brand: brand, Offset: offset, Limit: limit})
		ids := []string{}
		for _, m := range ms {
			ids = append(ids, m.ID)
		}
		return ids, total, err
	}
	ids, total, err := find("vip", nil, 0, 10)
	must(t, "find vip", err)
	diff(t, "vip", []string{"x:4", "x:2", "x:1"}, ids)
	diff(t, "vip total", 3, total)
	ids, total, err = find("vip", ptr("acme"), 1, 1)
	must(t, "find vip of acme", err)
	diff(t, "vip of acme, second page", []string{"x:1"}, ids)
	diff(t, "vip of acme total", 2, total)
	ids, total, err = find("nobody", nil, 0, 10)
	must(t, "find nobody", err)
	diff(t, "no members", []string{}, ids)
	diff(t, "no members total", 0, total)
	_, _, err = find("gone", nil, 0, 10)
	wantErr(t, "unknown segment", err, socialcrm.ErrNotFound)
}
