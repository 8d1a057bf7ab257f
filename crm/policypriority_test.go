package crm_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/crm"
)

// TestCases_Priority: a case's priority comes from the account's value,
// the author's influence, the sentiment and the intent, and can be set by
// hand until the case is resolved.
func TestCases_Priority(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name, tier, intent, label string
		score                     float64
		followers                 int
		want                      string
	}{
		{"PlainQuestion", "", socialcrm.IntentQuestion, socialcrm.Neutral, 0, 10, socialcrm.PriorityLow},
		{"Complaint", "", socialcrm.IntentComplaint, socialcrm.Negative, -0.3, 10, socialcrm.PriorityNormal},
		{"AngryComplaint", "", socialcrm.IntentComplaint, socialcrm.Negative, -0.8, 10, socialcrm.PriorityHigh},
		{"GoldQuestion", socialcrm.TierGold, socialcrm.IntentQuestion, socialcrm.Neutral, 0, 10, socialcrm.PriorityNormal},
		{"InfluencerQuestion", "", socialcrm.IntentQuestion, socialcrm.Neutral, 0, 150_000, socialcrm.PriorityHigh},
		{"PlatinumChurn", socialcrm.TierPlatinum, socialcrm.IntentChurn, socialcrm.Negative, -0.9, 10, socialcrm.PriorityUrgent},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fx := newCaseFixture(t, nil)
			if tc.tier != "" {
				if err := fx.store.SaveAccounts(ctx, &socialcrm.Account{ID: "acc1", Name: "Acme", Tier: tc.tier}); err != nil {
					t.Fatal(err)
				}
			}
			m := fx.scored("1", "x", "alice", "about my booking", tc.intent, tc.label, 0, "c1")
			m.Sentiment.Score, m.Author.Followers = tc.score, tc.followers
			fx.observe(t, m)
			if k := fx.one(t); k.Priority != tc.want {
				t.Errorf("priority %s (%v), want %s", k.Priority, k.PriorityReasons, tc.want)
			}
		})
	}

	fx := newCaseFixture(t, nil)
	fx.observe(t, fx.scored("1", "x", "alice", "where is my bag?", socialcrm.IntentQuestion, socialcrm.Neutral, 0, "c1"))
	fx.now = t0.Add(time.Minute)
	k, err := fx.cases.SetCasePriority(ctx, "case-x:1", socialcrm.PriorityUrgent, "u-kim")
	if err != nil || k.Priority != socialcrm.PriorityUrgent || k.PrioritySetBy != "u-kim" {
		t.Fatalf("SetCasePriority = %+v, %v", k, err)
	}
	if _, err := fx.cases.SetCasePriority(ctx, "case-x:1", "asap", "u-kim"); !errors.Is(err, socialcrm.ErrInvalid) {
		t.Errorf("unknown priority: %v, want ErrInvalid", err)
	}
	if _, err := fx.cases.ResolveCase(ctx, "case-x:1", "u-kim"); err != nil {
		t.Fatal(err)
	}
	if _, err := fx.cases.SetCasePriority(ctx, "case-x:1", socialcrm.PriorityLow, "u-kim"); !errors.Is(err, socialcrm.ErrConflict) {
		t.Errorf("priority of a resolved case: %v, want ErrConflict", err)
	}
	if _, err := fx.cases.SetCasePriority(ctx, "nope", socialcrm.PriorityLow, "u-kim"); !errors.Is(err, socialcrm.ErrNotFound) {
		t.Errorf("unknown case: %v, want ErrNotFound", err)
	}
}

// TestCases_SegmentBoost: a case of a contact in a boosted segment opens
// at a higher priority, with the boost among its reasons; a case of a
// contact in no segment keeps the priority its mention earns.
func TestCases_SegmentBoost(t *testing.T) {
	ctx := context.Background()
	var segs *crm.Segments
	fx := newCaseFixture(t, func(c *crm.CaseConfig) {
		c.Boost = func(ctx context.Context, id string) (int, error) { return segs.Boost(ctx, id) }
	})
	segs = crm.NewSegments(fx.store, 0)
	if err := fx.store.SaveContacts(ctx, &socialcrm.Contact{ID: "c2", Name: "Bob", Tags: []string{"vip"},
		Identities: []socialcrm.Identity{{Network: "x", Handle: "bob"}}}); err != nil {
		t.Fatal(err)
	}
	if err := fx.store.CreateSegment(ctx, &socialcrm.Segment{ID: "vip", Name: "VIP", Boost: 60,
		Rules: socialcrm.SegmentRules{Match: "all", Conditions: []socialcrm.SegmentCondition{{Field: socialcrm.SegTag, Op: socialcrm.OpEq, Text: "vip"}}}}); err != nil {
		t.Fatal(err)
	}
	fx.observe(t, fx.scored("1", "x", "alice", "where is my bag?", socialcrm.IntentQuestion, socialcrm.Neutral, 0, "c1"))
	fx.observe(t, fx.scored("2", "x", "bob", "where is my bag?", socialcrm.IntentQuestion, socialcrm.Neutral, 0, "c2"))
	alice, err := fx.store.FindCaseByID(ctx, "case-x:1")
	if err != nil {
		t.Fatal(err)
	}
	bob, err := fx.store.FindCaseByID(ctx, "case-x:2")
	if err != nil {
		t.Fatal(err)
	}
	if alice.Priority != socialcrm.PriorityLow {
		t.Errorf("Alice (in no segment): priority %s (%v), want low", alice.Priority, alice.PriorityReasons)
	}
	if bob.Priority != socialcrm.PriorityHigh || !slices.Contains(bob.PriorityReasons, "segment boost 60") {
		t.Errorf("Bob (VIP, boost 60): priority %s (%v), want high with the segment boost as a reason", bob.Priority, bob.PriorityReasons)
	}
}
