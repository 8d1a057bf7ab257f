package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
)

// labels of a breakdown or a contact record's sentiment.
type counts struct {
	Positive, Neutral, Negative, Total int
	MeanScore                          float64 `json:"mean_score"`
}

// seedVolume saves n scored mentions of acme with IDs x:<prefix><i>, one
// every step back from now, labelled negative, neutral, positive in turn,
// all linked to contact; all have the topic price, every third one
// delivery too; every other one is on bluesky.
func seedVolume(t *testing.T, st socialcrm.MentionStore, prefix, contact string, n int, step time.Duration) []*socialcrm.Mention {
	t.Helper()
	now := time.Now()
	var ms []*socialcrm.Mention
	for i := range n {
		m := mention(fmt.Sprintf("x:%s%d", prefix, i), "acme", socialcrm.Labels[i%3], now.Add(-time.Duration(i)*step))
		if contact != "" {
			m.Contacts = []string{contact}
		}
		m.Topics = []string{"price"}
		if i%3 == 0 {
			m.Topics = append(m.Topics, "delivery")
		}
		if i%2 == 1 {
			m.Source = "bluesky"
		}
		ms = append(ms, m)
	}
	must(t, st.SaveMentions(context.Background(), ms...))
	return ms
}

// tally counts ms by label.
func tally(ms []*socialcrm.Mention) counts {
	var c counts
	for _, m := range ms {
		switch m.Sentiment.Label {
		case socialcrm.Positive:
			c.Positive++
		case socialcrm.Neutral:
			c.Neutral++
		case socialcrm.Negative:
			c.Negative++
		}
		c.Total++
	}
	return c
}

// TestContact_SentimentTotals checks that a contact's sentiment tiles count
// every scored mention of the stated period, not the latest 200, and
// that they do not move when nothing new is said.
func TestContact_SentimentTotals(t *testing.T) {
	ts, _, st := newAPI(t)
	must(t, st.SaveContacts(context.Background(), &socialcrm.Contact{ID: "c-big", Name: "Bea Big"}))
	// 495 mentions, one every two hours: 360 in the last 30 days.
	ms := seedVolume(t, st, "v", "c-big", 495, 2*time.Hour)
	month, before := ms[:360], ms[360:]
	type record struct {
		Period struct {
			Since, Until time.Time
			Label        string
		} `json:"sentiment_period"`
		Sentiment counts `json:"sentiment"`
		Previous  counts `json:"sentiment_previous"`
		All       counts `json:"sentiment_all"`
		Mentions  []socialcrm.Mention
		Total     int `json:"mentions_total"`
	}
	var rec record
	getJSON(t, ts.URL+"/api/v1/contacts/c-big", http.StatusOK, &rec)
	want := tally(month)
	want.MeanScore = rec.Sentiment.MeanScore
	if rec.Sentiment != want {
		t.Errorf("sentiment of the last 30 days = %+v, want %+v (all %d of the period)", rec.Sentiment, want, len(month))
	}
	if rec.Period.Label != "last 30 days" || time.Since(rec.Period.Since) < 30*24*time.Hour-time.Minute {
		t.Errorf("period = %+v, want the last 30 days", rec.Period)
	}
	if got := rec.Previous.Total; got != len(before) {
		t.Errorf("previous 30 days count %d mentions, want %d", got, len(before))
	}
	if rec.All.Total != 495 || rec.Total != 495 || len(rec.Mentions) != 20 {
		t.Errorf("all-time %d, mentions_total %d, listed %d; want 495, 495 and 20", rec.All.Total, rec.Total, len(rec.Mentions))
	}
	var week record
	getJSON(t, ts.URL+"/api/v1/contacts/c-big?period=7d", http.StatusOK, &week)
	if week.Sentiment.Total != 84 || week.Period.Label != "last 7 days" {
		t.Errorf("period=7d: %d mentions over %q, want 84 over the last 7 days", week.Sentiment.Total, week.Period.Label)
	}
	for _, bad := range []string{"period=soon", "period=30m", "period=400d"} {
		code, body := send(t, http.MethodGet, ts.URL+"/api/v1/contacts/c-big?"+bad, "")
		if code != http.StatusBadRequest || !strings.Contains(body, "period") {
			t.Errorf("%s: %d %s, want 400 naming period", bad, code, body)
		}
	}
	var trend struct {
		Totals  counts
		Buckets []socialcrm.SummaryBucket
	}
	getJSON(t, ts.URL+"/api/v1/sentiment/summary?contact=c-big&since=30d&window=1d", http.StatusOK, &trend)
	if trend.Totals.Total != len(month) {
		t.Errorf("summary for the contact counts %d, want %d", trend.Totals.Total, len(month))
	}
}

func TestBreakdown(t *testing.T) {
	ts, _, st := newAPI(t)
	// 1,500 mentions over the last 25 hours: 1,440 in the last 24.
	ms := seedVolume(t, st, "v", "", 1500, time.Minute)
	must(t, st.SaveMentions(context.Background(), mention("x:globex", "globex", socialcrm.Positive, time.Now().Add(-time.Hour))))
	day := ms[:1440]
	type answer struct {
		By       string
		Mentions counts
		Rows     []struct {
			Key string
			counts
		}
	}
	t.Run("Topic", func(t *testing.T) {
		var got answer
		getJSON(t, ts.URL+"/api/v1/sentiment/breakdown?by=topic&brand=acme&since=24h", http.StatusOK, &got)
		var delivery []*socialcrm.Mention
		for i, m := range day {
			if i%3 == 0 {
				delivery = append(delivery, m)
			}
		}
		if got.Mentions.Total != len(day) || len(got.Rows) != 2 {
			t.Fatalf("breakdown = %+v, want %d mentions in two topics", got, len(day))
		}
		if r := got.Rows[0]; r.Key != "price" || r.Total != len(day) || r.Negative != tally(day).Negative {
			t.Errorf("first row = %+v, want price with all %d mentions", r, len(day))
		}
		if r := got.Rows[1]; r.Key != "delivery" || r.Total != len(delivery) || r.Negative != len(delivery) {
			t.Errorf("second row = %+v, want delivery with %d negative mentions", r, len(delivery))
		}
	})
	t.Run("Brand", func(t *testing.T) {
		var got answer
		getJSON(t, ts.URL+"/api/v1/sentiment/breakdown?by=brand&since=24h&limit=1", http.StatusOK, &got)
		if got.Mentions.Total != len(day)+1 || len(got.Rows) != 1 || got.Rows[0].Key != "acme" || got.Rows[0].Total != len(day) {
			t.Errorf("by brand, limit 1 = %+v, want acme alone with %d of %d", got, len(day), len(day)+1)
		}
	})
	t.Run("Source", func(t *testing.T) {
		var got answer
		getJSON(t, ts.URL+"/api/v1/sentiment/breakdown?by=source&since=30h", http.StatusOK, &got)
		if len(got.Rows) != 2 || got.Rows[0].Key != "x" || got.Rows[0].Total != 751 || got.Rows[1].Key != "bluesky" || got.Rows[1].Total != 750 {
			t.Errorf("by source = %+v, want x 751 then bluesky 750", got.Rows)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		for _, q := range []string{"", "by=author", "by=topic&limit=0", "by=topic&since=yesterday", "by=lang&contact="} {
			code, body := send(t, http.MethodGet, ts.URL+"/api/v1/sentiment/breakdown?"+q, "")
			if q == "by=lang&contact=" {
				if code != http.StatusOK {
					t.Errorf("%q: %d %s, want 200 (an empty contact does not filter)", q, code, body)
				}
				continue
			}
			if code != http.StatusBadRequest || !strings.HasPrefix(body, `{"error":`) {
				t.Errorf("%q: %d %s, want a 400 JSON error", q, code, body)
			}
		}
	})
}
