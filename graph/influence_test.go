package graph_test

import (
	"testing"

	"github.com/socialcrm/socialcrm/graph/graphgen"
)

func TestGraph_Influence(t *testing.T) {
	g := star(t)
	hub, fan := g.Influence("hub"), g.Influence(graphgen.Name(1))
	if hub <= 5 || fan <= 0 || fan >= 1 {
		t.Errorf("influence: hub %.2f, a fan %.2f; want the hub far above the average (1) and a fan below it", hub, fan)
	}
	if got := g.Influence("nobody"); got != 0 {
		t.Errorf("unknown node: %v, want 0", got)
	}
}
