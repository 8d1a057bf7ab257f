package alerts_test

import (
	"context"
	"fmt"
	"net/url"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
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
