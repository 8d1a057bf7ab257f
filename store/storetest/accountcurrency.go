package storetest

import (
	"context"
	"testing"

	"github.com/socialcrm/socialcrm"
)

func testAccountCurrency(t *testing.T, open Open) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		usd := &socialcrm.Account{ID: "a1", Name: "Acme", Value: 1200, Currency: "USD", CreatedAt: t0, UpdatedAt: t0}
		none := &socialcrm.Account{ID: "a2", Name: "Globex", Value: 900, CreatedAt: t0, UpdatedAt: t0}
		must(t, "SaveAccounts", s.SaveAccounts(ctx, usd, none))
		all, err := s.FindAccounts(ctx)
		must(t, "FindAccounts", err)
		diff(t, "accounts", []*socialcrm.Account{usd, none}, all)
		if all[1].ValueCurrency() != socialcrm.DefaultCurrency {
			t.Errorf("an account without currency counts in %q, want %q", all[1].ValueCurrency(), socialcrm.DefaultCurrency)
		}
		usd.Currency = "GBP"
		must(t, "SaveAccounts", s.SaveAccounts(ctx, usd))
		got, err := s.FindAccountByID(ctx, "a1")
		must(t, "FindAccountByID", err)
		diff(t, "account", usd, got)
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		for _, c := range []string{"eur", "EURO", "€", "E1R"} {
			err := s.SaveAccounts(ctx, &socialcrm.Account{ID: "ok"}, &socialcrm.Account{ID: "bad", Currency: c})
			wantErr(t, "SaveAccounts(currency "+c+")", err, socialcrm.ErrInvalid)
		}
		all, err := s.FindAccounts(ctx)
		must(t, "FindAccounts", err)
		diff(t, "accounts after refused saves", []*socialcrm.Account(nil), all)
	})
}
