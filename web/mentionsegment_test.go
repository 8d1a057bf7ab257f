package web_test

import (
	"context"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/alerts"
)

// GET /api/v1/mentions?segment=ID lists the mentions of the segment's
// members, and a segment alert's mentions link lists its own mentions:
// the members' negatives of the brand over the alert's span.
func TestMentions_Segment(t *testing.T) {
	ts, _, st := newAPI(t)
	ctx := context.Background()
	now := time.Now().UTC().Truncate(time.Second)
	if err := st.SaveContacts(ctx, &socialcrm.Contact{ID: "c-vip", Name: "Vera", Tags: []string{"vip"}},
		&socialcrm.Contact{ID: "c-sam", Name: "Sam"}); err != nil {
		t.Fatal(err)
	}
	if err := st.CreateSegment(ctx, &socialcrm.Segment{ID: "vip", Name: "VIPs", Rules: socialcrm.SegmentRules{Match: "all",
		Conditions: []socialcrm.SegmentCondition{{Field: socialcrm.SegTag, Op: socialcrm.OpEq, Text: "vip"}}}}); err != nil {
		t.Fatal(err)
	}
	if err := st.SaveMentions(ctx,
		mention("x:1", "acme", "negative", now.Add(-20*time.Minute), "c-vip"),
		mention("x:2", "acme", "negative", now.Add(-15*time.Minute), "c-sam"),
		mention("x:3", "acme", "positive", now.Add(-10*time.Minute), "c-vip"),
		mention("x:4", "acme", "negative", now.Add(-5*time.Minute)),
		mention("x:5", "skyway", "negative", now.Add(-5*time.Minute), "c-vip"),
		mention("x:6", "acme", "negative", now.Add(-3*time.Hour), "c-vip")); err != nil {
		t.Fatal(err)
	}
	ids := func(url string) []string {
		t.Helper()
		var got struct {
			Mentions []socialcrm.Mention `json:"mentions"`
			Total    int                 `json:"total"`
		}
		getJSON(t, url, http.StatusOK, &got)
		out := []string{}
		for _, m := range got.Mentions {
			out = append(out, m.ID)
		}
		if got.Total != len(out) {
			t.Errorf("%s: total %d, listed %d", url, got.Total, len(out))
		}
		return out
	}
	if got, want := ids(ts.URL+"/api/v1/mentions?segment=vip"), []string{"x:5", "x:3", "x:1", "x:6"}; !slices.Equal(got, want) {
		t.Errorf("segment=vip: %v, want %v", got, want)
	}
	al := &socialcrm.Alert{ID: "al1", Brand: "acme", Topic: "segment:vip", Start: now.Add(-30 * time.Minute), End: now}
	if got, want := ids(alerts.MentionsLink(ts.URL, al)), []string{"x:1"}; !slices.Equal(got, want) {
		t.Errorf("segment alert's mentions link %s: %v, want %v", alerts.MentionsLink(ts.URL, al), got, want)
	}
	getJSON(t, ts.URL+"/api/v1/mentions?segment=gone", http.StatusNotFound, nil)
}
