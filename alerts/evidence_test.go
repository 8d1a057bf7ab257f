package alerts_test

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/alerts"
)

// topicWindow feeds one window of brand acme: 40 mentions, of which
// brandNeg negative without a topic and refundNeg negative about
// "refund", then closes it.
func (f *fixture) topicWindow(brandNeg, refundNeg int) {
	f.t.Helper()
	var ms []*socialcrm.Mention
	for i := range 40 + refundNeg {
		f.n++
		m := &socialcrm.Mention{ID: fmt.Sprintf("test:%d", f.n), Source: "test", Brand: "acme",
			Author:    socialcrm.Author{Handle: fmt.Sprintf("user%d", f.n%50)},
			CreatedAt: f.clock.Now(), Sentiment: &socialcrm.Sentiment{Label: socialcrm.Neutral}}
		switch {
		case i < refundNeg:
			m.Sentiment.Label, m.Topics = socialcrm.Negative, []string{"refund"}
		case i < refundNeg+brandNeg:
			m.Sentiment.Label = socialcrm.Negative
		}
		ms = append(ms, m)
	}
	if err := f.alerter.Observe(context.Background(), ms); err != nil {
		f.t.Fatal(err)
	}
	f.clock.Add(5 * time.Minute)
	if err := f.alerter.Tick(context.Background()); err != nil {
		f.t.Fatal(err)
	}
}

// TestAlerter_TopicEvidence raises an alert on one topic whose burst is
// small for its brand, and checks that the alert carries both levels'
// counts and a mentions link that lists its topic only.
func TestAlerter_TopicEvidence(t *testing.T) {
	f := newFixture(t)
	for i := range 3 * 288 {
		f.topicWindow(20+i%5, 1)
	}
	for range 3 {
		f.topicWindow(22, 12)
	}
	firing := f.stored(socialcrm.AlertFiring)
	if len(firing) != 1 || firing[0].Topic != "refund" {
		t.Fatalf("firing alerts = %+v, want one on topic refund", firing)
	}
	a := firing[0]
	if a.Observed != 12 || a.Expected > 3 {
		t.Errorf("topic level: observed %v expected %v, want 12 against about 1", a.Observed, a.Expected)
	}
	if a.BrandObserved != 34 || a.BrandExpected < 15 || a.BrandExpected > 30 {
		t.Errorf("brand level: observed %v expected %v, want 34 against about 22", a.BrandObserved, a.BrandExpected)
	}
	u, err := url.Parse(a.MentionsLink)
	if err != nil || u.Query().Get("topic") != "refund" || u.Query().Get("brand") != "acme" {
		t.Errorf("mentions link %q, want brand acme and topic refund", a.MentionsLink)
	}
}

// TestAlerter_VIPCap raises VIP alerts for five brands within a minute:
// the first Config.VIPPerHour are critical and notified, the others are
// stored as info without a notification.
func TestAlerter_VIPCap(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	for i, brand := range []string{"acme", "globex", "initech", "umbrella", "hooli"} {
		m := vipMention(fmt.Sprintf("test:cap%d", i))
		m.Brand = brand
		if err := f.alerter.Observe(ctx, []*socialcrm.Mention{m}); err != nil {
			t.Fatal(err)
		}
		f.clock.Add(10 * time.Second)
	}
	if err := f.alerter.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	firing := f.stored(socialcrm.AlertFiring)
	sev := map[string]int{}
	for _, a := range firing {
		sev[a.Severity]++
	}
	capped := alerts.DefaultConfig().VIPPerHour
	if len(firing) != 5 || sev[socialcrm.SeverityCritical] != capped || sev[socialcrm.SeverityInfo] != 5-capped {
		t.Errorf("VIP alerts by severity %v of %d, want %d critical and the rest info", sev, len(firing), capped)
	}
	if got := f.recv.alerts(); len(got) != capped {
		t.Errorf("webhook got %d notifications, want %d", len(got), capped)
	}
	// an hour later the cap has room again
	f.clock.Add(time.Hour)
	m := vipMention("test:cap-later")
	m.Brand = "initech"
	if err := f.alerter.Observe(ctx, []*socialcrm.Mention{m}); err != nil {
		t.Fatal(err)
	}
	if err := f.alerter.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	later := 0
	for _, a := range f.recv.alerts() {
		if a.ID != "" && a.Brand == "initech" && a.Status == socialcrm.AlertFiring && a.Severity == socialcrm.SeverityCritical {
			later++
		}
	}
	if later != 1 {
		t.Errorf("an hour later: %d critical initech notifications, want 1 (the first initech alert was capped)", later)
	}
}

// TestAlerter_VIPJoinsSpike sends a VIP complaint about a brand with an
// open spike: it joins the spike, whose contacts then start with the VIP,
// instead of raising an alert of its own.
func TestAlerter_VIPJoinsSpike(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	f.quiet(3 * 288)
	for range 2 {
		f.window(45, 40)
	}
	firing := f.stored(socialcrm.AlertFiring)
	if len(firing) != 1 || firing[0].Reason != socialcrm.ReasonSpike {
		t.Fatalf("firing = %+v, want one spike", firing)
	}
	before := firing[0].Severity
	if err := f.alerter.Observe(ctx, []*socialcrm.Mention{vipMention("test:vip-in-spike")}); err != nil {
		t.Fatal(err)
	}
	firing = f.stored(socialcrm.AlertFiring)
	if len(firing) != 1 || firing[0].Reason != socialcrm.ReasonSpike {
		t.Fatalf("after a VIP complaint: firing = %+v, want the spike alone", firing)
	}
	a := firing[0]
	if len(a.Contacts) == 0 || a.Contacts[0] != "c-vip" || !slices.Contains(a.Mentions, "test:vip-in-spike") {
		t.Errorf("spike contacts %v, mentions %v: want c-vip first and its mention", a.Contacts, a.Mentions)
	}
	if before != socialcrm.SeverityCritical && a.Severity == before {
		t.Errorf("severity stayed %s with a VIP complaint joined", a.Severity)
	}
}
