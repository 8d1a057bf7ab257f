package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/store/postgres"
)

// TestDemo_Retention runs the retention job in the demo on Postgres: a
// stranger's mention older than --retention loses its text and author
// but is still counted, a contact's old one and a recent one keep theirs,
// and /metrics counts the redaction.
func TestDemo_Retention(t *testing.T) {
	env := demoEnv(t)
	if env["DATABASE_URL"] == "" {
		env["DATABASE_URL"] = testDatabase(t, "to store old mentions")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	d := startDemo(t, env, "--rate", "1", "--retention", "720h", "--retention-every", "200ms")
	st, err := postgres.Open(ctx, env["DATABASE_URL"])
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	old := time.Now().Add(-40 * 24 * time.Hour)
	mk := func(id string, at time.Time, contacts ...string) *socialcrm.Mention {
		return &socialcrm.Mention{V: 1, ID: "x:" + id, Source: "x", Brand: "acme", Author: socialcrm.Author{Handle: id + "-author"},
			Text: "words of " + id, CreatedAt: at, Contacts: contacts, Sentiment: &socialcrm.Sentiment{Label: socialcrm.Negative, Score: -0.4}}
	}
	if err := st.SaveMentions(ctx, mk("stranger", old), mk("contact", old, "c-001"), mk("recent", time.Now())); err != nil {
		t.Fatal(err)
	}
	eventually(t, 30*time.Second, func() error {
		m, err := st.FindMentionByID(ctx, "x:stranger")
		if err != nil {
			return err
		}
		if m.Text != "" || m.Author.Handle != "" {
			return fmt.Errorf("the stranger's old mention still has its text %q", m.Text)
		}
		if m.Deleted || m.Sentiment == nil || m.Sentiment.Score != -0.4 {
			return fmt.Errorf("the redacted mention lost its counts: %+v", m)
		}
		return nil
	})
	for _, id := range []string{"x:contact", "x:recent"} {
		if m, err := st.FindMentionByID(ctx, id); err != nil || m.Text == "" {
			t.Errorf("%s: %v %+v, want its text kept", id, err, m)
		}
	}
	res, err := client(d.url).Get(d.url + "metrics")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	var n float64
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "socialcrm_retention_redacted_mentions_total "); ok {
			fmt.Sscan(v, &n)
		}
	}
	if n < 1 {
		t.Errorf("socialcrm_retention_redacted_mentions_total = %v, want at least 1", n)
	}
}
