package crm_test

import (
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
)

// TestCases_LatestAndStrongest: a case that opened with a question and
// took a complaint later is a complaint, opened as a question, and shows
// the newest customer message beside the first.
func TestCases_LatestAndStrongest(t *testing.T) {
	fx := newCaseFixture(t, nil)
	fx.observe(t, fx.scored("1", "mastodon", "alice", "do you fly to Oslo?", socialcrm.IntentQuestion, socialcrm.Neutral, time.Hour, "c1"))
	k := fx.one(t)
	if k.Kind != socialcrm.CaseQuestion || k.OpenedKind != "" || k.LastSubject != "" {
		t.Fatalf("new case: kind %q, opened kind %q, last subject %q", k.Kind, k.OpenedKind, k.LastSubject)
	}
	fx.observe(t,
		fx.scored("2", "mastodon", "alice", "you cancelled my flight, furious", socialcrm.IntentComplaint, socialcrm.Negative, 30*time.Minute, "c1"),
		fx.scored("3", "mastodon", "alice", "anyone there?", socialcrm.IntentQuestion, socialcrm.Neutral, 10*time.Minute, "c1"),
		// Older than the newest: it joins but is not the latest message.
		fx.scored("4", "mastodon", "alice", "old news", socialcrm.IntentQuestion, socialcrm.Neutral, 20*time.Minute, "c1"))
	k = fx.one(t)
	if k.Kind != socialcrm.CaseComplaint || k.OpenedKind != socialcrm.CaseQuestion {
		t.Errorf("kind %q opened as %q, want a complaint opened as a question", k.Kind, k.OpenedKind)
	}
	if k.Subject != "do you fly to Oslo?" || k.LastSubject != "anyone there?" || k.MentionCount != 4 {
		t.Errorf("subject %q, last %q, %d mentions; want the first, the newest and 4", k.Subject, k.LastSubject, k.MentionCount)
	}
}
