package alerts

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"time"

	"gopkg.in/yaml.v3"
)

// fileConfig is the YAML form of the alerting settings (see ReadConfig),
// with parameters P: Params for a strict first pass that reports unknown
// keys and bad values with their lines, yaml.Node for the pass that lays
// the keys given over the current values. Pointers tell a key left out.
type fileConfig[P any] struct {
	Params         P              `yaml:"params"`
	Brands         map[string]P   `yaml:"brands"`
	VIPTiers       []string       `yaml:"vip_tiers"`
	VIPValue       *float64       `yaml:"vip_value"`
	VIPQuiet       *time.Duration `yaml:"vip_quiet"`
	VIPPerHour     *int           `yaml:"vip_per_hour"`
	VIPSegment     *string        `yaml:"vip_segment"`
	SegmentRules   []SegmentRule  `yaml:"segments"`
	SegmentRefresh *time.Duration `yaml:"segment_refresh"`
	MaxTopics      *int           `yaml:"max_topics"`
	MaxPerHour     *int           `yaml:"max_per_hour"`
	Sample         *int           `yaml:"sample"`
	NotifyResolved *bool          `yaml:"notify_resolved"`
}

// ReadConfig reads alerting settings in YAML over base and returns the
// result, validated. "params" sets detector parameters shared by every
// brand, over base.Params; each entry of "brands" overrides some of them
// for one brand, over the shared ones, and a brand set to null (~) drops
// its override, so that it takes the shared ones. Keys left out keep their
// values:
//
//	params:
//	  window: 5m
//	  threshold: 5
//	brands:
//	  skyway:
//	    min_volume: 20     # a big brand: ignore small windows
//	vip_tiers: [platinum]
//	vip_value: 500000
//	vip_segment: key-accounts   # VIPs are this segment's members instead
//	segments:                   # alert rules that count members' mentions only
//	  - segment: high-value-turning-negative
//	    brands: [skyway]          # all brands when left out
//	segment_refresh: 1m         # how often members are evaluated in the store
//	max_per_hour: 20
//
// Errors name the line of a bad or unknown key.
func ReadConfig(r io.Reader, base Config) (Config, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return base, fmt.Errorf("alerts: config: %w", err)
	}
	var strict fileConfig[Params]
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&strict); err != nil && !errors.Is(err, io.EOF) {
		return base, fmt.Errorf("alerts: config: %w", err)
	}
	var f fileConfig[yaml.Node]
	if err := yaml.Unmarshal(data, &f); err != nil {
		return base, fmt.Errorf("alerts: config: %w", err)
	}
	c := base
	if c.Params.Window == 0 {
		c.Params = DefaultParams()
	}
	if !f.Params.IsZero() {
		if err := f.Params.Decode(&c.Params); err != nil {
			return base, fmt.Errorf("alerts: config: params: %w", err)
		}
	}
	brands := make(map[string]Params, len(base.Brands)+len(f.Brands))
	for b, p := range base.Brands {
		brands[b] = p
	}
	for b, node := range f.Brands {
		if node.Kind == yaml.ScalarNode && node.ShortTag() == "!!null" {
			delete(brands, b)
			continue
		}
		p := c.Params
		if err := node.Decode(&p); err != nil {
			return base, fmt.Errorf("alerts: config: brand %.64q: %w", b, err)
		}
		brands[b] = p
	}
	if len(brands) > 0 || len(base.Brands) > 0 {
		c.Brands = brands
	}
	if f.VIPTiers != nil {
		c.VIPTiers = slices.Clone(f.VIPTiers)
	}
	set(&c.VIPValue, f.VIPValue)
	set(&c.VIPQuiet, f.VIPQuiet)
	set(&c.VIPPerHour, f.VIPPerHour)
	set(&c.VIPSegment, f.VIPSegment)
	set(&c.SegmentRefresh, f.SegmentRefresh)
	if f.SegmentRules != nil {
		c.SegmentRules = slices.Clone(f.SegmentRules)
	}
	set(&c.MaxTopics, f.MaxTopics)
	set(&c.MaxPerHour, f.MaxPerHour)
	set(&c.Sample, f.Sample)
	set(&c.NotifyResolved, f.NotifyResolved)
	if c.VIPValue < 0 || c.VIPQuiet < 0 || c.VIPPerHour < 0 || c.MaxTopics < 0 || c.MaxPerHour < 0 || c.Sample < 0 {
		return base, fmt.Errorf("alerts: config: vip_value, vip_quiet, vip_per_hour, max_topics, max_per_hour and sample must not be negative")
	}
	if err := c.Params.Validate(); err != nil {
		return base, fmt.Errorf("alerts: config: params: %w", err)
	}
	if c.SegmentRefresh == 0 {
		c.SegmentRefresh = DefaultConfig().SegmentRefresh
	}
	if err := c.validateSegments(); err != nil {
		return base, fmt.Errorf("alerts: config: %w", err)
	}
	if err := validateBrands(c.Brands); err != nil {
		return base, fmt.Errorf("alerts: config: %w", err)
	}
	return c, nil
}

func set[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}
