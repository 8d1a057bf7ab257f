package alerts_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/alerts"
)

// segmentOf saves a segment of the contacts whose account has tier.
func segmentOf(t *testing.T, f *fixture, id, tier string) {
	t.Helper()
	err := f.store.CreateSegment(context.Background(), &socialcrm.Segment{ID: id, Name: id, Rules: socialcrm.SegmentRules{Match: "all",
		Conditions: []socialcrm.SegmentCondition{{Field: socialcrm.SegTier, Op: socialcrm.OpEq, Text: tier}}}})
	if err != nil {
		t.Fatal(err)
	}
}

// busyWindow feeds one window of a busy brand: 100 mentions, half of
// them negative, plus member negatives by contact, then ticks.
func (f *fixture) busyWindow(member int, contact string) {
	f.t.Helper()
	f.observeWindow(f.busyMentions(member, contact))
}

// busyMentions makes the mentions of one busyWindow.
func (f *fixture) busyMentions(member int, contact string) []*socialcrm.Mention {
	var ms []*socialcrm.Mention
	for i := range 100 + member {
		f.n++
		m := &socialcrm.Mention{V: 1, ID: fmt.Sprintf("test:%d", f.n), Source: "test", Brand: "acme", Text: "t", Kind: socialcrm.KindPost,
			Author: socialcrm.Author{Handle: fmt.Sprintf("user%d", f.n%500), Followers: 10}, CreatedAt: f.clock.Now(),
			Sentiment: &socialcrm.Sentiment{Label: socialcrm.Neutral}}
		if i%2 == 0 || i >= 100 {
			m.Sentiment.Label = socialcrm.Negative
		}
		if i >= 100 {
			m.Contacts, m.Author.Handle = []string{contact}, contact
		}
		ms = append(ms, m)
	}
	return ms
}

// observeWindow observes ms, then ticks past their window.
func (f *fixture) observeWindow(ms []*socialcrm.Mention) {
	f.t.Helper()
	if err := f.alerter.Observe(context.Background(), ms); err != nil {
		f.t.Fatal(err)
	}
	f.clock.Add(5 * time.Minute)
	if err := f.alerter.Tick(context.Background()); err != nil {
		f.t.Fatal(err)
	}
}

// An alert rule that targets a segment counts only its members'
// mentions: twenty complaints by a member, lost in a busy brand's
// negatives (below its minimum ratio), raise an alert on the segment; as
// many by someone who is no member raise none.
func TestAlerter_SegmentRule(t *testing.T) {
	for _, tc := range []struct {
		name, contact string
		want          int
	}{{"Member", "c-gold", 1}, {"NotMember", "c-silver", 0}} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, func(c *alerts.Config) { c.SegmentRules = []alerts.SegmentRule{{Segment: "gold"}} })
			segmentOf(t, f, "gold", socialcrm.TierGold)
			f.restart() // loads the members
			for i := range 3 * 288 {
				member := 0
				if i%12 == 0 {
					member = 1 // an hourly complaint, member or not
				}
				f.busyWindow(member, tc.contact)
			}
			if n := len(f.stored(socialcrm.AlertFiring)); n != 0 {
				t.Fatalf("ordinary days raised %d alerts", n)
			}
			for range 2 {
				f.busyWindow(20, tc.contact)
			}
			firing := f.stored(socialcrm.AlertFiring)
			if len(firing) != tc.want {
				t.Fatalf("firing = %+v, want %d", firing, tc.want)
			}
			if tc.want == 0 {
				return
			}
			al := firing[0]
			if al.Topic != "segment:gold" || al.Fingerprint != "acme/segment:gold" || al.Reason != socialcrm.ReasonSpike ||
				len(al.Contacts) != 1 || al.Contacts[0] != "c-gold" || al.Observed < 20 {
				t.Errorf("alert = %+v, want acme's segment:gold spike with Gill", al)
			}
			if strings.Contains(al.MentionsLink, "topic=") || !strings.Contains(al.MentionsLink, "brand=acme") || !strings.Contains(al.MentionsLink, "segment=gold") {
				t.Errorf("mentions link = %q, want the members' negatives of the brand", al.MentionsLink)
			}
		})
	}
}

// The VIP rule that targets a segment raises an alert for its members'
// complaints only, whatever their tier, and takes a change of the
// segment at its next refresh, not before.
func TestAlerter_VIPSegment(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, func(c *alerts.Config) { c.VIPSegment = "key" })
	segmentOf(t, f, "key", socialcrm.TierGold)
	f.restart()
	complaint := func(id, contact string) {
		t.Helper()
		m := vipMention(id)
		m.Contacts = []string{contact}
		if err := f.alerter.Observe(ctx, []*socialcrm.Mention{m}); err != nil {
			t.Fatal(err)
		}
	}
	complaint("test:p1", "c-vip") // platinum, but no member
	if n := len(f.stored(socialcrm.AlertFiring)); n != 0 {
		t.Fatalf("a platinum non-member raised %d alerts", n)
	}
	complaint("test:g1", "c-gold")
	firing := f.stored(socialcrm.AlertFiring)
	if len(firing) != 1 || firing[0].Reason != socialcrm.ReasonVIP || firing[0].Contacts[0] != "c-gold" {
		t.Fatalf("a member's complaint: firing = %+v, want one VIP alert for Gill", firing)
	}

	// The segment now holds the platinum contacts: not seen until the
	// members are evaluated again.
	g, err := f.store.FindSegmentByID(ctx, "key")
	if err != nil {
		t.Fatal(err)
	}
	g.Rules.Conditions[0].Text = socialcrm.TierPlatinum
	if err := f.store.UpdateSegment(ctx, g); err != nil {
		t.Fatal(err)
	}
	complaint("test:p2", "c-vip")
	if got := f.stored(socialcrm.AlertFiring)[0]; got.Observed != 1 {
		t.Fatalf("before the refresh Vera's complaint counted: observed %v", got.Observed)
	}
	if err := f.alerter.RefreshSegments(ctx); err != nil {
		t.Fatal(err)
	}
	complaint("test:p3", "c-vip")
	if got := f.stored(socialcrm.AlertFiring)[0]; got.Observed != 2 || got.Contacts[0] != "c-vip" {
		t.Fatalf("after the refresh: %+v, want Vera's complaint joined", got)
	}
	var s struct {
		VIPSegment string                 `json:"vip_segment"`
		Segments   []alerts.SegmentStatus `json:"segments"`
	}
	b, _ := json.Marshal(f.alerter.Settings())
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	if s.VIPSegment != "key" || len(s.Segments) != 1 || s.Segments[0].Members != 2 || s.Segments[0].Error != "" {
		t.Errorf("settings: %s", b)
	}

	// A deleted segment keeps its last members and says why.
	if err := f.store.DeleteSegment(ctx, "key"); err != nil {
		t.Fatal(err)
	}
	if err := f.alerter.RefreshSegments(ctx); err == nil || !strings.Contains(err.Error(), `segment "key"`) {
		t.Errorf("refresh of a deleted segment: %v", err)
	}
	b, _ = json.Marshal(f.alerter.Settings())
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	if s.Segments[0].Members != 2 || !strings.Contains(s.Segments[0].Error, "not found") {
		t.Errorf("settings after the delete: %s", b)
	}
}

// Run evaluates the targeted segments again every SegmentRefresh.
func TestAlerter_SegmentRefreshInRun(t *testing.T) {
	f := newFixture(t, func(c *alerts.Config) {
		c.SegmentRules, c.SegmentRefresh = []alerts.SegmentRule{{Segment: "gold"}}, time.Second
	})
	segmentOf(t, f, "gold", socialcrm.TierGold)
	f.restart()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- f.alerter.Run(ctx) }()
	defer func() { cancel(); <-done }()
	if err := f.store.SaveContacts(context.Background(), &socialcrm.Contact{ID: "c-gold2", Name: "Gwen", AccountID: "a-gold"}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		b, _ := json.Marshal(f.alerter.Settings())
		if strings.Contains(string(b), `"members":2`) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("members not refreshed within 30 s: %s", b)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// A restart keeps a segment series' baseline: the members' stored
// mentions are replayed into it once the members are evaluated, so a
// burst right after a restart in a quiet period fires as it would have
// without the restart, and ordinary windows raise nothing.
func TestAlerter_SegmentRestart(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name            string
		restart, stored bool
		want            int
	}{
		{"NoRestart", false, true, 1},
		{"Restart", true, true, 1},
		{"RestartWithoutStoredHistory", true, false, 0}, // what a cold series does; the test would prove nothing otherwise
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, func(c *alerts.Config) { c.SegmentRules = []alerts.SegmentRule{{Segment: "gold"}} })
			segmentOf(t, f, "gold", socialcrm.TierGold)
			f.restart()
			for i := range 3 * 288 {
				member := 0
				if i%12 == 0 {
					member = 1
				}
				ms := f.busyMentions(member, "c-gold")
				if tc.stored {
					if err := f.store.SaveMentions(ctx, ms...); err != nil {
						t.Fatal(err)
					}
				}
				f.observeWindow(ms)
			}
			if tc.restart {
				f.restart()
				if err := f.alerter.Tick(ctx); err != nil {
					t.Fatal(err)
				}
			}
			for range 3 {
				f.busyWindow(0, "c-gold")
			}
			if n := len(f.stored(socialcrm.AlertFiring)); n != 0 {
				t.Fatalf("ordinary windows raised %d alerts", n)
			}
			for range 2 {
				f.busyWindow(20, "c-gold")
			}
			firing := f.stored(socialcrm.AlertFiring)
			if len(firing) != tc.want {
				t.Fatalf("burst: firing = %+v, want %d", firing, tc.want)
			}
			if tc.want == 1 && firing[0].Topic != "segment:gold" {
				t.Errorf("alert topic = %q, want segment:gold", firing[0].Topic)
			}
		})
	}
}

func TestReadConfig_Segments(t *testing.T) {
	c, err := alerts.ReadConfig(strings.NewReader("vip_segment: key\nsegments:\n  - segment: gold\n    brands: [acme]\nsegment_refresh: 30s\n"), alerts.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	if c.VIPSegment != "key" || len(c.SegmentRules) != 1 || c.SegmentRules[0].Segment != "gold" || c.SegmentRules[0].Brands[0] != "acme" ||
		c.SegmentRefresh != 30*time.Second {
		t.Errorf("config = %+v", c)
	}
	for _, bad := range []string{"segments:\n  - brands: [acme]\n", "segments:\n  - segment: a\n  - segment: a\n",
		"vip_segment: 'no spaces'\n", "segment_refresh: 10ms\n", "segments:\n  - segment: a\n    brand: x\n"} {
		if _, err := alerts.ReadConfig(strings.NewReader(bad), alerts.DefaultConfig()); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}
