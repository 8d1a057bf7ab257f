package memory_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/store/memory"
	"github.com/socialcrm/socialcrm/store/storetest"
)

func TestStore_WithMaxMentions(t *testing.T) {
	ctx := context.Background()
	t0 := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	s := memory.New(memory.WithMaxMentions(5))
	ms := storetest.Mentions(8, "m:", t0, 1) // one second apart
	// Saved out of order: the oldest by time go, not the first saved.
	if err := s.SaveMentions(ctx, ms[4:]...); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteMention(ctx, "m:5"); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveMentions(ctx, ms[:4]...); err != nil {
		t.Fatal(err)
	}
	var kept []string
	for _, m := range ms {
		if _, err := s.FindMentionByID(ctx, m.ID); err == nil {
			kept = append(kept, m.ID)
		} else if !errors.Is(err, socialcrm.ErrNotFound) {
			t.Fatal(err)
		}
	}
	if d := cmp.Diff([]string{"m:3", "m:4", "m:5", "m:6", "m:7"}, kept); d != "" {
		t.Errorf("kept mentions (-want +got):\n%s", d)
	}
	_, n, err := s.FindMentions(ctx, socialcrm.MentionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if n != 4 {
		t.Errorf("FindMentions total = %d, want 4 (5 kept, one a tombstone)", n)
	}
}

func TestStore_Close(t *testing.T) {
	ctx := context.Background()
	s := memory.New()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Ping(ctx); err == nil {
		t.Error("Ping after Close: got nil error")
	}
	if err := s.SaveMentions(ctx, storetest.Mentions(1, "m:", time.Now(), 1)...); err == nil {
		t.Error("SaveMentions after Close: got nil error")
	}
}

func BenchmarkStore_SaveMentions(b *testing.B) {
	storetest.BenchmarkSaveMentions(b, memory.New(memory.WithMaxMentions(1_000_000)), 500)
}

func BenchmarkStore_FindMentions(b *testing.B) {
	ctx := context.Background()
	s := memory.New()
	if err := s.SaveMentions(ctx, storetest.Mentions(200_000, "m:", time.Now().Add(-100*time.Hour), 1)...); err != nil {
		b.Fatal(err)
	}
	brand := "acme"
	for b.Loop() {
		if _, _, err := s.FindMentions(ctx, socialcrm.MentionFilter{Brand: &brand, Limit: 20}); err != nil {
			b.Fatal(err)
		}
		if _, err := s.SentimentSummary(ctx, socialcrm.SummaryFilter{Brand: &brand}); err != nil {
			b.Fatal(err)
		}
	}
}
