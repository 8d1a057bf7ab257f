package storetest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
)

func testContactStore(t *testing.T, open Open) {
	ctx := context.Background()
	t.Run("SaveContacts", func(t *testing.T) {
		t.Run("OK", func(t *testing.T) {
			t.Parallel()
			s := open(t)
			a, b := contact("c1", "Alice Martin", "acc1"), contact("c2", "Bob Stone", "")
			b.Identities, b.Tags = nil, nil
			must(t, "SaveContacts", s.SaveContacts(ctx, a, b))
			for _, want := range []*socialcrm.Contact{a, b} {
				got, err := s.FindContactByID(ctx, want.ID)
				must(t, "FindContactByID", err)
				diff(t, "contact "+want.ID, want, got)
			}
		})
		t.Run("Empty", func(t *testing.T) {
			t.Parallel()
			must(t, "SaveContacts()", open(t).SaveContacts(ctx))
		})
		t.Run("ReplacesIdentities", func(t *testing.T) {
			t.Parallel()
			s := open(t)
			a := contact("c1", "Alice", "")
			must(t, "SaveContacts", s.SaveContacts(ctx, a))
			a2 := contact("c1", "Alice M.", "acc2")
			a2.Identities = []socialcrm.Identity{{Network: "reddit", Handle: "alice_m"}}
			must(t, "SaveContacts", s.SaveContacts(ctx, a2))
			got, err := s.FindContactByID(ctx, a.ID)
			must(t, "FindContactByID", err)
			diff(t, "contact", a2, got)
			// The identities it gave up are free for another contact.
			b := contact("c2", "Bob", "")
			b.Identities = a.Identities
			must(t, "SaveContacts with a released identity", s.SaveContacts(ctx, b))
		})
		t.Run("MoveIdentityInBatch", func(t *testing.T) {
			t.Parallel()
			s := open(t)
			a := contact("c1", "Alice", "")
			must(t, "SaveContacts", s.SaveContacts(ctx, a))
			b := contact("c2", "Bob", "")
			b.Identities = a.Identities
			a2 := contact("c1", "Alice", "")
			a2.Identities = nil
			must(t, "SaveContacts", s.SaveContacts(ctx, b, a2))
			got, err := s.FindContactByID(ctx, b.ID)
			must(t, "FindContactByID", err)
			diff(t, "contact", b, got)
		})
		t.Run("Timestamps", func(t *testing.T) {
			t.Parallel()
			s := open(t)
			before := time.Now()
			a := contact("c1", "Alice", "")
			a.CreatedAt, a.UpdatedAt = time.Time{}, time.Time{}
			must(t, "SaveContacts", s.SaveContacts(ctx, a))
			got, err := s.FindContactByID(ctx, a.ID)
			must(t, "FindContactByID", err)
			recent(t, "CreatedAt", got.CreatedAt, before)
			recent(t, "UpdatedAt", got.UpdatedAt, before)
			created := got.CreatedAt
			a.Name = "Alice B."
			must(t, "SaveContacts", s.SaveContacts(ctx, a))
			got, err = s.FindContactByID(ctx, a.ID)
			must(t, "FindContactByID", err)
			if !got.CreatedAt.Equal(created) {
				t.Errorf("CreatedAt after re-save = %v, want it kept: %v", got.CreatedAt, created)
			}
		})
		t.Run("ErrInvalid", func(t *testing.T) {
			t.Parallel()
			s := open(t)
			for name, change := range map[string]func(*socialcrm.Contact){
				"Email":    func(c *socialcrm.Contact) { c.Email = "not-an-email" },
				"PathID":   func(c *socialcrm.Contact) { c.ID = "../x" },
				"LongName": func(c *socialcrm.Contact) { c.Name = strings.Repeat("n", 100<<10) },
				"NoName":   func(c *socialcrm.Contact) { c.Name = "" },
			} {
				c := contact("c1", "Alice", "")
				change(c)
				wantErr(t, "SaveContacts with bad "+name, s.SaveContacts(ctx, c), socialcrm.ErrInvalid)
			}
			_, err := s.FindContactByID(ctx, "c1")
			wantErr(t, "contact with a bad field", err, socialcrm.ErrNotFound)
		})
		t.Run("ErrConflict", func(t *testing.T) {
			owner := contact("c1", "Alice", "")
			for name, id := range map[string]socialcrm.Identity{
				"SameHandle":     {Network: "mastodon", Handle: "c1@example.social"},
				"HandleCaseAt":   {Network: "mastodon", Handle: "@C1@Example.Social"},
				"SameNativeID":   {Network: "mastodon", Handle: "other", NativeID: "m-c1"},
				"HandleNoNative": {Network: "bluesky", Handle: "C1.bsky.social", NativeID: "did:x"},
			} {
				t.Run(name, func(t *testing.T) {
					t.Parallel()
					s := open(t)
					must(t, "SaveContacts", s.SaveContacts(ctx, owner))
					other, newcomer := contact("c2", "Bob", ""), contact("c3", "Carol", "")
					other.Identities = []socialcrm.Identity{id}
					err := s.SaveContacts(ctx, newcomer, other)
					wantErr(t, "SaveContacts", err, socialcrm.ErrConflict)
					if !strings.Contains(err.Error(), `contact "c1"`) {
						t.Errorf("conflict %q does not name the owner c1", err)
					}
					_, err = s.FindContactByID(ctx, newcomer.ID)
					wantErr(t, "contact of a rejected batch", err, socialcrm.ErrNotFound)
					got, err := s.FindContactByID(ctx, owner.ID)
					must(t, "FindContactByID", err)
					diff(t, "owner", owner, got)
				})
			}
			t.Run("InBatch", func(t *testing.T) {
				t.Parallel()
				s := open(t)
				a, b := contact("c1", "Alice", ""), contact("c2", "Bob", "")
				b.Identities = []socialcrm.Identity{{Network: "bluesky", Handle: "C1.BSKY.social"}}
				err := s.SaveContacts(ctx, a, b)
				wantErr(t, "SaveContacts", err, socialcrm.ErrConflict)
				if !strings.Contains(err.Error(), `contact "c1"`) {
					t.Errorf("conflict %q does not name the owner c1", err)
				}
			})
			t.Run("OtherNetwork", func(t *testing.T) {
				t.Parallel()
				s := open(t)
				a, b := contact("c1", "Alice", ""), contact("c2", "Bob", "")
				b.Identities = []socialcrm.Identity{{Network: "reddit", Handle: "c1@example.social", NativeID: "m-c1"}}
				must(t, "SaveContacts (same handle on another network)", s.SaveContacts(ctx, a, b))
			})
		})
		t.Run("ErrInvalid", func(t *testing.T) {
			for name, bad := range map[string]*socialcrm.Contact{
				"Nil":               nil,
				"NoID":              {Name: "x"},
				"NoNetwork":         {ID: "x", Identities: []socialcrm.Identity{{Handle: "x"}}},
				"NoHandleOrID":      {ID: "x", Identities: []socialcrm.Identity{{Network: "x"}}},
				"DuplicateIdentity": {ID: "x", Identities: []socialcrm.Identity{{Network: "x", Handle: "a"}, {Network: "x", Handle: "@A"}}},
			} {
				t.Run(name, func(t *testing.T) {
					t.Parallel()
					s := open(t)
					ok := contact("c1", "Alice", "")
					wantErr(t, "SaveContacts", s.SaveContacts(ctx, ok, bad), socialcrm.ErrInvalid)
					_, err := s.FindContactByID(ctx, ok.ID)
					wantErr(t, "contact of a rejected batch", err, socialcrm.ErrNotFound)
				})
			}
		})
		t.Run("Unrepresentable", func(t *testing.T) {
			t.Parallel()
			s := open(t)
			// Ids are checked (see ErrInvalid); other text is cleaned.
			c := contact("c1", "Al\x00ice", "acc1")
			c.Title, c.Identities[0].Handle = "Bu\xffyer", "h\x00"
			want := contact("c1", "Al\uFFFDice", "acc1")
			want.Title = "Bu\uFFFDyer"
			want.Identities[0].Handle = "h\uFFFD"
			must(t, "SaveContacts", s.SaveContacts(ctx, c))
			got, err := s.FindContactByID(ctx, c.ID)
			must(t, "FindContactByID", err)
			diff(t, "contact", want, got)
			a := &socialcrm.Account{ID: "a\x00", Name: "N\xff", CreatedAt: t0, UpdatedAt: t0}
			must(t, "SaveAccounts", s.SaveAccounts(ctx, a))
			gotA, err := s.FindAccountByID(ctx, a.ID)
			must(t, "FindAccountByID", err)
			diff(t, "account", &socialcrm.Account{ID: "a\uFFFD", Name: "N\uFFFD", CreatedAt: t0, UpdatedAt: t0}, gotA)
		})
		t.Run("Copies", func(t *testing.T) {
			t.Parallel()
			s := open(t)
			a := contact("c1", "Alice", "")
			want := contact("c1", "Alice", "")
			must(t, "SaveContacts", s.SaveContacts(ctx, a))
			a.Identities[0].Handle, a.Tags[0] = "changed", "changed"
			got, err := s.FindContactByID(ctx, a.ID)
			must(t, "FindContactByID", err)
			got.Identities[0].Handle, got.Tags[0] = "changed", "changed"
			got, err = s.FindContactByID(ctx, a.ID)
			must(t, "FindContactByID", err)
			diff(t, "contact", want, got)
		})
	})
	t.Run("FindContactByID", func(t *testing.T) {
		t.Run("ErrNotFound", func(t *testing.T) {
			t.Parallel()
			_, err := open(t).FindContactByID(ctx, "nope")
			wantErr(t, "FindContactByID", err, socialcrm.ErrNotFound)
		})
	})
	t.Run("FindContacts", func(t *testing.T) { testFindContacts(t, open) })
	t.Run("DeleteContact", func(t *testing.T) {
		t.Run("OK", func(t *testing.T) {
			t.Parallel()
			s := open(t)
			a, b := contact("c1", "Alice", ""), contact("c2", "Bob", "")
			must(t, "SaveContacts", s.SaveContacts(ctx, a, b))
			must(t, "DeleteContact", s.DeleteContact(ctx, a.ID))
			_, err := s.FindContactByID(ctx, a.ID)
			wantErr(t, "FindContactByID", err, socialcrm.ErrNotFound)
			list, n, err := s.FindContacts(ctx, socialcrm.ContactFilter{})
			must(t, "FindContacts", err)
			diff(t, "contacts", []*socialcrm.Contact{b}, list)
			if n != 1 {
				t.Errorf("total = %d, want 1", n)
			}
			// Its identities went with it.
			c := contact("c3", "Carol", "")
			c.Identities = a.Identities
			must(t, "SaveContacts with the erased identities", s.SaveContacts(ctx, c))
			wantErr(t, "DeleteContact again", s.DeleteContact(ctx, a.ID), socialcrm.ErrNotFound)
		})
		t.Run("ErrNotFound", func(t *testing.T) {
			t.Parallel()
			wantErr(t, "DeleteContact", open(t).DeleteContact(ctx, "nope"), socialcrm.ErrNotFound)
		})
	})
}

func testFindContacts(t *testing.T, open Open) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		cs := []*socialcrm.Contact{
			contact("c1", "Zoé Durand", "acc1"),
			contact("c2", "Alice Martin", "acc1"),
			contact("c3", "Bob Stone", "acc2"),
			contact("c0", "Bob Stone", ""), // same name: ID breaks the tie
		}
		cs[3].Email = "bob@Stone.example"
		cs[3].Identities = []socialcrm.Identity{{Network: "x", Handle: "BobbyS"}}
		must(t, "SaveContacts", s.SaveContacts(ctx, cs...))
		for _, tc := range []struct {
			name  string
			f     socialcrm.ContactFilter
			want  []string
			total int
		}{
			{"All", socialcrm.ContactFilter{}, []string{"c2", "c0", "c3", "c1"}, 4},
			{"Account", socialcrm.ContactFilter{AccountID: ptr("acc1")}, []string{"c2", "c1"}, 2},
			{"QueryName", socialcrm.ContactFilter{Query: ptr("bob s")}, []string{"c0", "c3"}, 2},
			{"QueryEmail", socialcrm.ContactFilter{Query: ptr("STONE.EXAMPLE")}, []string{"c0"}, 1},
			{"QueryHandle", socialcrm.ContactFilter{Query: ptr("@bobbys")}, []string{"c0"}, 1},
			{"QueryHandlePart", socialcrm.ContactFilter{Query: ptr("c1.bsky")}, []string{"c1"}, 1},
			{"QueryAccount", socialcrm.ContactFilter{Query: ptr("bob"), AccountID: ptr("acc2")}, []string{"c3"}, 1},
			{"QueryNone", socialcrm.ContactFilter{Query: ptr("nobody")}, nil, 0},
			{"Limit", socialcrm.ContactFilter{Limit: 1, Offset: 1}, []string{"c0"}, 4},
			{"LimitAll", socialcrm.ContactFilter{Limit: -1, Offset: 2}, []string{"c3", "c1"}, 4},
		} {
			t.Run(tc.name, func(t *testing.T) {
				got, n, err := s.FindContacts(ctx, tc.f)
				must(t, "FindContacts", err)
				gotIDs := make([]string, len(got))
				for i, c := range got {
					gotIDs[i] = c.ID
				}
				diff(t, "IDs", tc.want, gotIDs)
				if n != tc.total {
					t.Errorf("total = %d, want %d", n, tc.total)
				}
			})
		}
		got, _, err := s.FindContacts(ctx, socialcrm.ContactFilter{AccountID: ptr("acc2")})
		must(t, "FindContacts", err)
		diff(t, "full contacts", []*socialcrm.Contact{cs[2]}, got)
	})
	t.Run("DefaultLimit", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		var cs []*socialcrm.Contact
		for i := range 55 {
			cs = append(cs, contact(fmt.Sprintf("c%02d", i), fmt.Sprintf("Name %02d", i), ""))
		}
		must(t, "SaveContacts", s.SaveContacts(ctx, cs...))
		got, n, err := s.FindContacts(ctx, socialcrm.ContactFilter{})
		must(t, "FindContacts", err)
		if len(got) != 50 || n != 55 {
			t.Errorf("got %d contacts, total %d; want 50 of 55", len(got), n)
		}
		got, _, err = s.FindContacts(ctx, socialcrm.ContactFilter{Limit: -1})
		must(t, "FindContacts", err)
		if len(got) != 55 {
			t.Errorf("Limit -1: got %d contacts, want all 55", len(got))
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		for name, f := range map[string]socialcrm.ContactFilter{
			"Limit":  {Limit: -2},
			"Offset": {Offset: -1},
		} {
			_, _, err := s.FindContacts(ctx, f)
			wantErr(t, "FindContacts "+name, err, socialcrm.ErrInvalid)
		}
	})
}

func testAccountStore(t *testing.T, open Open) {
	ctx := context.Background()
	account := func(id, name, tier string, value float64) *socialcrm.Account {
		return &socialcrm.Account{ID: id, Name: name, Domain: id + ".example", Tier: tier, Value: value, CreatedAt: t0, UpdatedAt: at(time.Hour)}
	}
	t.Run("OK", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		a, b, c := account("a1", "Acme", socialcrm.TierGold, 50000), account("a2", "Globex", "", 1e6), account("a0", "Initech", socialcrm.TierBronze, 50000)
		must(t, "SaveAccounts", s.SaveAccounts(ctx, a, b, c))
		got, err := s.FindAccountByID(ctx, a.ID)
		must(t, "FindAccountByID", err)
		diff(t, "account", a, got)
		a2 := account("a1", "Acme Corp", socialcrm.TierPlatinum, 2e6)
		must(t, "SaveAccounts", s.SaveAccounts(ctx, a2))
		all, err := s.FindAccounts(ctx)
		must(t, "FindAccounts", err)
		diff(t, "accounts", []*socialcrm.Account{a2, b, c}, all)
		must(t, "SaveAccounts()", s.SaveAccounts(ctx))
	})
	t.Run("Timestamps", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		before := time.Now()
		a := account("a1", "Acme", "", 1)
		a.CreatedAt, a.UpdatedAt = time.Time{}, time.Time{}
		must(t, "SaveAccounts", s.SaveAccounts(ctx, a))
		got, err := s.FindAccountByID(ctx, a.ID)
		must(t, "FindAccountByID", err)
		recent(t, "CreatedAt", got.CreatedAt, before)
		recent(t, "UpdatedAt", got.UpdatedAt, before)
		must(t, "SaveAccounts", s.SaveAccounts(ctx, a))
		again, err := s.FindAccountByID(ctx, a.ID)
		must(t, "FindAccountByID", err)
		if !again.CreatedAt.Equal(got.CreatedAt) {
			t.Errorf("CreatedAt after re-save = %v, want it kept: %v", again.CreatedAt, got.CreatedAt)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		t.Parallel()
		_, err := open(t).FindAccountByID(ctx, "nope")
		wantErr(t, "FindAccountByID", err, socialcrm.ErrNotFound)
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		for name, bad := range map[string]*socialcrm.Account{
			"Nil":  nil,
			"NoID": {Name: "x"},
			"Tier": {ID: "x", Tier: "diamond"},
		} {
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				s := open(t)
				ok := account("a1", "Acme", "", 1)
				wantErr(t, "SaveAccounts", s.SaveAccounts(ctx, ok, bad), socialcrm.ErrInvalid)
				_, err := s.FindAccountByID(ctx, ok.ID)
				wantErr(t, "account of a rejected batch", err, socialcrm.ErrNotFound)
			})
		}
	})
}
