package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/sentiment"
	"github.com/socialcrm/socialcrm/store/memory"
	"github.com/socialcrm/socialcrm/web"
)

func postLabel(t *testing.T, url, body string) (*http.Response, []byte) {
	t.Helper()
	resp, err := client(t, url).Post(url, "application/json", bytes.NewBufferString(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(resp.Body); err != nil {
		t.Fatal(err)
	}
	return resp, buf.Bytes()
}

func TestCorrectSentiment(t *testing.T) {
	ctx := context.Background()
	st := memory.New()
	en, err := sentiment.NewEnglish()
	if err != nil {
		t.Fatal(err)
	}
	svc := sentiment.NewService(en, st, nil)
	text := "so the new boarding process at the gate is a thing now"
	m := &socialcrm.Mention{V: 1, ID: "mastodon:1", Source: "mastodon", Brand: "air", Text: text, Lang: "en",
		CreatedAt: time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)}
	s := svc.ScoreMention(m)
	m.Sentiment = &s
	if err := st.SaveMentions(ctx, m); err != nil {
		t.Fatal(err)
	}
	srv := serve(t, &web.Server{Store: st, Sentiment: svc}, st)
	url := srv.URL + "/api/v1/mentions/mastodon:1/sentiment"

	t.Run("OK", func(t *testing.T) {
		resp, body := postLabel(t, url, `{"label":"negative"}`)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("status %d: %s", resp.StatusCode, body)
		}
		var got socialcrm.Mention
		if err := json.Unmarshal(body, &got); err != nil {
			t.Fatal(err)
		}
		if got.Sentiment == nil || got.Sentiment.Label != socialcrm.Negative || !got.Sentiment.Corrected {
			t.Errorf("answer's sentiment %+v, want corrected negative", got.Sentiment)
		}
		stored, err := st.FindMentionByID(ctx, "mastodon:1")
		if err != nil {
			t.Fatal(err)
		}
		if stored.Sentiment.Label != socialcrm.Negative || !stored.Sentiment.Corrected {
			t.Errorf("stored sentiment %+v, want corrected negative", stored.Sentiment)
		}
		// A redelivered, re-scored copy must not undo the correction.
		if err := st.SaveMentions(ctx, m); err != nil {
			t.Fatal(err)
		}
		if again, _ := st.FindMentionByID(ctx, "mastodon:1"); again.Sentiment.Label != socialcrm.Negative {
			t.Errorf("re-saving lost the correction: %+v", again.Sentiment)
		}
		// The adapter learned and persisted it.
		if _, err := st.GetState(ctx, sentiment.StateKey("air")); err != nil {
			t.Errorf("adapter state not persisted: %v", err)
		}
		if after := svc.ScoreMention(m); after.Score >= s.Score {
			t.Errorf("score %.4f after the correction, want below %.4f", after.Score, s.Score)
		}
		fresh := sentiment.NewService(en, st, nil)
		if a, b := fresh.ScoreMention(m), svc.ScoreMention(m); a.Score != b.Score {
			t.Errorf("a service reading the store scores %.4f, want %.4f", a.Score, b.Score)
		}
	})
	for name, tc := range map[string]struct {
		url, body string
		status    int
	}{
		"ErrInvalid label": {url, `{"label":"furious"}`, http.StatusBadRequest},
		"ErrInvalid json":  {url, `{"label":`, http.StatusBadRequest},
		"ErrNotFound":      {srv.URL + "/api/v1/mentions/mastodon:404/sentiment", `{"label":"positive"}`, http.StatusNotFound},
	} {
		t.Run(name, func(t *testing.T) {
			resp, body := postLabel(t, tc.url, tc.body)
			if resp.StatusCode != tc.status {
				t.Errorf("status %d (%s), want %d", resp.StatusCode, body, tc.status)
			}
		})
	}
}

// TestCorrectSentiment_NoLearner stores the correction without an adapter.
func TestCorrectSentiment_NoLearner(t *testing.T) {
	ctx := context.Background()
	st := memory.New()
	m := &socialcrm.Mention{V: 1, ID: "rss:9", Source: "rss", Text: "fine", CreatedAt: time.Now().UTC()}
	if err := st.SaveMentions(ctx, m); err != nil {
		t.Fatal(err)
	}
	srv := serve(t, &web.Server{Store: st}, st)
	resp, body := postLabel(t, srv.URL+"/api/v1/mentions/rss:9/sentiment", `{"label":"positive"}`)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	if got, _ := st.FindMentionByID(ctx, "rss:9"); got.Sentiment == nil || got.Sentiment.Label != socialcrm.Positive {
		t.Errorf("stored %+v", got.Sentiment)
	}
}
