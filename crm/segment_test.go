package crm_test

import (
	"context"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/crm"
	"github.com/socialcrm/socialcrm/store/memory"
)

// TestSegments_Of: a platinum contact posting negatives is in the
// built-in segment and gets its boost; a new segment counts once the list
// is reread; a contact who withdrew is in none.
func TestSegments_Of(t *testing.T) {
	ctx := context.Background()
	st := memory.New()
	t.Cleanup(func() { st.Close() })
	now := time.Now().UTC()
	must(t, st.SaveAccounts(ctx, &socialcrm.Account{ID: "acc-p", Name: "P", Tier: socialcrm.TierPlatinum, Value: 80000}))
	must(t, st.SaveContacts(ctx, &socialcrm.Contact{ID: "c-pia", Name: "Pia", AccountID: "acc-p", Tags: []string{"vip"}},
		&socialcrm.Contact{ID: "c-bo", Name: "Bo", AccountID: "acc-p"}))
	var ms []*socialcrm.Mention
	for i, id := range []string{"x:1", "x:2"} {
		ms = append(ms, &socialcrm.Mention{V: 1, ID: id, Source: "x", Brand: "acme", Author: socialcrm.Author{Handle: "pia"},
			CreatedAt: now.Add(-time.Duration(i+1) * time.Hour), Contacts: []string{"c-pia"},
			Sentiment: &socialcrm.Sentiment{Label: socialcrm.Negative, Score: -0.7}})
	}
	must(t, st.SaveMentions(ctx, ms...))
	must(t, st.CreateSegment(ctx, crm.HighValueTurningNegative()))
	s := crm.NewSegments(st, time.Hour)
	boost, err := s.Boost(ctx, "c-pia")
	must(t, err)
	if boost != crm.HighValueTurningNegative().Boost {
		t.Errorf("Pia's boost = %d, want the built-in segment's", boost)
	}
	if b, _ := s.Boost(ctx, "c-bo"); b != 0 {
		t.Errorf("Bo's boost = %d, want 0 (he said nothing)", b)
	}
	must(t, st.CreateSegment(ctx, &socialcrm.Segment{ID: "vip", Name: "VIP", Boost: 80,
		Rules: socialcrm.SegmentRules{Match: "all", Conditions: []socialcrm.SegmentCondition{{Field: socialcrm.SegTag, Op: socialcrm.OpEq, Text: "vip"}}}}))
	if gs, _ := s.SegmentsOf(ctx, "c-pia"); len(gs) != 1 {
		t.Errorf("before the list is reread Pia is in %d segments, want 1", len(gs))
	}
	fresh := crm.NewSegments(st, 0)
	gs, err := fresh.SegmentsOf(ctx, "c-pia")
	must(t, err)
	if len(gs) != 2 || gs[0].ID != "high-value-turning-negative" || gs[1].ID != "vip" {
		t.Errorf("Pia's segments = %v", gs)
	}
	if b, _ := fresh.Boost(ctx, "c-pia"); b != 80 {
		t.Errorf("Pia's boost = %d, want 80 (the highest)", b)
	}
	must(t, st.SetConsent(ctx, &socialcrm.Consent{ContactID: "c-pia", State: socialcrm.ConsentWithdrawn, At: now}))
	if gs, _ := fresh.SegmentsOf(ctx, "c-pia"); len(gs) != 0 {
		t.Errorf("after withdrawing Pia is in %v", gs)
	}
}

func TestRaisePriority(t *testing.T) {
	for _, tc := range []struct {
		in    string
		boost int
		want  string
	}{
		{"", 0, "normal"}, {"low", 10, "normal"}, {"normal", 10, "high"}, {"normal", 50, "urgent"},
		{"high", 100, "urgent"}, {"urgent", 30, "urgent"}, {"low", 0, "low"}, {"low", 60, "high"},
	} {
		if got := crm.RaisePriority(tc.in, tc.boost); got != tc.want {
			t.Errorf("RaisePriority(%q, %d) = %q, want %q", tc.in, tc.boost, got, tc.want)
		}
	}
}
