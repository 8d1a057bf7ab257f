package storetest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/socialcrm/socialcrm"
)

// testRecordFields covers the lifecycle stage, owner and tags of contacts
// and accounts.
func testRecordFields(t *testing.T, open Open) {
	t.Run("OK", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), context.Background()
		a := &socialcrm.Account{ID: "acc-1", Name: "Globex", Tier: socialcrm.TierGold, Lifecycle: socialcrm.LifecycleCustomer,
			Owner: "u-ana", Tags: []string{" Enterprise ", "EMEA", "enterprise"}}
		must(t, "save account", s.SaveAccounts(ctx, a))
		c := &socialcrm.Contact{ID: "c-1", Name: "Alice", AccountID: "acc-1", Lifecycle: socialcrm.LifecycleProspect,
			Owner: "u-bo", Tags: []string{"VIP", "  churn   Risk ", "vip", ""}}
		must(t, "save contact", s.SaveContacts(ctx, c))
		gotA, err := s.FindAccountByID(ctx, "acc-1")
		must(t, "find account", err)
		if gotA.Lifecycle != socialcrm.LifecycleCustomer || gotA.Owner != "u-ana" {
			t.Errorf("account = %+v", gotA)
		}
		diff(t, "account tags", []string{"enterprise", "emea"}, gotA.Tags)
		gotC, err := s.FindContactByID(ctx, "c-1")
		must(t, "find contact", err)
		if gotC.Lifecycle != socialcrm.LifecycleProspect || gotC.Owner != "u-bo" {
			t.Errorf("contact = %+v", gotC)
		}
		diff(t, "contact tags", []string{"vip", "churn risk"}, gotC.Tags)
		if c.Tags[0] != "VIP" {
			t.Errorf("the store changed the caller's tags: %v", c.Tags)
		}
		gotA.Tags[0] = "changed"
		again, _ := s.FindAccountByID(ctx, "acc-1")
		diff(t, "account tags after changing a returned copy", []string{"enterprise", "emea"}, again.Tags)

		gotC.Lifecycle, gotC.Owner, gotC.Tags = "", "", nil
		must(t, "clear contact", s.SaveContacts(ctx, gotC))
		cleared, err := s.FindContactByID(ctx, "c-1")
		must(t, "find cleared", err)
		if cleared.Lifecycle != "" || cleared.Owner != "" || len(cleared.Tags) != 0 {
			t.Errorf("cleared contact = %+v", cleared)
		}
		all, err := s.FindAccounts(ctx)
		must(t, "find accounts", err)
		if len(all) != 1 || all[0].Owner != "u-ana" || len(all[0].Tags) != 2 {
			t.Errorf("FindAccounts = %+v", all)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), context.Background()
		many := make([]string, socialcrm.MaxTags+1)
		for i := range many {
			many[i] = fmt.Sprint("t", i)
		}
		for name, change := range map[string]func(c *socialcrm.Contact, a *socialcrm.Account){
			"lifecycle": func(c *socialcrm.Contact, a *socialcrm.Account) { c.Lifecycle, a.Lifecycle = "churned", "churned" },
			"owner":     func(c *socialcrm.Contact, a *socialcrm.Account) { c.Owner, a.Owner = "../x", "a b" },
			"many tags": func(c *socialcrm.Contact, a *socialcrm.Account) { c.Tags, a.Tags = many, many },
			"long tag": func(c *socialcrm.Contact, a *socialcrm.Account) {
				c.Tags = []string{strings.Repeat("t", 65)}
				a.Tags = c.Tags
			},
			"long owner": func(c *socialcrm.Contact, a *socialcrm.Account) {
				c.Owner = strings.Repeat("o", 129)
				a.Owner = c.Owner
			},
		} {
			c := &socialcrm.Contact{ID: "c-1", Name: "Alice"}
			a := &socialcrm.Account{ID: "acc-1", Name: "Globex"}
			change(c, a)
			wantErr(t, name+" (contact)", s.SaveContacts(ctx, c), socialcrm.ErrInvalid)
			wantErr(t, name+" (account)", s.SaveAccounts(ctx, a), socialcrm.ErrInvalid)
		}
		wantErr(t, "negative value", s.SaveAccounts(ctx, &socialcrm.Account{ID: "acc-1", Name: "Globex", Value: -1}), socialcrm.ErrInvalid)
		wantErr(t, "long account name", s.SaveAccounts(ctx, &socialcrm.Account{ID: "acc-1", Name: strings.Repeat("n", socialcrm.MaxNameLen+1)}), socialcrm.ErrInvalid)
		// Tags that normalize to the limit are stored.
		dup := append([]string{}, many[:socialcrm.MaxTags]...)
		dup = append(dup, "T0")
		must(t, "tags at the limit once normalized", s.SaveContacts(ctx, &socialcrm.Contact{ID: "c-2", Name: "Bo", Tags: dup}))
		if _, err := s.FindContactByID(ctx, "c-1"); err == nil {
			t.Error("an invalid contact was stored")
		}
	})
}
