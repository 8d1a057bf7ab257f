package crm

import (
	"fmt"
	"os"

	"gopkg.in/yaml.v3"

	"github.com/socialcrm/socialcrm"
)

// maxConfigFile bounds the pipeline and rates files.
const maxConfigFile = 1 << 20

// readYAML decodes the YAML file path into v, refusing unknown fields.
func readYAML(what, path string, v any) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("crm: %s: %w", what, err)
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.Size() > maxConfigFile {
		return socialcrm.Invalidf("crm: %s %s: %d bytes, at most %d", what, path, fi.Size(), maxConfigFile)
	}
	dec := yaml.NewDecoder(f)
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		return socialcrm.Invalidf("crm: %s %s: %v", what, path, err)
	}
	return nil
}

// ReadPipeline reads the pipeline's stages from a YAML file (see
// docs/funnel.md) and validates them:
//
//	stages:
//	  - {name: discovery, probability: 10}
//	  - {name: won, probability: 100, outcome: won}
//	  - {name: lost, probability: 0, outcome: lost}
func ReadPipeline(path string) (socialcrm.Stages, error) {
	var f struct {
		Stages socialcrm.Stages `yaml:"stages"`
	}
	if err := readYAML("pipeline config", path, &f); err != nil {
		return nil, err
	}
	if err := f.Stages.Validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return f.Stages, nil
}

// ReadFXRates reads exchange rates to a base currency from a YAML file
// (see docs/funnel.md) and validates them:
//
//	base: EUR
//	rates: {USD: 0.92, GBP: 1.17, JPY: 0.0061}   # one unit is worth this many EUR
func ReadFXRates(path string) (*socialcrm.FXRates, error) {
	var r socialcrm.FXRates
	if err := readYAML("fx rates", path, &r); err != nil {
		return nil, err
	}
	if err := r.Validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &r, nil
}
