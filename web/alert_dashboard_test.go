package web_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/alerts"
	"github.com/socialcrm/socialcrm/store/memory"
	"github.com/socialcrm/socialcrm/web"
)

// topicAlertFixture stores an alert on acme's topic "refund" and, around
// it, negative mentions of acme about refunds in its span (the ones it
// must list), about other topics in its span, and about refunds after it.
type topicAlertFixture struct {
	url   string
	alert *socialcrm.Alert
	own   map[string]bool // the negative refund mentions of the span
	store *memory.Store
}

const topicAlertOwn = 30 // refund complaints in the alert's span

func newTopicAlertFixture(t *testing.T) *topicAlertFixture {
	t.Helper()
	ctx := context.Background()
	now := time.Now().Truncate(time.Second)
	start, end := now.Add(-40*time.Minute), now.Add(-10*time.Minute)
	fx := &topicAlertFixture{store: memory.New(), own: map[string]bool{}}
	t.Cleanup(func() { fx.store.Close() })
	mention := func(id, topic string, at time.Time) *socialcrm.Mention {
		return &socialcrm.Mention{V: 1, ID: "mastodon:" + id, Source: "mastodon", Brand: "acme", Lang: "en",
			Text: fmt.Sprintf("@acme %s: still waiting, really disappointed (%s)", topic, id), Kind: socialcrm.KindPost, CreatedAt: at,
			Author: socialcrm.Author{ID: "u-" + id, Handle: "user" + id + "@example.social", Followers: 10},
			Topics: []string{topic}, Sentiment: &socialcrm.Sentiment{Label: socialcrm.Negative, Score: -0.7, Confidence: 0.8, Model: "test"}}
	}
	var ms []*socialcrm.Mention
	for i := range topicAlertOwn {
		m := mention(fmt.Sprintf("r%02d", i), "refund", start.Add(time.Duration(i)*time.Minute))
		fx.own[m.ID] = true
		ms = append(ms, m)
	}
	for i := range 10 { // the brand's other complaints in the span, newer than the refund ones
		ms = append(ms, mention(fmt.Sprintf("d%02d", i), "delivery", end.Add(-time.Duration(i)*time.Second)))
	}
	for i := range 5 { // refund complaints after the alert ended
		ms = append(ms, mention(fmt.Sprintf("late%d", i), "refund", end.Add(time.Duration(i+1)*time.Minute)))
	}
	must(t, fx.store.SaveMentions(ctx, ms...))
	// The sample: the complaints the alert was raised on, oldest ones,
	// which the newest-first list would show last.
	var sample []string
	for i := range 5 {
		sample = append(sample, ms[i].ID)
	}
	fx.alert = &socialcrm.Alert{V: 1, ID: "al-refund", Fingerprint: "acme/refund", Brand: "acme", Topic: "refund",
		Reason: socialcrm.ReasonSpike, Start: start, End: end, Window: "5m0s", Observed: 12, Expected: 1.2,
		BrandObserved: 340, BrandExpected: 41.5, NegShare: 0.8, Severity: socialcrm.SeverityWarning,
		Status: socialcrm.AlertFiring, Mentions: sample, CreatedAt: start, UpdatedAt: end}
	fx.alert.MentionsLink = alerts.MentionsLink("", fx.alert)
	must(t, fx.store.SaveAlert(ctx, fx.alert))
	al, err := alerts.New(alerts.DefaultConfig(), fx.store, nil, nil, prometheus.NewRegistry())
	must(t, err)
	fx.url = serve(t, &web.Server{Store: fx.store, Stream: web.NewHub(), Alerts: al}, fx.store).URL
	return fx
}

// TestAlertPage_OwnMentions opens an alert on one topic and checks that
// the mentions it lists are its sample first, then, a page at a time,
// every negative mention of its topic in its span and no other; and that
// it shows the counts at the topic's level and the brand's.
func TestAlertPage_OwnMentions(t *testing.T) {
	fx := newTopicAlertFixture(t)
	ctx := browser(t, "/api/v1/session") // signed out, GET session is 401
	signIn(t, ctx, fx.url, fx.store, socialcrm.RoleAdmin)
	do(t, ctx, "open alert", chromedp.Navigate(fx.url+"/alerts/al-refund"), chromedp.WaitVisible(chromedp.CSS(`#alert-all-h`)))
	listed := func() (ids, samples []string) {
		rows := eval[[][]string](t, ctx, `Array.from(document.querySelectorAll("#alert-detail ol.feed li.mention")).map(li => [li.dataset.mention, li.dataset.sample || ""])`)
		for _, r := range rows {
			ids = append(ids, r[0])
			if r[1] == "true" {
				samples = append(samples, r[0])
			}
		}
		return ids, samples
	}
	ids, samples := listed()
	if !slices.Equal(samples, fx.alert.Mentions) || len(ids) < len(samples) || !slices.Equal(ids[:len(samples)], fx.alert.Mentions) {
		t.Fatalf("listed %v with sample %v, want the alert's sample %v first", ids, samples, fx.alert.Mentions)
	}
	if len(ids) >= topicAlertOwn {
		t.Errorf("first page lists %d mentions, want fewer than the %d in the span (paged)", len(ids), topicAlertOwn)
	}
	do(t, ctx, "next page", chromedp.Click(chromedp.CSS(`#alert-more`)))
	waitFor(t, ctx, "every mention listed", fmt.Sprintf(`document.querySelectorAll("#alert-detail ol.feed li.mention").length === %d && !document.querySelector("#alert-more")`, topicAlertOwn))
	ids, _ = listed()
	seen := map[string]bool{}
	for _, id := range ids {
		if !fx.own[id] {
			t.Errorf("alert lists %s, which is not a refund complaint of its span", id)
		}
		if seen[id] {
			t.Errorf("alert lists %s twice", id)
		}
		seen[id] = true
		m, err := fx.store.FindMentionByID(context.Background(), id)
		must(t, err)
		if !slices.Contains(m.Topics, fx.alert.Topic) || m.CreatedAt.Before(fx.alert.Start) || m.CreatedAt.After(fx.alert.End) {
			t.Errorf("listed %s has topics %v at %v, want %q within %v to %v", id, m.Topics, m.CreatedAt, fx.alert.Topic, fx.alert.Start, fx.alert.End)
		}
	}
	if len(seen) != topicAlertOwn {
		t.Errorf("alert lists %d distinct mentions, want the %d of its topic and span", len(seen), topicAlertOwn)
	}
	facts := eval[string](t, ctx, `document.querySelector("#alert-detail .facts").textContent`)
	for _, want := range []string{"Observed (refund)12", "Expected (refund)1.2", "Observed (all of acme)340", "Expected (all of acme)41.5"} {
		if !strings.Contains(facts, want) {
			t.Errorf("alert facts %q lack %q", facts, want)
		}
	}
	item := eval[string](t, ctx, `document.querySelector('#alerts [data-alert="al-refund"]').textContent`)
	if !strings.Contains(item, "refund: 12 vs 1.2 expected · brand: 340 vs 41.5 expected") {
		t.Errorf("alert list item %q lacks both levels' counts", item)
	}
}
