package crm_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/crm"
	"github.com/socialcrm/socialcrm/store/memory"
)

// TestRetention redacts 2,500 old mentions of strangers in batches of
// 1,000, logging its progress and counting them, and leaves a contact's
// old mention and a recent one alone.
func TestRetention(t *testing.T) {
	ctx := context.Background()
	st := memory.New()
	t.Cleanup(func() { st.Close() })
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	var ms []*socialcrm.Mention
	for i := range 2500 {
		ms = append(ms, &socialcrm.Mention{V: 1, ID: fmt.Sprintf("x:%d", i), Source: "x", Brand: "acme",
			Author: socialcrm.Author{Handle: fmt.Sprintf("u%d", i)}, Text: "old words", CreatedAt: now.Add(-100*24*time.Hour - time.Duration(i)*time.Minute),
			Sentiment: &socialcrm.Sentiment{Label: socialcrm.Negative, Score: -0.5}})
	}
	ms = append(ms,
		&socialcrm.Mention{V: 1, ID: "x:contact", Source: "x", Brand: "acme", Author: socialcrm.Author{Handle: "ann"}, Text: "mine",
			CreatedAt: now.Add(-200 * 24 * time.Hour), Contacts: []string{"c-ann"}},
		&socialcrm.Mention{V: 1, ID: "x:recent", Source: "x", Brand: "acme", Author: socialcrm.Author{Handle: "bo"}, Text: "new",
			CreatedAt: now.Add(-time.Hour)})
	must(t, st.SaveMentions(ctx, ms...))
	var logs bytes.Buffer
	reg := prometheus.NewRegistry()
	r, err := crm.NewRetention(crm.RetentionConfig{Age: 90 * 24 * time.Hour, Batch: 1000, Now: func() time.Time { return now }},
		st, slog.New(slog.NewTextHandler(&logs, nil)), reg)
	must(t, err)
	n, err := r.RunOnce(ctx)
	must(t, err)
	if n != 2500 {
		t.Errorf("redacted %d, want 2500", n)
	}
	if got := strings.Count(logs.String(), "retention: redacting"); got != 3 || !strings.Contains(logs.String(), "mentions_redacted=2500") {
		t.Errorf("log:\n%s\nwant three progress lines and the total", logs.String())
	}
	if got := counterValue(t, reg, "socialcrm_retention_redacted_mentions_total"); got != 2500 {
		t.Errorf("socialcrm_retention_redacted_mentions_total = %v", got)
	}
	if n, _ := r.RunOnce(ctx); n != 0 {
		t.Errorf("a second run redacted %d", n)
	}
	for id, text := range map[string]string{"x:0": "", "x:2499": "", "x:contact": "mine", "x:recent": "new"} {
		m, err := st.FindMentionByID(ctx, id)
		must(t, err)
		if m.Text != text || (text == "") != (m.Author.Handle == "") {
			t.Errorf("%s: text %q, author %q", id, m.Text, m.Author.Handle)
		}
	}
	if _, total, _ := st.FindMentions(ctx, socialcrm.MentionFilter{Limit: 1}); total != 2502 {
		t.Errorf("%d live mentions, want all 2502 still counted", total)
	}
	off, err := crm.NewRetention(crm.RetentionConfig{}, st, nil, nil)
	must(t, err)
	if err := off.Run(ctx); err != nil {
		t.Errorf("Run with retention off: %v", err)
	}
}

func counterValue(t *testing.T, reg *prometheus.Registry, name string) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	must(t, err)
	for _, mf := range mfs {
		if mf.GetName() == name {
			return mf.GetMetric()[0].GetCounter().GetValue()
		}
	}
	t.Fatalf("no metric %s", name)
	return 0
}
