package web_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/store/memory"
	"github.com/socialcrm/socialcrm/web"
)

// TestRecordEdits_Browser: a contact's page merges a duplicate picked by
// search after a confirmation, and an account's page edits the account
// (stage, owner picked among the users, tags, value), showing the API's
// refusal of a bad field.
func TestRecordEdits_Browser(t *testing.T) {
	st := memory.New()
	ctx0 := t.Context()
	ts := serve(t, &web.Server{Store: st, Stream: web.NewHub()}, st)
	ctx := browser(t, "/ties", "/network", "/ego", "/api/v1/accounts/acc-north") // no graph here; the refused PATCH
	signIn(t, ctx, ts.URL, st, socialcrm.RoleAgent)
	must(t, st.CreateUser(ctx0, &socialcrm.User{ID: "u-kim", Email: "kim@example.com", Name: "Kim Lee", Role: socialcrm.RoleAgent, Active: true}))
	must(t, st.SaveAccounts(ctx0, &socialcrm.Account{ID: "acc-north", Name: "Northwind Traders", Tier: socialcrm.TierGold, Value: 1000}))
	must(t, st.SaveContacts(ctx0,
		&socialcrm.Contact{ID: "c-alice", Name: "Alice Martin", AccountID: "acc-north",
			Identities: []socialcrm.Identity{{Network: "mastodon", Handle: "alice@example.social"}}},
		&socialcrm.Contact{ID: "c-alice-2", Name: "Alice M.", Email: "alice@northwind.example",
			Identities: []socialcrm.Identity{{Network: "bluesky", Handle: "alice.bsky.social"}}},
		&socialcrm.Contact{ID: "c-bob", Name: "Bob Stone"}))
	must(t, st.SaveMentions(ctx0, &socialcrm.Mention{V: 1, ID: "bluesky:1", Source: "bluesky", Brand: "acme", Text: "hello acme",
		Author: socialcrm.Author{Handle: "alice.bsky.social"}, CreatedAt: time.Now().Add(-time.Hour), Contacts: []string{"c-alice-2"}}))

	do(t, ctx, "open the contact", chromedp.Navigate(ts.URL+"/contacts/c-alice"), chromedp.WaitVisible(chromedp.CSS(`#merge-q`)))
	do(t, ctx, "search the duplicate", chromedp.SendKeys(chromedp.CSS(`#merge-q`), "alice"))
	waitFor(t, ctx, "the duplicate is offered, not the contact itself", `!!document.querySelector('#merge-found [data-merge="c-alice-2"]') && !document.querySelector('#merge-found [data-merge="c-alice"]')`)
	do(t, ctx, "pick it", chromedp.Click(chromedp.CSS(`#merge-found [data-merge="c-alice-2"]`)))
	waitFor(t, ctx, "asked to confirm", `!document.querySelector("#merge-confirm").hidden && document.querySelector("#merge-confirm").textContent.includes("c-alice-2")`)
	if _, err := st.FindContactByID(ctx0, "c-alice-2"); err != nil {
		t.Fatalf("merged before the confirmation: %v", err)
	}
	do(t, ctx, "confirm", chromedp.Click(chromedp.CSS(`#merge-go`)))
	waitAcross(t, ctx, "the kept record shows the duplicate's identity", `document.querySelector("#record")?.dataset.state === "ready" && document.querySelector("#identities")?.textContent.includes("alice.bsky.social")`)
	if _, err := st.FindContactByID(ctx0, "c-alice-2"); !errors.Is(err, socialcrm.ErrNotFound) {
		t.Errorf("the duplicate after merging: %v, want it gone", err)
	}
	c, err := st.FindContactByID(ctx0, "c-alice")
	must(t, err)
	if c.Email != "alice@northwind.example" || len(c.Identities) != 2 {
		t.Errorf("kept contact = %+v, want the duplicate's email and identity", c)
	}

	do(t, ctx, "open the account", chromedp.Navigate(ts.URL+"/accounts/acc-north"), chromedp.WaitVisible(chromedp.CSS(`#account-edit-open`)))
	do(t, ctx, "edit", chromedp.Click(chromedp.CSS(`#account-edit-open`)))
	waitFor(t, ctx, "owner picker", `Array.from(document.querySelectorAll('#account-edit select[name="owner"] option')).some(o => o.value === "u-kim" && o.textContent === "Kim Lee")`)
	do(t, ctx, "a bad currency", chromedp.SetValue(chromedp.CSS(`#account-edit [name="currency"]`), "EU1"), chromedp.Click(chromedp.CSS(`#account-save`)))
	waitFor(t, ctx, "the refusal is shown", `document.querySelector("#account-edit-error").textContent.includes("currency")`)
	do(t, ctx, "fill the form", chromedp.SetValue(chromedp.CSS(`#account-edit [name="currency"]`), "usd"),
		chromedp.SetValue(chromedp.CSS(`#account-edit [name="lifecycle"]`), "customer"),
		chromedp.SetValue(chromedp.CSS(`#account-edit [name="owner"]`), "u-kim"),
		chromedp.SetValue(chromedp.CSS(`#account-edit [name="value"]`), "250000"),
		chromedp.SetValue(chromedp.CSS(`#account-edit [name="tags"]`), "VIP, emea"),
		chromedp.Click(chromedp.CSS(`#account-save`)))
	waitFor(t, ctx, "saved and shown", `document.querySelector('[data-role="lifecycle"]')?.textContent === "customer" &&
		document.querySelector('[data-role="owner"]')?.textContent === "Kim Lee" && document.querySelector('[data-role="value"]')?.textContent.includes("250")`)
	a, err := st.FindAccountByID(ctx0, "acc-north")
	must(t, err)
	if a.Lifecycle != socialcrm.LifecycleCustomer || a.Owner != "u-kim" || a.Value != 250000 || a.Currency != "USD" ||
		strings.Join(a.Tags, ",") != "vip,emea" || a.Name != "Northwind Traders" || a.Tier != socialcrm.TierGold {
		t.Errorf("stored account = %+v", a)
	}
}
