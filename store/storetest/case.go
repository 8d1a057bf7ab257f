package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
)

// kase returns an open complaint of contact c-<party> about acme on
// mastodon, opened at opened and due an hour later.
func kase(id, party string, opened time.Time) *socialcrm.Case {
	return &socialcrm.Case{
		ID: id, Key: socialcrm.CaseKey("acme", "mastodon", "c-"+party), Brand: "acme", Channel: "mastodon",
		ContactID: "c-" + party, AccountID: "acc1", Author: "mastodon:" + party + "@example.social",
		Kind: socialcrm.CaseComplaint, Status: socialcrm.CaseOpen, Subject: "my order is late",
		Mentions: []string{"mastodon:" + id}, MentionCount: 1,
		OpenedAt: opened, LastMentionAt: opened, DueAt: opened.Add(time.Hour),
		CreatedAt: opened, UpdatedAt: opened,
	}
}

func caseIDs(cs []*socialcrm.Case) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.ID
	}
	return out
}

func testCaseStore(t *testing.T, open Open) {
	ctx := context.Background()
	t.Run("SaveCase", func(t *testing.T) {
		t.Run("OK", func(t *testing.T) {
			t.Parallel()
			s := open(t)
			c := kase("k1", "1", t0)
			must(t, "SaveCase", s.SaveCase(ctx, c))
			got, err := s.FindCaseByID(ctx, c.ID)
			must(t, "FindCaseByID", err)
			diff(t, "case", c, got)

			responded, resolved := at(30*time.Minute), at(2*time.Hour)
			c.Status, c.FirstResponseAt, c.LastResponseAt, c.ResolvedAt = socialcrm.CaseResolved, &responded, &resolved, &resolved
			c.Assignee, c.RespondedBy, c.Breached, c.MentionCount = "sam", "u-kim", true, 3
			c.Mentions = append(c.Mentions, "mastodon:k1b", "mastodon:k1c")
			must(t, "SaveCase again", s.SaveCase(ctx, c))
			got, err = s.FindCaseByID(ctx, c.ID)
			must(t, "FindCaseByID", err)
			diff(t, "updated case", c, got)
		})
		t.Run("Timestamps", func(t *testing.T) {
			t.Parallel()
			s := open(t)
			before := time.Now()
			c := kase("k1", "1", t0)
			c.CreatedAt, c.UpdatedAt = time.Time{}, time.Time{}
			c.DueAt = time.Date(2026, 11, 20, 11, 0, 0, 123456789, time.FixedZone("CET", 3600))
			must(t, "SaveCase", s.SaveCase(ctx, c))
			got, err := s.FindCaseByID(ctx, c.ID)
			must(t, "FindCaseByID", err)
			recent(t, "CreatedAt", got.CreatedAt, before)
			recent(t, "UpdatedAt", got.UpdatedAt, before)
			if want := time.Date(2026, 11, 20, 10, 0, 0, 123456000, time.UTC); !got.DueAt.Equal(want) || got.DueAt.Location() != time.UTC {
				t.Errorf("DueAt = %v, want %v", got.DueAt, want)
			}
			must(t, "SaveCase", s.SaveCase(ctx, c))
			again, err := s.FindCaseByID(ctx, c.ID)
			must(t, "FindCaseByID", err)
			if !again.CreatedAt.Equal(got.CreatedAt) {
				t.Errorf("CreatedAt after re-save = %v, want it kept: %v", again.CreatedAt, got.CreatedAt)
			}
		})
		t.Run("Unrepresentable", func(t *testing.T) {
			t.Parallel()
			s := open(t)
			c := kase("k\xff", "1", t0)
			c.Subject, c.Mentions = "la\x00te", []string{"mastodon:\xff"}
			want := kase("k\uFFFD", "1", t0)
			want.Subject, want.Mentions = "la\uFFFDte", []string{"mastodon:\uFFFD"}
			must(t, "SaveCase", s.SaveCase(ctx, c))
			got, err := s.FindCaseByID(ctx, c.ID)
			must(t, "FindCaseByID", err)
			diff(t, "case", want, got)
		})
		t.Run("Copies", func(t *testing.T) {
			t.Parallel()
			s := open(t)
			c := kase("k1", "1", t0)
			responded := at(time.Minute)
			c.FirstResponseAt = &responded
			must(t, "SaveCase", s.SaveCase(ctx, c))
			c.Mentions[0], *c.FirstResponseAt = "changed", at(time.Hour)
			got, err := s.FindCaseByID(ctx, "k1")
			must(t, "FindCaseByID", err)
			got.Mentions[0], *got.FirstResponseAt = "changed", at(time.Hour)
			got, err = s.FindCaseByID(ctx, "k1")
			must(t, "FindCaseByID", err)
			if got.Mentions[0] != "mastodon:k1" || !got.FirstResponseAt.Equal(at(time.Minute)) {
				t.Errorf("stored case changed with the saved or returned value: %v, %v", got.Mentions, got.FirstResponseAt)
			}
		})
		t.Run("ErrConflict", func(t *testing.T) {
			t.Parallel()
			s := open(t)
			first := kase("k1", "1", t0)
			must(t, "SaveCase", s.SaveCase(ctx, first))
			second := kase("k2", "1", at(time.Minute)) // same key
			second.Status = socialcrm.CaseAnswered
			wantErr(t, "SaveCase(second active case of a key)", s.SaveCase(ctx, second), socialcrm.ErrConflict)
			_, err := s.FindCaseByID(ctx, second.ID)
			wantErr(t, "rejected case", err, socialcrm.ErrNotFound)
			// A resolved case of the key does not conflict, either way.
			second.Status = socialcrm.CaseResolved
			must(t, "SaveCase(resolved case of the key)", s.SaveCase(ctx, second))
			first.Status = socialcrm.CaseResolved
			must(t, "SaveCase(resolve first)", s.SaveCase(ctx, first))
			third := kase("k3", "1", at(time.Hour))
			must(t, "SaveCase(new active case after resolution)", s.SaveCase(ctx, third))
			first.Status = socialcrm.CaseOpen
			wantErr(t, "SaveCase(reopen while another is active)", s.SaveCase(ctx, first), socialcrm.ErrConflict)
			must(t, "SaveCase(the active case again)", s.SaveCase(ctx, third))
		})
		t.Run("ErrInvalid", func(t *testing.T) {
			t.Parallel()
			s := open(t)
			wantErr(t, "SaveCase(nil)", s.SaveCase(ctx, nil), socialcrm.ErrInvalid)
			for name, change := range map[string]func(*socialcrm.Case){
				"NoID":      func(c *socialcrm.Case) { c.ID = "" },
				"NoKey":     func(c *socialcrm.Case) { c.Key = "" },
				"NoChannel": func(c *socialcrm.Case) { c.Channel = "" },
				"Kind":      func(c *socialcrm.Case) { c.Kind = "praise" },
				"Status":    func(c *socialcrm.Case) { c.Status = "closed" },
				"NoDue":     func(c *socialcrm.Case) { c.DueAt = time.Time{} },
			} {
				c := kase("k1", "1", t0)
				change(c)
				wantErr(t, "SaveCase("+name+")", s.SaveCase(ctx, c), socialcrm.ErrInvalid)
			}
		})
	})
	t.Run("FindCaseByID", func(t *testing.T) {
		t.Run("ErrNotFound", func(t *testing.T) {
			t.Parallel()
			_, err := open(t).FindCaseByID(ctx, "nope")
			wantErr(t, "FindCaseByID", err, socialcrm.ErrNotFound)
		})
	})
	t.Run("FindCases", func(t *testing.T) { testFindCases(t, open) })
}

func testFindCases(t *testing.T, open Open) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		k1 := kase("k1", "1", t0)                  // due t0+1h, open
		k2 := kase("k2", "2", at(-30*time.Minute)) // due t0+30m, open, breached
		k2.Breached = true
		k3 := kase("k3", "3", at(time.Hour)) // due t0+2h, answered, on x
		k3.Status, k3.Channel, k3.Key = socialcrm.CaseAnswered, "x", socialcrm.CaseKey("acme", "x", "c-3")
		k4 := kase("k4", "4", at(-2*time.Hour)) // due t0-1h, resolved, globex, no contact
		k4.Status, k4.Brand, k4.ContactID, k4.AccountID = socialcrm.CaseResolved, "globex", "", ""
		k4.Key = socialcrm.CaseKey("globex", "mastodon", "mastodon:4@example.social")
		k4.Mentions = []string{"mastodon:k4", "mastodon:shared"}
		k5 := kase("k5", "5", t0) // same due time as k1: ID breaks the tie
		k5.AccountID, k5.Assignee = "acc2", "u-sam"
		k3.Assignee = "u-sam"
		k5.Mentions = append(k5.Mentions, "mastodon:shared")
		for _, c := range []*socialcrm.Case{k5, k4, k3, k2, k1} {
			must(t, "SaveCase", s.SaveCase(ctx, c))
		}
		for _, tc := range []struct {
			name  string
			f     socialcrm.CaseFilter
			want  []string
			total int
		}{
			{"All", socialcrm.CaseFilter{}, []string{"k4", "k2", "k1", "k5", "k3"}, 5},
			{"Status", socialcrm.CaseFilter{Status: ptr(socialcrm.CaseOpen)}, []string{"k2", "k1", "k5"}, 3},
			{"Active", socialcrm.CaseFilter{Active: true}, []string{"k2", "k1", "k5", "k3"}, 4},
			{"Key", socialcrm.CaseFilter{Key: ptr(k3.Key)}, []string{"k3"}, 1},
			{"Contact", socialcrm.CaseFilter{ContactID: ptr("c-2")}, []string{"k2"}, 1},
			{"Account", socialcrm.CaseFilter{AccountID: ptr("acc1")}, []string{"k2", "k1", "k3"}, 3},
			{"Brand", socialcrm.CaseFilter{Brand: ptr("globex")}, []string{"k4"}, 1},
			{"Channel", socialcrm.CaseFilter{Channel: ptr("x")}, []string{"k3"}, 1},
			{"Mention", socialcrm.CaseFilter{MentionID: ptr("mastodon:shared")}, []string{"k4", "k5"}, 2},
			{"DueBefore", socialcrm.CaseFilter{DueBefore: ptr(at(time.Hour))}, []string{"k2"}, 1},
			{"DueBeforeLater", socialcrm.CaseFilter{DueBefore: ptr(at(3 * time.Hour))}, []string{"k2", "k1", "k5"}, 3},
			{"Breached", socialcrm.CaseFilter{Breached: ptr(true)}, []string{"k2"}, 1},
			{"Assignee", socialcrm.CaseFilter{Assignee: ptr("u-sam")}, []string{"k5", "k3"}, 2},
			{"Unassigned", socialcrm.CaseFilter{Assignee: ptr(""), Active: true}, []string{"k2", "k1"}, 2},
			{"NotBreachedOpen", socialcrm.CaseFilter{Breached: ptr(false), Status: ptr(socialcrm.CaseOpen)}, []string{"k1", "k5"}, 2},
			{"AccountActive", socialcrm.CaseFilter{AccountID: ptr("acc1"), Active: true, Channel: ptr("mastodon")}, []string{"k2", "k1"}, 2},
			{"Page", socialcrm.CaseFilter{Offset: 1, Limit: 2}, []string{"k2", "k1"}, 5},
			{"AllLimit", socialcrm.CaseFilter{Limit: -1}, []string{"k4", "k2", "k1", "k5", "k3"}, 5},
			{"Nothing", socialcrm.CaseFilter{Brand: ptr("initech")}, nil, 0},
		} {
			t.Run(tc.name, func(t *testing.T) {
				got, n, err := s.FindCases(ctx, tc.f)
				must(t, "FindCases", err)
				diff(t, "IDs", tc.want, caseIDs(got))
				if n != tc.total {
					t.Errorf("total = %d, want %d", n, tc.total)
				}
			})
		}
		got, _, err := s.FindCases(ctx, socialcrm.CaseFilter{Brand: ptr("globex")})
		must(t, "FindCases", err)
		diff(t, "full cases", []*socialcrm.Case{k4}, got)
	})
	t.Run("DefaultLimit", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		for i := range 52 {
			must(t, "SaveCase", s.SaveCase(ctx, kase(fmt.Sprintf("k%02d", i), fmt.Sprint(i), at(time.Duration(i)*time.Minute))))
		}
		got, n, err := s.FindCases(ctx, socialcrm.CaseFilter{})
		must(t, "FindCases", err)
		if len(got) != 50 || n != 52 {
			t.Errorf("got %d cases, total %d; want 50 of 52", len(got), n)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		for name, f := range map[string]socialcrm.CaseFilter{
			"Status": {Status: ptr("closed")},
			"Offset": {Offset: -1},
			"Limit":  {Limit: -2},
		} {
			_, _, err := s.FindCases(ctx, f)
			wantErr(t, "FindCases("+name+")", err, socialcrm.ErrInvalid)
		}
	})
}
