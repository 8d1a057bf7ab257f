package main

import (
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
)

// TestDemo_LeadFunnel runs the funnel through the running service
// (Postgres, embedded broker): a purchase-intent mention from an unknown
// author makes a lead; converting it makes a contact, an account and an
// opportunity, and the lead's mentions become the contact's; winning the
// opportunity raises the account's value; the author's next mention is
// linked to the contact and makes no lead; the contact's timeline lists
// the mentions, the conversion and the stage changes in time order.
func TestDemo_LeadFunnel(t *testing.T) {
	d := startCRMDemo(t, "to check the leads the service makes", "--rate", "5", "--leads-off", "source:webhook")
	ctx, st := d.ctx, d.st
	post := func(id, source, text string) *socialcrm.Mention {
		t.Helper()
		v := fmt.Sprintf(`{"v":1,"id":"%s:%s","source":%q,"brand":"acme","author":{"id":"77","handle":"pat@example.social","name":"Pat Buyer","followers":5000},"text":%q,"created_at":%q}`,
			source, id, source, text, time.Now().UTC().Format(time.RFC3339))
		d.produce(id, v)
		var m *socialcrm.Mention
		eventually(t, 30*time.Second, func() (err error) { m, err = st.FindMentionByID(ctx, source+":"+id); return err })
		return m
	}
	key := socialcrm.Identity{Network: "mastodon", Handle: "pat@example.social"}.UniqueKeys()[0]
	leadOf := func() (*socialcrm.Lead, error) {
		ls, _, err := st.FindLeads(ctx, socialcrm.LeadFilter{Identity: &key})
		if err == nil && len(ls) != 1 {
			err = fmt.Errorf("%d leads of pat", len(ls))
		}
		if err != nil {
			return nil, err
		}
		return ls[0], nil
	}

	m := post("buy-1", "mastodon", "@acme where can I buy the blue one?")
	if m.Intent != socialcrm.IntentPurchase {
		t.Fatalf("intent of the mention = %q, want purchase", m.Intent)
	}
	var l *socialcrm.Lead
	eventually(t, 30*time.Second, func() (err error) { l, err = leadOf(); return err })
	if l.Name != "Pat Buyer" || l.Source != socialcrm.LeadFromMention || l.Brand != "acme" || len(l.Mentions) != 1 || l.Mentions[0] != m.ID || l.Score < 40 {
		t.Errorf("lead = %+v, want Pat Buyer's from %s", l, m.ID)
	}
	off := post("buy-2", "webhook", "@acme where can I buy the red one?")
	post("buy-3", "mastodon", "@acme and how much is the pro plan?")
	eventually(t, 30*time.Second, func() (err error) {
		l, err = leadOf()
		if err == nil && len(l.Mentions) != 2 {
			err = fmt.Errorf("pat's lead holds %v", l.Mentions)
		}
		return err
	})
	if ls, _, _ := st.FindLeads(ctx, socialcrm.LeadFilter{Query: new("pat")}); len(ls) != 1 {
		t.Errorf("%d leads match pat, want 1: the webhook mention %s (leads off for that source) made one", len(ls), off.ID)
	}

	var conv struct {
		Lead        socialcrm.Lead
		Contact     socialcrm.Contact
		Account     socialcrm.Account
		Opportunity socialcrm.Opportunity
	}
	d.call(http.MethodPost, "api/v1/leads/"+l.ID+"/convert", map[string]any{"account": map[string]any{"name": "Pat's Shop", "value": 100},
		"opportunity": map[string]any{"name": "Blue ones", "amount": 250000, "currency": "EUR"}}, &conv)
	if conv.Lead.Status != socialcrm.LeadConverted || len(conv.Contact.Identities) != 1 || conv.Opportunity.AccountID != conv.Account.ID {
		t.Fatalf("conversion = %+v", conv)
	}
	var won socialcrm.Opportunity
	d.call(http.MethodPatch, "api/v1/opportunities/"+conv.Opportunity.ID, map[string]any{"stage": "won"}, &won)
	a, err := st.FindAccountByID(ctx, conv.Account.ID)
	if err != nil || a.Value != 2600 {
		t.Errorf("account after winning 2,500.00 EUR = %+v, %v; want value 100 + 2500", a, err)
	}

	time.Sleep(1100 * time.Millisecond) // created_at has whole seconds: the next mention is after the win
	next := post("buy-4", "mastodon", "@acme I want to buy the green one too")
	eventually(t, 30*time.Second, func() error {
		if m, err := st.FindMentionByID(ctx, next.ID); err != nil || len(m.Contacts) != 1 || m.Contacts[0] != conv.Contact.ID {
			return fmt.Errorf("pat's mention after conversion: %+v, %v; want it linked to %s", m, err, conv.Contact.ID)
		}
		return nil
	})
	// One brand, one partition: the lead of a later mention (pat on
	// another network, where no contact has that identity) appearing
	// says that the lead maker has seen buy-4 before it.
	post("buy-5", "bluesky", "@acme where can I buy the yellow one?")
	bluesky := socialcrm.Identity{Network: "bluesky", Handle: "pat@example.social"}.UniqueKeys()[0]
	eventually(t, 30*time.Second, func() error {
		if _, n, err := st.FindLeads(ctx, socialcrm.LeadFilter{Identity: &bluesky}); err != nil || n != 1 {
			return fmt.Errorf("%d leads of the bluesky mention (%v), want 1", n, err)
		}
		return nil
	})
	if _, n, err := st.FindLeads(ctx, socialcrm.LeadFilter{Query: new("pat")}); err != nil || n != 2 {
		t.Errorf("%d leads of pat (%v), want 2: the converted one and bluesky's; the contact's mention made one", n, err)
	}
	var tl struct {
		Items []socialcrm.TimelineItem `json:"items"`
	}
	d.call(http.MethodGet, "api/v1/contacts/"+conv.Contact.ID+"/timeline", nil, &tl)
	var kinds []string
	for _, i := range tl.Items {
		if i.Kind != socialcrm.TimelineChange && i.Kind != socialcrm.TimelineActivity {
			kinds = append(kinds, i.Kind+" "+i.Title)
		}
	}
	if want := []string{"mention @acme I want to buy the green one too", "stage_change Blue ones: prospecting → won",
		"stage_change Blue ones opened in prospecting", "conversion converted from lead Pat Buyer",
		"mention @acme and how much is the pro plan?", "mention @acme where can I buy the blue one?"}; !slices.Equal(kinds, want) {
		t.Errorf("the contact's timeline = %q, want %q", kinds, want)
	}
	if ll, err := st.FindLeadByID(ctx, l.ID); err != nil || len(ll.Mentions) != 2 || ll.Status != socialcrm.LeadConverted {
		t.Errorf("converted lead after pat wrote again = %+v, %v; want it unchanged", ll, err)
	}
}
