package crm_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/crm"
	"github.com/socialcrm/socialcrm/store/memory"
	"github.com/socialcrm/socialcrm/store/postgres/pgtest"
)

// timelineStores are the stores a timeline is tested on.
func timelineStores(t *testing.T) map[string]socialcrm.Store {
	return map[string]socialcrm.Store{"memory": memory.New(), "postgres": pgtest.MustOpenTestDB(t, pgtest.DSN(t))}
}

// seedTimeline stores, for contact c1 of account acc1: a mention, a case
// opened and resolved, notes (several at one instant, so that pages cut
// between items of one time), audit entries of the contact and one of an
// activity added to it, which the timeline leaves out. It returns the IDs
// the contact's timeline must list, newest first.
func seedTimeline(t *testing.T, st socialcrm.Store) []string {
	t.Helper()
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(st.SaveAccounts(ctx, &socialcrm.Account{ID: "acc1", Name: "Globex"}))
	must(st.SaveContacts(ctx, &socialcrm.Contact{ID: "c1", Name: "Alice", AccountID: "acc1",
		Identities: []socialcrm.Identity{{Network: "x", Handle: "alice"}}}))
	must(st.SaveMentions(ctx, &socialcrm.Mention{ID: "x:1", Source: "x", Brand: "acme", Text: "where is my order?",
		Author: socialcrm.Author{Handle: "alice"}, Contacts: []string{"c1"}, CreatedAt: t0}))
	resolved := t0.Add(3 * time.Hour)
	must(st.SaveCase(ctx, &socialcrm.Case{ID: "case-1", Key: "acme|x|c1", Brand: "acme", Channel: "x", ContactID: "c1",
		AccountID: "acc1", Kind: socialcrm.CaseQuestion, Status: socialcrm.CaseResolved, Subject: "where is my order?",
		Mentions: []string{"x:1"}, MentionCount: 1, OpenedAt: t0.Add(time.Minute), LastMentionAt: t0,
		DueAt: t0.Add(time.Hour), ResolvedAt: &resolved}))
	same := t0.Add(time.Hour)
	for i := range 7 {
		must(st.CreateActivity(ctx, &socialcrm.Activity{ID: fmt.Sprintf("act-%d", i), Kind: socialcrm.ActivityNote,
			Body: "note", RecordKind: socialcrm.RecordContact, RecordID: "c1", Author: "u-ana", CreatedAt: same}))
	}
	must(st.CreateActivity(ctx, &socialcrm.Activity{ID: "act-acc", Kind: socialcrm.ActivityCall, Subject: "call",
		RecordKind: socialcrm.RecordAccount, RecordID: "acc1", Author: "u-ana", CreatedAt: same}))
	for i, action := range []string{"PATCH /contacts/{id}", "GET /contacts/{id}/export", "POST /contacts/{id}/activities"} {
		must(st.AppendAudit(ctx, &socialcrm.AuditEntry{ID: fmt.Sprintf("au-%d", i), At: same, Actor: "u-ana",
			Action: action, Target: "contacts/c1"}))
	}
	return []string{"case-1", "au-1", "au-0", "act-6", "act-5", "act-4", "act-3", "act-2", "act-1", "act-0", "case-1", "x:1"}
}

func TestTimeline_Pages(t *testing.T) {
	for name, st := range timelineStores(t) {
		t.Run(name, func(t *testing.T) {
			want := seedTimeline(t, st)
			tl := &crm.Timeline{Store: st}
			ctx := context.Background()
			all, next, err := tl.Timeline(ctx, socialcrm.RecordContact, "c1", nil, crm.MaxTimelinePage)
			if err != nil || next != nil {
				t.Fatalf("whole timeline: next %v, err %v", next, err)
			}
			if got := timelineIDs(all); !slices.Equal(got, want) {
				t.Fatalf("timeline = %v, want %v", got, want)
			}
			if all[0].Kind != socialcrm.TimelineCaseResolved || all[len(all)-2].Kind != socialcrm.TimelineCaseOpened ||
				all[len(all)-1].Mention == nil || all[1].Change == nil || all[1].Change.Action != "GET /contacts/{id}/export" {
				t.Errorf("timeline items: %+v", all)
			}
			for _, size := range []int{1, 2, 3, 5} {
				var paged []socialcrm.TimelineItem
				var cursor *socialcrm.TimelineCursor
				for pages := 0; ; pages++ {
					if pages > len(want) {
						t.Fatalf("page size %d: no end after %d pages", size, pages)
					}
					// The cursor goes through its text form, as a client sends it back.
					if cursor != nil {
						c, err := socialcrm.ParseTimelineCursor(cursor.String())
						if err != nil {
							t.Fatal(err)
						}
						cursor = &c
					}
					items, next, err := tl.Timeline(ctx, socialcrm.RecordContact, "c1", cursor, size)
					if err != nil {
						t.Fatal(err)
					}
					if len(items) > size || (next != nil && len(items) != size) {
						t.Fatalf("page size %d: %d items, next %v", size, len(items), next)
					}
					paged = append(paged, items...)
					if next == nil {
						break
					}
					cursor = next
				}
				if got := timelineIDs(paged); !slices.Equal(got, want) {
					t.Errorf("page size %d: timeline = %v, want %v", size, got, want)
				}
			}
			// The account's timeline lists its contacts' mentions, not
			// those of other people, a page at a time.
			if err := st.SaveContacts(ctx, &socialcrm.Contact{ID: "c2", Name: "Bob", AccountID: "acc1"},
				&socialcrm.Contact{ID: "c3", Name: "Carol"}); err != nil {
				t.Fatal(err)
			}
			if err := st.SaveMentions(ctx,
				&socialcrm.Mention{ID: "x:2", Source: "x", Brand: "acme", Text: "bob here", Author: socialcrm.Author{Handle: "bob"},
					Contacts: []string{"c2"}, CreatedAt: t0.Add(2 * time.Hour)},
				&socialcrm.Mention{ID: "x:3", Source: "x", Brand: "acme", Text: "carol here", Author: socialcrm.Author{Handle: "carol"},
					Contacts: []string{"c3"}, CreatedAt: t0.Add(2 * time.Hour)}); err != nil {
				t.Fatal(err)
			}
			wantAcc := []string{"case-1", "x:2", "act-acc", "case-1", "x:1"}
			acc, _, err := tl.Timeline(ctx, socialcrm.RecordAccount, "acc1", nil, 50)
			if err != nil {
				t.Fatal(err)
			}
			if got := timelineIDs(acc); !slices.Equal(got, wantAcc) {
				t.Errorf("account timeline = %v, want %v", got, wantAcc)
			}
			var paged []socialcrm.TimelineItem
			var cursor *socialcrm.TimelineCursor
			for range len(wantAcc) + 1 {
				items, next, err := tl.Timeline(ctx, socialcrm.RecordAccount, "acc1", cursor, 2)
				if err != nil {
					t.Fatal(err)
				}
				paged = append(paged, items...)
				if cursor = next; next == nil {
					break
				}
			}
			if got := timelineIDs(paged); !slices.Equal(got, wantAcc) {
				t.Errorf("account timeline by pages of 2 = %v, want %v", got, wantAcc)
			}
			for _, bad := range []int{0, -1, crm.MaxTimelinePage + 1} {
				if _, _, err := tl.Timeline(ctx, socialcrm.RecordContact, "c1", nil, bad); err == nil {
					t.Errorf("limit %d: no error", bad)
				}
			}
		})
	}
}

func timelineIDs(items []socialcrm.TimelineItem) []string {
	ids := []string{}
	for _, i := range items {
		ids = append(ids, i.ID)
	}
	return ids
}

func TestParseTimelineCursor_Invalid(t *testing.T) {
	for _, s := range []string{"", "x", "bm8gbmV3bGluZXM", socialcrm.TimelineCursor{At: t0, Kind: "a", ID: "b"}.String() + "!"} {
		if _, err := socialcrm.ParseTimelineCursor(s); err == nil {
			t.Errorf("cursor %q: no error", s)
		}
	}
}
