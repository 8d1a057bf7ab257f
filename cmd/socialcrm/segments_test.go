package main

import (
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/web/webtest"
)

// TestDemo_HighValueTurningNegative: in the running demo (Postgres,
// embedded broker), a platinum contact whose complaints arrive through
// Kafka becomes a member of the built-in segment "high-value customers
// turning negative".
func TestDemo_HighValueTurningNegative(t *testing.T) {
	d := startCRMDemo(t, "to add a platinum account", "--rate", "5")
	ctx, st := d.ctx, d.st
	if err := st.SaveAccounts(ctx, &socialcrm.Account{ID: "acc-vip", Name: "Vip Corp", Tier: socialcrm.TierPlatinum, Value: 250000}); err != nil {
		t.Fatal(err)
	}
	res, err := webtest.PostJSON(client(d.url), d.url+"api/v1/contacts", map[string]any{"id": "c-vip", "name": "Vera Vip", "account_id": "acc-vip",
		"identities": []map[string]string{{"network": "mastodon", "handle": "vera@example.social"}}})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("create contact: %s %s", res.Status, b)
	}
	members := func() (ids []string) {
		var m struct{ Contacts []socialcrm.Contact }
		if err := getInto(d.url+"api/v1/segments/high-value-turning-negative/members?limit=1000", &m); err != nil {
			t.Fatal(err)
		}
		for _, c := range m.Contacts {
			ids = append(ids, c.ID)
		}
		return ids
	}
	for _, id := range members() {
		if id == "c-vip" {
			t.Fatal("Vera is a member before she says anything")
		}
	}
	for i, text := range []string{"@acme my order is late again, really disappointed", "@acme terrible service, nobody answers", "@acme still broken, awful"} {
		v := fmt.Sprintf(`{"v":1,"id":"mastodon:vip-%d","source":"mastodon","brand":"acme","author":{"handle":"vera@example.social"},"text":%q,"created_at":%q}`,
			i, text, time.Now().UTC().Format(time.RFC3339))
		d.produce(fmt.Sprint(i), v)
	}
	eventually(t, 30*time.Second, func() error {
		for _, id := range members() {
			if id == "c-vip" {
				return nil
			}
		}
		return fmt.Errorf("Vera is not a member of high-value-turning-negative")
	})
}
