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

func TestMentionsLink_TopicAndRule(t *testing.T) {
	at := time.Date(2026, 11, 20, 10, 4, 0, 0, time.UTC)
	for _, tc := range []struct{ topic, key, want string }{
		{"refund", "topic", "refund"},
		{"rule:acme-brand", "rule", "acme-brand"},
	} {
		u, err := url.Parse(alerts.MentionsLink("", &socialcrm.Alert{Brand: "acme", Topic: tc.topic, Start: at, End: at.Add(time.Minute)}))
		if err != nil {
			t.Fatal(err)
		}
		if q := u.Query(); q.Get(tc.key) != tc.want || q.Get("brand") != "acme" || q.Get("sentiment") != socialcrm.Negative {
			t.Errorf("topic %q: link %s, want %s=%s", tc.topic, u, tc.key, tc.want)
		}
	}
}
