package crm

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/socialcrm/socialcrm"
)

// SLA is the service-level time of each channel: how long the brand has to
// answer a case after the customer wrote.
type SLA struct {
	Channels map[string]time.Duration // by source network
	Default  time.Duration            // channels not listed
}

// DefaultSLA answers fast where conversations are fast: an hour on X, four
// on Mastodon and Bluesky, eight on Reddit, a day elsewhere.
func DefaultSLA() SLA {
	return SLA{Default: 24 * time.Hour, Channels: map[string]time.Duration{
		"x": time.Hour, "mastodon": 4 * time.Hour, "bluesky": 4 * time.Hour, "reddit": 8 * time.Hour,
		"hackernews": 24 * time.Hour, "rss": 24 * time.Hour, "email": 24 * time.Hour, "webhook": 8 * time.Hour,
	}}
}

// For returns the service-level time of channel.
func (s SLA) For(channel string) time.Duration {
	if d, ok := s.Channels[channel]; ok {
		return d
	}
	return s.Default
}

// Known lists the channels with their own service-level time, sorted.
func (s SLA) Known() []string { return slices.Sorted(maps.Keys(s.Channels)) }

// ParseSLA reads "channel=duration" pairs separated by commas ("x=30m,
// reddit=12h,default=48h") over base: listed channels are set or
// replaced, the rest are kept. Durations accept days ("2d").
func ParseSLA(spec string, base SLA) (SLA, error) {
	out := SLA{Default: base.Default, Channels: maps.Clone(base.Channels)}
	if out.Channels == nil {
		out.Channels = map[string]time.Duration{}
	}
	for part := range strings.SplitSeq(spec, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		name, val, ok := strings.Cut(part, "=")
		name = strings.ToLower(strings.TrimSpace(name))
		d, err := parseDays(strings.TrimSpace(val))
		switch {
		case !ok || name == "":
			return base, socialcrm.Invalidf("crm: SLA %q: want channel=duration", part)
		case err != nil || d <= 0:
			return base, socialcrm.Invalidf("crm: SLA %q: want a positive duration such as 30m, 4h or 1d", part)
		case name == "default":
			out.Default = d
		default:
			out.Channels[name] = d
		}
	}
	if out.Default <= 0 {
		return base, socialcrm.Invalidf("crm: SLA: the default must be positive")
	}
	return out, nil
}

// parseDays is time.ParseDuration that also takes whole days ("2d").
func parseDays(s string) (time.Duration, error) {
	if n, ok := strings.CutSuffix(s, "d"); ok {
		var days int
		if _, err := fmt.Sscanf(n, "%d", &days); err != nil || fmt.Sprint(days) != n {
			return 0, fmt.Errorf("bad days %q", s)
		}
		return time.Duration(days) * 24 * time.Hour, nil
	}
	return time.ParseDuration(s)
}
