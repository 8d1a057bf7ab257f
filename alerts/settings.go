package alerts

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"time"
)

// Settings are an alerter's effective settings, as the API shows them.
type Settings struct {
	Params     Params            `json:"params"`
	Brands     map[string]Params `json:"brands"`
	VIPTiers   []string          `json:"vip_tiers"`
	VIPValue   float64           `json:"vip_value"`
	VIPQuiet   string            `json:"vip_quiet"`
	VIPPerHour int               `json:"vip_per_hour"`
	VIPSegment string            `json:"vip_segment,omitempty"`
	// SegmentRules are the alert rules that target a segment, and
	// Segments the members held for each targeted segment.
	SegmentRules   []SegmentRule   `json:"segment_rules"`
	SegmentRefresh string          `json:"segment_refresh"`
	Segments       []SegmentStatus `json:"segments"`
	MaxTopics      int             `json:"max_topics"`
	MaxPerHour     int             `json:"max_per_hour"`
	Sample         int             `json:"sample"`
	Resolved       bool            `json:"notify_resolved"`
}

// Settings returns the alerter's effective settings: the shared detector
// parameters, each brand's, the VIP thresholds and the caps.
func (a *Alerter) Settings() any {
	c := a.confCopy()
	brands := make(map[string]Params, len(c.Brands))
	for b, p := range c.Brands {
		brands[b] = p
	}
	return Settings{Params: c.Params, Brands: brands, VIPTiers: slices.Clone(c.VIPTiers), VIPValue: c.VIPValue,
		VIPQuiet: c.VIPQuiet.String(), VIPPerHour: c.VIPPerHour, MaxTopics: c.MaxTopics, MaxPerHour: c.MaxPerHour, Sample: c.Sample,
		Resolved: c.NotifyResolved, VIPSegment: c.VIPSegment, SegmentRules: append([]SegmentRule{}, c.SegmentRules...),
		SegmentRefresh: c.SegmentRefresh.String(), Segments: a.segs.statuses(c.targeted())}
}

// MarshalJSON writes p with durations as the configuration file takes
// them ("5m0s"), under the file's keys.
func (p Params) MarshalJSON() ([]byte, error) {
	v := reflect.ValueOf(p)
	out := make(map[string]any, v.NumField())
	for i := range v.NumField() {
		key, _, _ := strings.Cut(v.Type().Field(i).Tag.Get("json"), ",")
		if d, ok := v.Field(i).Interface().(time.Duration); ok {
			out[key] = d.String()
		} else {
			out[key] = v.Field(i).Interface()
		}
	}
	return json.Marshal(out)
}
