package main

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
)

// TestDemo_ConsentWithdrawn has a contact opt out of being profiled
// through the API of the running service (Postgres, embedded broker): her
// next complaint to the brand is stored but not linked to her and opens
// no case; after she opts back in, the next one is linked and opens one.
func TestDemo_ConsentWithdrawn(t *testing.T) {
	d := startCRMDemo(t, "to check the cases the service opens", "--rate", "5")
	ctx, st := d.ctx, d.st

	d.call(http.MethodPost, "api/v1/contacts", map[string]any{"id": "c-opt", "name": "Olga Opt",
		"identities": []map[string]string{{"network": "mastodon", "handle": "olga@example.social"}}}, nil)
	d.call(http.MethodPut, "api/v1/contacts/c-opt/consent", map[string]any{"state": "withdrawn", "source": "email"}, nil)

	const complaint = "@acme my order is late again, really disappointed"
	complain := func(id, author string) *socialcrm.Mention { return d.mastodonPost(id, author, complaint) }
	casesOf := d.casesOf

	out := complain("opted-out", "olga@example.social")
	if len(out.Contacts) != 0 {
		t.Errorf("her mention while opted out is linked to %v", out.Contacts)
	}
	// The case opener decides when it sees a mention: a stranger's
	// complaint after hers (one brand, one partition) opening its case
	// says that hers was seen before she opts back in.
	complain("stranger", "someone@example.social")
	eventually(t, 30*time.Second, func() error {
		if casesOf("stranger") == 0 {
			return fmt.Errorf("no case holds the stranger's complaint")
		}
		return nil
	})
	d.call(http.MethodPut, "api/v1/contacts/c-opt/consent", map[string]any{"state": "granted", "source": "web form"}, nil)
	in := complain("opted-in", "olga@example.social")
	if len(in.Contacts) != 1 || in.Contacts[0] != "c-opt" {
		t.Errorf("her mention after opting back in is linked to %v, want c-opt", in.Contacts)
	}
	eventually(t, 30*time.Second, func() error {
		if casesOf("opted-in") == 0 {
			return fmt.Errorf("no case holds her mention after she opted back in")
		}
		return nil
	})
	if n := casesOf("opted-out"); n != 0 {
		t.Errorf("%d cases hold her mention while opted out, want none", n)
	}
	h, err := st.FindConsentHistory(ctx, "c-opt")
	if err != nil || len(h) != 2 {
		t.Errorf("consent history: %d changes, %v", len(h), err)
	}
}
