package graphgen_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/graph/graphgen"
)

func TestRealistic(t *testing.T) {
	o := graphgen.Options{Interactions: 50_000, Authors: 40_000, Seed: 1}
	var ins []socialcrm.Interaction
	graphgen.Realistic(o, func(in socialcrm.Interaction) { ins = append(ins, in) })
	if len(ins) != o.Interactions {
		t.Fatalf("%d interactions, want %d", len(ins), o.Interactions)
	}
	deg := map[string]int{}
	for _, in := range ins {
		if in.From == in.To || !socialcrm.ValidKind(in.Kind) || in.At.IsZero() {
			t.Fatalf("bad interaction %+v", in)
		}
		deg[in.From]++
		deg[in.To]++
	}
	top := 0
	for _, d := range deg {
		top = max(top, d)
	}
	mean := float64(2*len(ins)) / float64(len(deg))
	if float64(top) < 50*mean {
		t.Errorf("max degree %d vs mean %.1f: not heavy-tailed", top, mean)
	}
	var again []socialcrm.Interaction
	graphgen.Realistic(o, func(in socialcrm.Interaction) { again = append(again, in) })
	if again[len(again)-1] != ins[len(ins)-1] {
		t.Error("the same seed gave another graph")
	}
}

func TestCSVWriter(t *testing.T) {
	var buf bytes.Buffer
	w := graphgen.NewCSVWriter(&buf)
	graphgen.Realistic(graphgen.Options{Interactions: 3, Authors: 100, Seed: 2}, w.Write)
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 4 || lines[0] != "source,target,timestamp,kind" || strings.Count(lines[1], ",") != 3 {
		t.Errorf("CSV:\n%s", buf.String())
	}
}
