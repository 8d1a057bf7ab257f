package main

import (
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
)

// TestDemo_LeadConsentWithdrawn has a lead opt out through the API of the
// running service (Postgres, embedded broker): its next question about a
// plan is stored but neither added to the lead nor opening a case; after
// it opts back in, the next one is added to its lead.
func TestDemo_LeadConsentWithdrawn(t *testing.T) {
	d := startCRMDemo(t, "to check the leads the service makes", "--rate", "5")
	ctx, st := d.ctx, d.st
	d.call(http.MethodPost, "api/v1/leads", map[string]any{"id": "l-lena", "name": "Lena Lead",
		"identities": []map[string]string{{"network": "mastodon", "handle": "lena@example.social"}}}, nil)
	d.call(http.MethodPut, "api/v1/leads/l-lena/consent", map[string]any{"state": "withdrawn", "source": "email"}, nil)

	ask := func(id, author, text string) { d.mastodonPost(id, author, text) }
	casesOf := d.casesOf
	leadHas := func(id string) bool {
		ls, _, err := st.FindLeads(ctx, socialcrm.LeadFilter{Limit: -1})
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range ls {
			if slices.Contains(l.Mentions, "mastodon:"+id) {
				return true
			}
		}
		return false
	}
	const question = "@acme how much is the pro plan? I want to buy it for my team"
	ask("lena-out", "lena@example.social", question)
	// The case opener and the lead maker see a stranger's complaint after
	// hers (one brand, one partition): its case says hers was judged.
	ask("stranger", "someone@example.social", "@acme my order is late again, really disappointed")
	eventually(t, 30*time.Second, func() error {
		if casesOf("stranger") == 0 {
			return fmt.Errorf("no case holds the stranger's complaint")
		}
		return nil
	})
	if leadHas("lena-out") || casesOf("lena-out") != 0 {
		t.Errorf("her question while opted out: on a lead %v, %d cases", leadHas("lena-out"), casesOf("lena-out"))
	}
	d.call(http.MethodPut, "api/v1/leads/l-lena/consent", map[string]any{"state": "granted", "source": "web form"}, nil)
	ask("lena-in", "lena@example.social", question)
	eventually(t, 30*time.Second, func() error {
		if !leadHas("lena-in") {
			return fmt.Errorf("her question after opting back in is on no lead")
		}
		return nil
	})
}
