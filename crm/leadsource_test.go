package crm_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/crm"
	"github.com/socialcrm/socialcrm/store/memory"
)

func scored(id, handle, intent, text string) *socialcrm.Mention {
	return &socialcrm.Mention{V: 1, ID: "mastodon:" + id, Source: "mastodon", Brand: "acme", Text: text, Intent: intent,
		Author:    socialcrm.Author{ID: "n-" + handle, Handle: handle + "@example.social", Name: strings.ToUpper(handle[:1]) + handle[1:], Followers: 999},
		Sentiment: &socialcrm.Sentiment{Label: socialcrm.Positive, Score: 0.5}, CreatedAt: time.Now()}
}

func TestLeads_Observe(t *testing.T) {
	ctx := context.Background()
	st := memory.New()
	defer st.Close()
	conf, err := crm.ParseLeadsOff("globex, source:webhook")
	if err != nil {
		t.Fatal(err)
	}
	leads := crm.NewLeads(conf, st)
	contact := scored("c", "carol", socialcrm.IntentPurchase, "where can I buy it?")
	contact.Contacts = []string{"c-carol"}
	offBrand := scored("g", "gus", socialcrm.IntentPurchase, "where can I buy it?")
	offBrand.Brand = "globex"
	offSource := scored("w", "walt", socialcrm.IntentPurchase, "where can I buy it?")
	offSource.Source = "webhook"
	ms := []*socialcrm.Mention{
		scored("1", "peter", socialcrm.IntentPurchase, "@acme where can I buy the blue one?"),
		scored("2", "quinn", socialcrm.IntentQuestion, "@acme how much is the pro plan?"),
		scored("3", "rita", socialcrm.IntentQuestion, "@acme are you open on Sunday?"),
		scored("4", "sam", socialcrm.IntentComplaint, "@acme my order is late, what a price to pay"),
		contact, offBrand, offSource,
	}
	if err := leads.Observe(ctx, ms); err != nil {
		t.Fatal(err)
	}
	if err := leads.Observe(ctx, ms); err != nil { // redelivered
		t.Fatal(err)
	}
	got, n, err := st.FindLeads(ctx, socialcrm.LeadFilter{})
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]*socialcrm.Lead{}
	for _, l := range got {
		names[l.Name] = l
	}
	if n != 2 || names["Peter"] == nil || names["Quinn"] == nil {
		t.Fatalf("leads = %d %v, want Peter's (purchase) and Quinn's (product question) only", n, names)
	}
	p := names["Peter"]
	if p.Source != socialcrm.LeadFromMention || p.Status != socialcrm.LeadNew || p.Brand != "acme" || len(p.Mentions) != 1 ||
		len(p.Identities) != 1 || p.Identities[0].Handle != "peter@example.social" || p.Identities[0].NativeID != "n-peter" {
		t.Errorf("Peter's lead = %+v", p)
	}
	if p.Score <= names["Quinn"].Score || p.Score < 40 || p.Score > 100 {
		t.Errorf("scores: purchase %d, question %d; want the purchase higher, 40 to 100", p.Score, names["Quinn"].Score)
	}

	again := scored("5", "peter", socialcrm.IntentPurchase, "@acme ok, I want to buy two")
	if err := leads.Observe(ctx, []*socialcrm.Mention{again}); err != nil {
		t.Fatal(err)
	}
	l, err := st.FindLeadByID(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Mentions) != 2 || l.Mentions[1] != "mastodon:5" || l.Score <= p.Score {
		t.Errorf("Peter's lead after a second mention = %+v, want both mentions and a higher score than %d", l, p.Score)
	}
	if _, n, _ := st.FindLeads(ctx, socialcrm.LeadFilter{}); n != 2 {
		t.Errorf("%d leads after Peter wrote again, want still 2", n)
	}

	// A converted lead takes no more mentions: its author is a contact now.
	must(t, st.SaveAccounts(ctx, &socialcrm.Account{ID: "acc-1", Name: "Initech"}))
	_, err = st.ConvertLead(ctx, socialcrm.LeadConversion{LeadID: p.ID, AccountID: "acc-1",
		Contact: &socialcrm.Contact{ID: "c-peter", Name: "Peter", AccountID: "acc-1"}, At: time.Now()})
	must(t, err)
	if err := leads.Observe(ctx, []*socialcrm.Mention{scored("6", "peter", socialcrm.IntentPurchase, "buy buy buy")}); err != nil {
		t.Fatal(err)
	}
	if l, _ := st.FindLeadByID(ctx, p.ID); len(l.Mentions) != 2 {
		t.Errorf("converted lead took a mention: %v", l.Mentions)
	}
}

// TestLeads_ObserveStoreDown returns the store's error for the consumer
// to retry, never logs it away.
func TestLeads_ObserveStoreDown(t *testing.T) {
	st := memory.New()
	st.Close()
	err := crm.NewLeads(crm.LeadConfig{}, st).Observe(context.Background(), []*socialcrm.Mention{scored("1", "peter", socialcrm.IntentPurchase, "buy")})
	if err == nil {
		t.Fatal("Observe on a closed store: nil error, want the store's")
	}
}

func TestParseLeadsOff(t *testing.T) {
	c, err := crm.ParseLeadsOff("")
	if err != nil || len(c.OffBrands)+len(c.OffSources) != 0 {
		t.Errorf(`ParseLeadsOff(""): %+v, %v; want nothing off`, c, err)
	}
	if _, err := crm.ParseLeadsOff("acme,source:"); err == nil {
		t.Error(`ParseLeadsOff("acme,source:"): nil error`)
	}
}
