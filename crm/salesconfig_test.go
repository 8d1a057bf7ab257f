package crm_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/crm"
)

func TestReadPipelineAndRates(t *testing.T) {
	dir := t.TempDir()
	file := func(body string) string {
		p := filepath.Join(dir, "f.yaml")
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	p, err := crm.ReadPipeline(file("stages:\n  - {name: a, probability: 20}\n  - {name: w, probability: 100, outcome: won}\n  - {name: l, probability: 0, outcome: lost}\n"))
	if err != nil || p.Names() != "a, w, l" || !p[1].Closed {
		t.Errorf("ReadPipeline = %+v, %v", p, err)
	}
	for name, c := range map[string]struct{ body, want string }{
		"unknown field": {"stages:\n  - {name: a, probability: 20, closed: true}\n", "closed"},
		"no won":        {"stages:\n  - {name: a}\n  - {name: b}\n  - {name: l, outcome: lost}\n", "no won stage"},
		"not yaml":      {"stages: [", "pipeline config"},
	} {
		if _, err := crm.ReadPipeline(file(c.body)); !errors.Is(err, socialcrm.ErrInvalid) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("ReadPipeline %s: %v, want ErrInvalid saying %q", name, err, c.want)
		}
	}
	if _, err := crm.ReadPipeline(filepath.Join(dir, "missing.yaml")); err == nil {
		t.Errorf("ReadPipeline of a missing file: no error")
	}
	r, err := crm.ReadFXRates(file("base: EUR\nrates: {USD: 0.92}\n"))
	if err != nil || r.Rates["USD"] != 0.92 {
		t.Errorf("ReadFXRates = %+v, %v", r, err)
	}
	for name, c := range map[string]struct{ body, want string }{
		"unknown field": {"base: EUR\nrate: {USD: 0.92}\n", "rate"},
		"negative":      {"base: EUR\nrates: {USD: -1}\n", "positive"},
		"not a number":  {"base: EUR\nrates: {USD: lots}\n", "fx rates"},
	} {
		if _, err := crm.ReadFXRates(file(c.body)); !errors.Is(err, socialcrm.ErrInvalid) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("ReadFXRates %s: %v, want ErrInvalid saying %q", name, err, c.want)
		}
	}
}
