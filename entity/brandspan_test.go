package entity_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/entity"
)

// TestPool_BrandIsOrg checks that a mention's brand and its aliases are
// organisations wherever its text names them, and that capitalised
// common words are not places.
func TestPool_BrandIsOrg(t *testing.T) {
	ex := entity.NewExtractor(nil)
	ex.Aliases = map[string][]string{"skyway": {"skywayair"}}
	var r results
	p, err := entity.NewPool(ex, 1, 4, r.handle, nil, prometheus.NewRegistry())
	must(t, err)
	for id, m := range map[string]*socialcrm.Mention{
		"rollr":  {Brand: "rollr", Text: "Does anyone know if Rollr wheels fit? New deck cracked"},
		"skyway": {Brand: "skyway", Text: "Worst flight ever to Boston #skywayair"},
		"none":   {Text: "Does anyone know? New deck cracked. Worst week"},
	} {
		m.ID = id
		if !p.Submit(m) {
			t.Fatalf("Submit %s refused", id)
		}
	}
	p.Close()
	must(t, p.Run(context.Background()))
	for id, want := range map[string]string{
		"rollr":  "[{Rollr ORG}]",
		"skyway": "[{Boston GPE} {skywayair ORG}]",
		"none":   "[]",
	} {
		if got := fmt.Sprint(r.got[id]); got != want && !(want == "[]" && r.got[id] == nil) {
			t.Errorf("%s: entities %s, want %s", id, got, want)
		}
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
