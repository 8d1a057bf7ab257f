package alerts

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/backoff"
)

// Config configures an Alerter. Zero fields take DefaultConfig's values.
type Config struct {
	// Params are the detector parameters shared by every series.
	Params Params
	// Brands overrides Params for some brands, as a whole.
	Brands map[string]Params
	// VIPTiers and VIPValue say which contacts are VIPs: a negative
	// mention by one raises an alert at once.
	VIPTiers []string
	VIPValue float64
	// VIPSegment, when set, is the ID of the segment whose members are
	// the VIPs instead: VIPTiers and VIPValue are then not used.
	VIPSegment string
	// SegmentRules are alert rules that target a segment: each counts,
	// per brand, only the mentions by the segment's members.
	SegmentRules []SegmentRule
	// SegmentRefresh is how often the members of the targeted segments
	// are evaluated anew in the store (and once by Restore, at start).
	SegmentRefresh time.Duration
	// VIPQuiet resolves a VIP alert once its contact has been quiet this
	// long.
	VIPQuiet time.Duration
	// VIPPerHour caps the VIP alerts raised an hour, all brands together,
	// at full severity and notified: past it, a VIP alert is stored as
	// info and not notified, so that VIP complaints cannot bury a spike.
	VIPPerHour int
	// MaxTopics caps the topic and rule series tracked per brand.
	MaxTopics int
	// MaxPerHour caps notifications per hour across all alerts.
	MaxPerHour int
	// Retry paces the attempts of a notification a receiver did not take
	// but may take later (a network error, a 429 or 5xx answer), and
	// RetryFor bounds them: a receiver still failing RetryFor after the
	// first attempt is given up on, and the alert's delivery has failed.
	Retry    backoff.Policy
	RetryFor time.Duration
	// Tick is how often Run closes windows.
	Tick time.Duration
	// Sample is how many mentions, authors, themes and contacts an alert
	// carries.
	Sample int
	// NotifyResolved also notifies when an alert resolves.
	NotifyResolved bool
	// Influence, when set, returns an author's influence in the
	// relationship graph (1 for an average node, 0 if unknown): it weighs
	// the author's followers in an alert's reach and author ranking.
	Influence func(authorKey string) float64
	// Publish, when set, is called with each new or changed alert (cmd
	// wires it to the alerts Kafka topic).
	Publish func(ctx context.Context, a *socialcrm.Alert) error
	// Now is the clock; tests inject one.
	Now func() time.Time
}

// DefaultConfig returns the configuration used for unset fields.
func DefaultConfig() Config {
	return Config{
		Params:         DefaultParams(),
		VIPTiers:       []string{socialcrm.TierPlatinum},
		VIPValue:       500000,
		VIPQuiet:       time.Hour,
		VIPPerHour:     3,
		SegmentRefresh: time.Minute,
		MaxTopics:      50,
		MaxPerHour:     20,
		Retry:          backoff.Policy{Min: 2 * time.Second, Max: time.Minute},
		RetryFor:       15 * time.Minute,
		Tick:           time.Second,
		Sample:         10,
		NotifyResolved: true,
		Now:            time.Now,
	}
}

// withDefaults fills unset fields and validates the result.
func (c Config) withDefaults() (Config, error) {
	d := DefaultConfig()
	if c.Params.Window == 0 {
		c.Params = d.Params
	}
	if c.VIPTiers == nil {
		c.VIPTiers = d.VIPTiers
	}
	orDefault(&c.VIPValue, d.VIPValue)
	orDefault(&c.VIPQuiet, d.VIPQuiet)
	orDefault(&c.VIPPerHour, d.VIPPerHour)
	orDefault(&c.SegmentRefresh, d.SegmentRefresh)
	orDefault(&c.MaxTopics, d.MaxTopics)
	orDefault(&c.MaxPerHour, d.MaxPerHour)
	if c.Retry.Min == 0 && c.Retry.Max == 0 {
		c.Retry.Min, c.Retry.Max = d.Retry.Min, d.Retry.Max
	}
	orDefault(&c.RetryFor, d.RetryFor)
	orDefault(&c.Tick, d.Tick)
	orDefault(&c.Sample, d.Sample)
	if c.Now == nil {
		c.Now = d.Now
	}
	if err := c.Params.Validate(); err != nil {
		return c, err
	}
	if err := c.validateSegments(); err != nil {
		return c, err
	}
	return c, validateBrands(c.Brands)
}

// MaxBrands bounds the brands that override the shared parameters.
const MaxBrands = socialcrm.MaxListLen

// validateBrands checks the brand overrides: at most MaxBrands, each
// named as a mention's brand may be (1 to socialcrm.MaxLabelBytes bytes)
// and with valid parameters.
func validateBrands(brands map[string]Params) error {
	if len(brands) > MaxBrands {
		return fmt.Errorf("brands: %d overrides: want at most %d", len(brands), MaxBrands)
	}
	for _, b := range slices.Sorted(maps.Keys(brands)) {
		if b == "" || len(b) > socialcrm.MaxLabelBytes {
			return fmt.Errorf("brands: brand name %.64q (%d bytes): want 1 to %d bytes, as a mention's brand", b, len(b), socialcrm.MaxLabelBytes)
		}
		if err := brands[b].Validate(); err != nil {
			return fmt.Errorf("brand %q: %w", b, err)
		}
	}
	return nil
}

// orDefault sets *v to def when *v is its zero value.
func orDefault[T comparable](v *T, def T) {
	var zero T
	if *v == zero {
		*v = def
	}
}

// params returns the detector parameters of brand.
func (c Config) params(brand string) Params {
	if p, ok := c.Brands[brand]; ok {
		return p
	}
	return c.Params
}

// validateSegments checks the segment targets: IDs a segment may have, no
// rule twice, and a refresh of at least a second.
func (c Config) validateSegments() error {
	if c.VIPSegment != "" {
		if err := (&socialcrm.Segment{ID: c.VIPSegment, Name: "vip", Rules: socialcrm.SegmentRules{Match: "all"}}).Validate(); err != nil {
			return fmt.Errorf("vip_segment: %w", err)
		}
	}
	seen := map[string]bool{}
	for i, r := range c.SegmentRules {
		if r.Segment == "" {
			return fmt.Errorf("segments[%d]: segment: want the ID of a segment", i)
		}
		if err := (&socialcrm.Segment{ID: r.Segment, Name: "rule", Rules: socialcrm.SegmentRules{Match: "all"}}).Validate(); err != nil {
			return fmt.Errorf("segments[%d]: %w", i, err)
		}
		if seen[r.Segment] {
			return fmt.Errorf("segments[%d]: segment %q is targeted twice", i, r.Segment)
		}
		seen[r.Segment] = true
	}
	if c.SegmentRefresh < time.Second {
		return fmt.Errorf("segment_refresh %s: want at least 1s", c.SegmentRefresh)
	}
	return nil
}
