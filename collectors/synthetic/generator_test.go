package synthetic_test

import (
	"context"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/collectors/synthetic"
)

func TestGenerator_Next(t *testing.T) {
	g := synthetic.NewGenerator(1)
	now := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	kinds := map[socialcrm.InteractionKind]int{}
	ids := map[string]bool{}
	brands := map[string]int{}
	authors := map[string]bool{}
	for range 5000 {
		m := g.Next(now)
		if err := m.Validate(); err != nil {
			t.Fatalf("invalid mention: %v", err)
		}
		if ids[m.ID] {
			t.Fatalf("duplicate id %s", m.ID)
		}
		ids[m.ID] = true
		kinds[m.Kind]++
		brands[m.Brand]++
		authors[m.AuthorKey()] = true
		if (m.Kind == socialcrm.KindReply || m.Kind == socialcrm.KindShare) && (m.ParentID == "" || m.Target == "") {
			t.Fatalf("%s %s without parent or target", m.Kind, m.ID)
		}
	}
	for _, k := range []socialcrm.InteractionKind{socialcrm.KindPost, socialcrm.KindReply, socialcrm.KindQuote,
		socialcrm.KindShare, socialcrm.KindLike, socialcrm.KindMention} {
		if kinds[k] < 50 {
			t.Errorf("kind %s: %d of 5000, want a fair share", k, kinds[k])
		}
	}
	if len(brands) != len(synthetic.Brands()) {
		t.Errorf("brands seen = %v", brands)
	}
	if len(authors) < 200 {
		t.Errorf("only %d distinct authors", len(authors))
	}
}

func TestGenerator_Deterministic(t *testing.T) {
	now := time.Unix(0, 0)
	a, b := synthetic.NewGenerator(7), synthetic.NewGenerator(7)
	for range 100 {
		ma, mb := a.Next(now), b.Next(now)
		if ma.ID != mb.ID || ma.Text != mb.Text {
			t.Fatalf("seed 7 differs: %q vs %q", ma.Text, mb.Text)
		}
	}
}

func TestGenerator_StartBurst(t *testing.T) {
	g := synthetic.NewGenerator(3)
	now := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	if err := g.StartBurst("nosuch", "", now, now); err == nil {
		t.Fatal("unknown brand accepted")
	}
	if err := g.StartBurst("skyway", "lost luggage", now.Add(time.Minute), now.Add(2*time.Minute)); err != nil {
		t.Fatal(err)
	}
	before := 0
	for range 1000 {
		if m := g.Next(now); m.Brand == "skyway" {
			before++
		}
	}
	if before > 400 {
		t.Errorf("burst began before its start: %d/1000", before)
	}
	now = now.Add(time.Minute)
	n := 0
	for range 1000 {
		if m := g.Next(now); m.Brand == "skyway" {
			n++
		}
	}
	if n < 600 {
		t.Errorf("burst brand share = %d/1000, want most", n)
	}
	after := 0
	for range 1000 {
		if m := g.Next(now.Add(2 * time.Minute)); m.Brand == "skyway" {
			after++
		}
	}
	if after > 400 {
		t.Errorf("burst did not end: %d/1000", after)
	}
}

// A burst asked for before its earliest start waits for it.
func TestCollector_BurstNotBefore(t *testing.T) {
	now := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	c := synthetic.New(synthetic.Config{Seed: 1, Now: func() time.Time { return now }})
	start, err := c.Burst("acme", "", now.Add(3*time.Minute), time.Minute)
	if err != nil || !start.Equal(now.Add(3*time.Minute)) {
		t.Errorf("Burst = %v, %v; want it to start at its earliest start", start, err)
	}
	if start, err := c.Burst("acme", "", now.Add(-time.Minute), time.Minute); err != nil || !start.Equal(now) {
		t.Errorf("Burst with a past earliest start = %v, %v; want it to start now", start, err)
	}
	if _, err := c.Burst("nosuch", "", now, time.Minute); err == nil {
		t.Error("unknown brand accepted")
	}
}

func TestCollector_Collect(t *testing.T) {
	c := synthetic.New(synthetic.Config{Seed: 1, Rate: 2000})
	ctx, cancel := context.WithCancel(context.Background())
	var got []*socialcrm.Mention
	err := c.Collect(ctx, func(ctx context.Context, m *socialcrm.Mention) error {
		got = append(got, m)
		if len(got) == 100 {
			cancel()
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) < 100 {
		t.Fatalf("got %d mentions", len(got))
	}
}

// TestGenerator_CustomersRare checks that the authors the demo makes CRM
// contacts of write few of the mentions, so that VIP complaints stay rare.
func TestGenerator_CustomersRare(t *testing.T) {
	g := synthetic.NewGenerator(1)
	customers := map[string]bool{}
	for i, p := range g.People() {
		if synthetic.IsCustomer(i) {
			customers[p.Network+":"+p.Handle] = true
		}
	}
	if len(customers) != synthetic.NumPeople/synthetic.CustomerEvery {
		t.Fatalf("%d customers, want one author in %d", len(customers), synthetic.CustomerEvery)
	}
	now := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	const n = 20000
	byCustomers := 0
	for range n {
		m := g.Next(now)
		if customers[m.Source+":"+m.Author.Handle] {
			byCustomers++
		}
	}
	share := float64(byCustomers) / n
	t.Logf("customers (%d of %d authors) wrote %.1f%% of %d mentions", len(customers), synthetic.NumPeople, 100*share, n)
	if share > 0.05 || byCustomers == 0 {
		t.Errorf("customers wrote %.1f%% of the mentions, want some but at most 5%%", 100*share)
	}
}
