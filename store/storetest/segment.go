package storetest

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
)

// segNow is the end of the segment fixture's windows.
var segNow = at(30 * 24 * time.Hour)

// seedSegments stores the segment fixture: Pat (platinum, 90,000, vip,
// three recent negatives and an older positive, 5,000 followers), Gil
// (gold, bluesky, two recent positives, one unscored, a tombstone, an
// open case), Bea (bronze, 500, vip, no mentions), Noa (no account, one
// neutral 40 days ago) and Wit (platinum, negatives, consent withdrawn).
func seedSegments(t *testing.T, s socialcrm.Store) {
	t.Helper()
	ctx := context.Background()
	must(t, "SaveAccounts", s.SaveAccounts(ctx,
		&socialcrm.Account{ID: "acc-plat", Name: "Plat", Tier: socialcrm.TierPlatinum, Value: 90000},
		&socialcrm.Account{ID: "acc-gold", Name: "Gold", Tier: socialcrm.TierGold, Value: 20000},
		&socialcrm.Account{ID: "acc-bronze", Name: "Bronze", Tier: socialcrm.TierBronze, Value: 500}))
	person := func(id, name, account, network string, tags ...string) *socialcrm.Contact {
		return &socialcrm.Contact{ID: id, Name: name, AccountID: account, Tags: tags,
			Identities: []socialcrm.Identity{{Network: network, Handle: id + "@example.social"}}}
	}
	pat := person("c-pat", "Pat", "acc-plat", "mastodon", "vip")
	pat.Lifecycle, pat.Owner = socialcrm.LifecycleCustomer, "u-owner"
	must(t, "SaveContacts", s.SaveContacts(ctx,
		pat,
		person("c-gil", "Gil", "acc-gold", "bluesky"),
		person("c-bea", "Bea", "acc-bronze", "mastodon", "vip"),
		person("c-noa", "Noa", "", "x"),
		person("c-wit", "Wit", "acc-plat", "mastodon")))
	must(t, "SetConsent", s.SetConsent(ctx, &socialcrm.Consent{ContactID: "c-wit", State: socialcrm.ConsentWithdrawn, At: t0}))
	n := 0
	say := func(contact, label string, score float64, ago time.Duration, followers int) *socialcrm.Mention {
		n++
		m := mention(fmt.Sprintf("seg%d", n), "acme", label, segNow.Add(-ago))
		m.Contacts, m.Author.Followers = []string{contact}, followers
		if m.Sentiment != nil {
			m.Sentiment.Score = score
		}
		return m
	}
	day := 24 * time.Hour
	ms := []*socialcrm.Mention{
		say("c-pat", socialcrm.Negative, -0.6, 1*day, 5000),
		say("c-pat", socialcrm.Negative, -0.5, 2*day, 5000),
		say("c-pat", socialcrm.Negative, -0.7, 3*day, 4000),
		say("c-pat", socialcrm.Positive, 0.8, 20*day, 4000),
		say("c-gil", socialcrm.Positive, 0.5, 1*day, 10),
		say("c-gil", socialcrm.Positive, 0.4, 2*day, 10),
		say("c-gil", "", 0, 3*day, 10),
		say("c-noa", socialcrm.Neutral, 0, 40*day, 10),
		say("c-wit", socialcrm.Negative, -0.9, 1*day, 9000),
	}
	tomb := say("c-gil", socialcrm.Negative, -0.9, day, 10)
	tomb.Deleted = true
	must(t, "SaveMentions", s.SaveMentions(ctx, append(ms, tomb)...))
	k := kase("case-gil", "gil", segNow.Add(-day))
	k.AccountID = "acc-gold"
	must(t, "SaveCase", s.SaveCase(ctx, k))
	done := kase("case-pat", "pat", segNow.Add(-day))
	done.Status = socialcrm.CaseResolved
	must(t, "SaveCase", s.SaveCase(ctx, done))
}

func cond(field, op string, number float64, days int) socialcrm.SegmentCondition {
	return socialcrm.SegmentCondition{Field: field, Op: op, Number: number, Days: days}
}

func textCond(field, text string) socialcrm.SegmentCondition {
	return socialcrm.SegmentCondition{Field: field, Op: socialcrm.OpEq, Text: text}
}

func all(cs ...socialcrm.SegmentCondition) socialcrm.SegmentRules {
	return socialcrm.SegmentRules{Match: "all", Conditions: cs}
}

func anyOf(cs ...socialcrm.SegmentCondition) socialcrm.SegmentRules {
	return socialcrm.SegmentRules{Match: "any", Conditions: cs}
}

func contactIDs(cs []*socialcrm.Contact) []string {
	out := []string{}
	for _, c := range cs {
		out = append(out, c.ID)
	}
	return out
}

func testSegmentMembers(t *testing.T, open Open) {
	ctx := context.Background()
	s := open(t)
	seedSegments(t, s)
	nested := all(textCond(socialcrm.SegChannel, "bluesky"))
	nested.Conditions = nil
	nested.Groups = []socialcrm.SegmentRules{
		anyOf(textCond(socialcrm.SegTier, socialcrm.TierPlatinum), textCond(socialcrm.SegTier, socialcrm.TierGold)),
		anyOf(cond(socialcrm.SegOpenCases, socialcrm.OpGTE, 1, 0), cond(socialcrm.SegNegativeShare, socialcrm.OpGTE, 0.5, 30)),
	}
	for name, tc := range map[string]struct {
		rules socialcrm.SegmentRules
		want  []string
	}{
		"HighValueTurningNegative": {all(cond(socialcrm.SegAccountValue, socialcrm.OpGTE, 50000, 0), cond(socialcrm.SegSentimentAvg, socialcrm.OpLTE, -0.2, 7)), []string{"c-pat"}},
		"SentimentAvgWholeMonth":   {all(cond(socialcrm.SegSentimentAvg, socialcrm.OpLTE, -0.3, 30)), []string{}}, // Pat: (-1.8+0.8)/4 = -0.25
		"GoldOrVIP":                {anyOf(textCond(socialcrm.SegTier, socialcrm.TierGold), textCond(socialcrm.SegTag, "vip")), []string{"c-bea", "c-gil", "c-pat"}},
		"MentionCount":             {all(cond(socialcrm.SegMentionCount, socialcrm.OpGTE, 3, 7)), []string{"c-gil", "c-pat"}},
		"NoMentionsThisWeek":       {all(cond(socialcrm.SegMentionCount, socialcrm.OpLTE, 0, 7)), []string{"c-bea", "c-noa"}},
		"NegativeShare":            {all(cond(socialcrm.SegNegativeShare, socialcrm.OpGTE, 0.5, 30)), []string{"c-pat"}},
		"PositiveOnly":             {all(cond(socialcrm.SegNegativeShare, socialcrm.OpLTE, 0, 30)), []string{"c-gil"}},
		"RecentlyActive":           {all(cond(socialcrm.SegLastMentionDays, socialcrm.OpLTE, 10, 0)), []string{"c-gil", "c-pat"}},
		"Quiet":                    {all(cond(socialcrm.SegLastMentionDays, socialcrm.OpGTE, 30, 0)), []string{"c-bea", "c-noa"}},
		"Influential":              {all(cond(socialcrm.SegFollowers, socialcrm.OpGTE, 1000, 0)), []string{"c-pat"}},
		"OpenCases":                {all(cond(socialcrm.SegOpenCases, socialcrm.OpGTE, 1, 0)), []string{"c-gil"}},
		"Channel":                  {all(textCond(socialcrm.SegChannel, "bluesky")), []string{"c-gil"}},
		"Customers":                {all(textCond(socialcrm.SegLifecycle, socialcrm.LifecycleCustomer)), []string{"c-pat"}},
		"Owner":                    {all(textCond(socialcrm.SegOwner, "u-owner")), []string{"c-pat"}},
		"SmallAccounts":            {all(cond(socialcrm.SegAccountValue, socialcrm.OpLTE, 1000, 0)), []string{"c-bea"}},
		"Nested":                   {nested, []string{"c-gil", "c-pat"}},
		"Everyone":                 {all(), []string{"c-bea", "c-gil", "c-noa", "c-pat"}},
		"Nobody":                   {anyOf(), []string{}},
	} {
		t.Run(name, func(t *testing.T) {
			got, total, err := s.FindSegmentMembers(ctx, tc.rules, socialcrm.SegmentMemberFilter{Now: segNow, Limit: -1})
			must(t, "FindSegmentMembers", err)
			diff(t, "members", tc.want, contactIDs(got))
			if total != len(tc.want) {
				t.Errorf("total = %d, want %d", total, len(tc.want))
			}
		})
	}
	t.Run("Page", func(t *testing.T) {
		got, total, err := s.FindSegmentMembers(ctx, all(), socialcrm.SegmentMemberFilter{Now: segNow, Offset: 1, Limit: 2})
		must(t, "FindSegmentMembers", err)
		diff(t, "page", []string{"c-gil", "c-noa"}, contactIDs(got))
		if total != 4 || len(got[0].Identities) != 1 || got[0].AccountID != "acc-gold" {
			t.Errorf("total %d, first %+v", total, got[0])
		}
	})
	t.Run("OneContact", func(t *testing.T) {
		vip := anyOf(textCond(socialcrm.SegTag, "vip"), cond(socialcrm.SegFollowers, socialcrm.OpGTE, 1000, 0))
		for id, want := range map[string][]string{"c-pat": {"c-pat"}, "c-bea": {"c-bea"}, "c-gil": {}, "c-wit": {}, "nobody": {}} {
			got, total, err := s.FindSegmentMembers(ctx, vip, socialcrm.SegmentMemberFilter{Now: segNow, ContactID: id})
			must(t, "FindSegmentMembers", err)
			diff(t, "members among "+id, want, contactIDs(got))
			if total != len(want) {
				t.Errorf("%s: total %d", id, total)
			}
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		for name, r := range map[string]socialcrm.SegmentRules{
			"field":  all(cond("shoe_size", socialcrm.OpGTE, 1, 0)),
			"op":     all(cond(socialcrm.SegMentionCount, socialcrm.OpEq, 1, 7)),
			"days":   all(cond(socialcrm.SegMentionCount, socialcrm.OpGTE, 1, 0)),
			"match":  {Match: "some"},
			"tier":   all(textCond(socialcrm.SegTier, "diamond")),
			"stage":  all(textCond(socialcrm.SegLifecycle, "alien")),
			"window": all(cond(socialcrm.SegOpenCases, socialcrm.OpGTE, 1, 3)),
		} {
			if _, _, err := s.FindSegmentMembers(ctx, r, socialcrm.SegmentMemberFilter{}); !errors.Is(err, socialcrm.ErrInvalid) {
				t.Errorf("%s: %v, want ErrInvalid", name, err)
			}
		}
		if _, _, err := s.FindSegmentMembers(ctx, all(), socialcrm.SegmentMemberFilter{Offset: -1}); !errors.Is(err, socialcrm.ErrInvalid) {
			t.Errorf("negative offset: %v, want ErrInvalid", err)
		}
	})
}

func testSegmentStore(t *testing.T, open Open) {
	ctx := context.Background()
	t.Run("Members", func(t *testing.T) {
		t.Parallel()
		testSegmentMembers(t, open)
	})
	t.Run("OK", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		vip := &socialcrm.Segment{ID: "vip", Name: "VIPs", Boost: 20, Rules: all(textCond(socialcrm.SegTag, "vip"))}
		neg := &socialcrm.Segment{ID: "neg", Name: "Angry", Rules: socialcrm.SegmentRules{Match: "any",
			Groups: []socialcrm.SegmentRules{all(cond(socialcrm.SegSentimentAvg, socialcrm.OpLTE, -0.5, 14))}}}
		must(t, "CreateSegment", s.CreateSegment(ctx, vip))
		must(t, "CreateSegment", s.CreateSegment(ctx, neg))
		if err := s.CreateSegment(ctx, vip); !errors.Is(err, socialcrm.ErrConflict) {
			t.Errorf("CreateSegment of a taken ID: %v, want ErrConflict", err)
		}
		got, err := s.FindSegmentByID(ctx, "vip")
		must(t, "FindSegmentByID", err)
		if got.CreatedAt.IsZero() || got.UpdatedAt.IsZero() {
			t.Errorf("times not set: %+v", got)
		}
		created := got.CreatedAt
		got.CreatedAt, got.UpdatedAt = time.Time{}, time.Time{}
		diff(t, "segment", vip, got)
		// The caller's copy does not change the store.
		vip.Rules.Conditions[0].Text = "changed"
		got, _ = s.FindSegmentByID(ctx, "vip")
		if got.Rules.Conditions[0].Text != "vip" {
			t.Error("the store shares the caller's rules")
		}
		time.Sleep(2 * time.Millisecond)
		upd := &socialcrm.Segment{ID: "vip", Name: "Very important", Boost: 50, Rules: all(textCond(socialcrm.SegTier, socialcrm.TierPlatinum))}
		must(t, "UpdateSegment", s.UpdateSegment(ctx, upd))
		got, _ = s.FindSegmentByID(ctx, "vip")
		if !got.CreatedAt.Equal(created) || !got.UpdatedAt.After(created) || got.Name != "Very important" || got.Boost != 50 {
			t.Errorf("after update = %+v, created %v", got, created)
		}
		list, err := s.FindSegments(ctx)
		must(t, "FindSegments", err)
		if len(list) != 2 || list[0].ID != "neg" || list[1].ID != "vip" || len(list[0].Rules.Groups) != 1 {
			t.Errorf("FindSegments = %+v, want neg (Angry) then vip", list)
		}
		must(t, "DeleteSegment", s.DeleteSegment(ctx, "neg"))
		if err := s.DeleteSegment(ctx, "neg"); !errors.Is(err, socialcrm.ErrNotFound) {
			t.Errorf("second DeleteSegment: %v, want ErrNotFound", err)
		}
		if _, err := s.FindSegmentByID(ctx, "neg"); !errors.Is(err, socialcrm.ErrNotFound) {
			t.Errorf("FindSegmentByID after delete: %v, want ErrNotFound", err)
		}
		if err := s.UpdateSegment(ctx, &socialcrm.Segment{ID: "gone", Name: "x", Rules: all()}); !errors.Is(err, socialcrm.ErrNotFound) {
			t.Errorf("UpdateSegment of no segment: %v, want ErrNotFound", err)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		for name, g := range map[string]*socialcrm.Segment{
			"id":             {ID: "../x", Name: "x", Rules: all()},
			"name":           {ID: "x", Rules: all()},
			"priority_boost": {ID: "x", Name: "x", Boost: 101, Rules: all()},
			"rules.match":    {ID: "x", Name: "x"},
			"conditions[0]":  {ID: "x", Name: "x", Rules: all(cond("nope", socialcrm.OpGTE, 1, 0))},
		} {
			if err := s.CreateSegment(ctx, g); !errors.Is(err, socialcrm.ErrInvalid) {
				t.Errorf("%s: %v, want ErrInvalid", name, err)
			}
		}
	})
}
