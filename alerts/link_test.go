package alerts_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/alerts"
)

func TestMentionsLink_Instant(t *testing.T) {
	at := time.Date(2026, 11, 20, 10, 4, 5, 600_000_000, time.UTC)
	link := alerts.MentionsLink("http://x", &socialcrm.Alert{Brand: "acme", Start: at, End: at})
	u, err := url.Parse(link)
	if err != nil || !strings.HasPrefix(link, "http://x/api/v1/mentions?") {
		t.Fatalf("link %q: %v", link, err)
	}
	since, _ := time.Parse(time.RFC3339, u.Query().Get("since"))
	until, _ := time.Parse(time.RFC3339, u.Query().Get("until"))
	if since.After(at) || !until.After(at) {
		t.Fatalf("since %s until %s does not cover %s", since, until, at)
	}
}
