package crm_test

import (
	"context"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/crm"
)

// TestTimeline_Sales checks that a contact's, an account's, a lead's and
// an opportunity's timelines list the conversion and the stage changes,
// in time order, on both stores.
func TestTimeline_Sales(t *testing.T) {
	ctx := context.Background()
	for name, st := range timelineStores(t) {
		t.Run(name, func(t *testing.T) {
			defer st.Close()
			must(t, st.CreateLead(ctx, &socialcrm.Lead{ID: "l1", Name: "Peter", Source: socialcrm.LeadFromMention, Status: socialcrm.LeadQualified,
				Identities: []socialcrm.Identity{{Network: "x", Handle: "peter"}}}))
			must(t, st.SaveMentions(ctx, &socialcrm.Mention{ID: "x:1", Source: "x", Brand: "acme", Text: "where can I buy it?",
				Author: socialcrm.Author{Handle: "peter"}, Contacts: []string{"c-peter"}, CreatedAt: t0.Add(3 * time.Hour)}))
			opp, err := (crm.NewOpportunity{ID: "opp-p", Name: "Rollout", AccountID: "acc-p", Contacts: []string{"c-peter"}}).Build(socialcrm.Stages(nil), "u-ana", t0)
			must(t, err)
			conv := socialcrm.LeadConversion{LeadID: "l1", Account: &socialcrm.Account{ID: "acc-p", Name: "Initech"}, AccountID: "acc-p",
				Contact: &socialcrm.Contact{ID: "c-peter", Name: "Peter", AccountID: "acc-p"}, By: "u-ana", At: t0,
				Opportunity: opp}
			_, err = st.ConvertLead(ctx, conv)
			must(t, err)
			for i, stage := range []string{socialcrm.StageProposal, socialcrm.StageWon} {
				_, err := st.UpdateOpportunity(ctx, "opp-p", func(o *socialcrm.Opportunity) error {
					return socialcrm.DefaultStages().Move(o, stage, "", "u-kim", t0.Add(time.Duration(i+1)*time.Hour))
				})
				must(t, err)
			}
			tl := &crm.Timeline{Store: st}
			for _, c := range []struct {
				kind, id string
				want     []string
			}{
				{socialcrm.RecordContact, "c-peter", []string{"mention x:1", "stage_change opp-p#2", "stage_change opp-p#1", "stage_change opp-p#0", "conversion l1"}},
				{socialcrm.RecordAccount, "acc-p", []string{"mention x:1", "stage_change opp-p#2", "stage_change opp-p#1", "stage_change opp-p#0", "conversion l1"}},
				{socialcrm.RecordLead, "l1", []string{"conversion l1"}},
				{socialcrm.RecordOpportunity, "opp-p", []string{"stage_change opp-p#2", "stage_change opp-p#1", "stage_change opp-p#0"}},
			} {
				items, _, err := tl.Timeline(ctx, c.kind, c.id, nil, 50)
				must(t, err)
				var got []string
				for _, i := range items {
					if i.Kind != socialcrm.TimelineChange && i.Kind != socialcrm.TimelineActivity {
						got = append(got, i.Kind+" "+i.ID)
					}
				}
				if !slicesEqual(got, c.want) {
					t.Errorf("timeline of %s %s = %q, want %q", c.kind, c.id, got, c.want)
				}
			}
			items, next, err := tl.Timeline(ctx, socialcrm.RecordContact, "c-peter", nil, 2)
			must(t, err)
			if len(items) != 2 || next == nil || items[1].Title != "Rollout: proposal → won" {
				t.Errorf("first page of the contact's timeline = %+v, want the mention and the win", items)
			}
			rest, _, err := tl.Timeline(ctx, socialcrm.RecordContact, "c-peter", next, 50)
			must(t, err)
			if len(rest) != 3 || rest[2].Kind != socialcrm.TimelineConversion || rest[2].Lead == nil || rest[0].Stage == nil || rest[0].Stage.To != socialcrm.StageProposal || rest[0].Stage.By != "u-kim" {
				t.Errorf("second page of the contact's timeline = %+v", rest)
			}
		})
	}
}

func slicesEqual(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
