package main

import (
	"fmt"
	"testing"
	"time"
)

// TestDemo_Restart stops a demo on Postgres and starts it again: the
// mentions and the relationship graph are back without new traffic.
func TestDemo_Restart(t *testing.T) {
	env := map[string]string{"DATABASE_URL": testDatabase(t, "to restart a demo on Postgres")}
	type influencers struct {
		Influencers []struct{ Key string } `json:"influencers"`
	}
	type total struct{ Total int }

	d := startDemo(t, env, "--rate", "300", "--graph-snapshot-every", "1s")
	var before total
	eventually(t, 60*time.Second, func() error {
		var inf influencers
		if err := getInto(d.url+"api/v1/graph/influencers?limit=5", &inf); err != nil {
			return err
		}
		if len(inf.Influencers) < 5 {
			return fmt.Errorf("graph has %d influencers so far", len(inf.Influencers))
		}
		return getInto(d.url+"api/v1/mentions?limit=1", &before)
	})
	d.stop()

	d2 := startDemo(t, env, "--rate", "0")
	var after total
	if err := getInto(d2.url+"api/v1/mentions?limit=1", &after); err != nil {
		t.Fatal(err)
	}
	if after.Total < before.Total {
		t.Fatalf("mentions after restart = %d, before = %d", after.Total, before.Total)
	}
	var inf influencers
	eventually(t, 40*time.Second, func() error {
		if err := getInto(d2.url+"api/v1/graph/influencers?limit=5", &inf); err != nil {
			return err
		}
		if len(inf.Influencers) < 5 {
			return fmt.Errorf("restored graph has %d influencers", len(inf.Influencers))
		}
		return nil
	})
}
