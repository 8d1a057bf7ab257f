package alerts

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"

	"github.com/socialcrm/socialcrm"
)

// SettingsKey is the state store key of the alert settings edited through
// the API. Once it is set, its settings win over --alert-config's in every
// alerter, at start and when a change notice comes.
const SettingsKey = "alerts/settings"

// MaxSettingsBytes bounds an edit of the settings.
const MaxSettingsBytes = 64 << 10

// settingsDoc is the stored form of the edited settings: every setting the
// API edits, under the configuration file's keys, so that ReadConfig reads
// it back.
type settingsDoc struct {
	Params         Params            `json:"params"`
	Brands         map[string]Params `json:"brands"`
	VIPTiers       []string          `json:"vip_tiers"`
	VIPValue       float64           `json:"vip_value"`
	VIPQuiet       string            `json:"vip_quiet"`
	VIPPerHour     int               `json:"vip_per_hour"`
	MaxTopics      int               `json:"max_topics"`
	MaxPerHour     int               `json:"max_per_hour"`
	Sample         int               `json:"sample"`
	NotifyResolved bool              `json:"notify_resolved"`
}

func docOf(c Config) settingsDoc {
	brands := make(map[string]Params, len(c.Brands))
	for b, p := range c.Brands {
		brands[b] = p
	}
	tiers := slices.Clone(c.VIPTiers)
	if tiers == nil {
		tiers = []string{}
	}
	return settingsDoc{Params: c.Params, Brands: brands, VIPTiers: tiers, VIPValue: c.VIPValue,
		VIPQuiet: c.VIPQuiet.String(), VIPPerHour: c.VIPPerHour, MaxTopics: c.MaxTopics, MaxPerHour: c.MaxPerHour,
		Sample: c.Sample, NotifyResolved: c.NotifyResolved}
}

// confCopy returns a copy of the alerter's settings, safe to read while
// settings are being applied.
func (a *Alerter) confCopy() Config {
	a.cmu.RLock()
	defer a.cmu.RUnlock()
	c := a.conf
	c.Brands = make(map[string]Params, len(a.conf.Brands))
	for b, p := range a.conf.Brands {
		c.Brands[b] = p
	}
	c.VIPTiers = slices.Clone(a.conf.VIPTiers)
	return c
}

// EditSettings lays body, settings in the form of the --alert-config file
// (YAML, or JSON, which is YAML), over the settings in force, validates the result as
// the file loader does, stores it under SettingsKey and applies it. Keys
// left out keep their values. The segment targets (vip_segment, segments,
// segment_refresh) are set by the file only: changing them is refused.
// Errors of the settings wrap socialcrm.ErrInvalid.
func (a *Alerter) EditSettings(ctx context.Context, body []byte) (any, error) {
	if len(body) > MaxSettingsBytes {
		return nil, socialcrm.Invalidf("alert settings: over %d bytes", MaxSettingsBytes)
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, socialcrm.Invalidf("alert settings: empty body: want settings in the form of the --alert-config file")
	}
	a.edit.Lock()
	defer a.edit.Unlock()
	cur := a.confCopy()
	c, err := ReadConfig(bytes.NewReader(body), cur)
	if err != nil {
		return nil, fmt.Errorf("%v: %w", err, socialcrm.ErrInvalid)
	}
	if c.VIPSegment != cur.VIPSegment || !reflect.DeepEqual(c.SegmentRules, cur.SegmentRules) || c.SegmentRefresh != cur.SegmentRefresh {
		return nil, socialcrm.Invalidf("alerts: config: vip_segment, segments and segment_refresh are set by --alert-config only, not through the API")
	}
	doc, err := json.Marshal(docOf(c))
	if err != nil {
		return nil, fmt.Errorf("alerts: settings: %w", err)
	}
	if err := a.store.PutState(ctx, SettingsKey, doc); err != nil {
		return nil, fmt.Errorf("alerts: store settings: %w", err)
	}
	a.applySettings(c)
	a.logger.Info("alert settings edited and applied")
	return a.Settings(), nil
}

// LoadSettings applies the settings stored under SettingsKey, when there
// are any: at start, and when another process tells of an edit. Without
// stored settings those in force stay. A stored document that no longer
// validates is an error, and the settings in force stay.
func (a *Alerter) LoadSettings(ctx context.Context) error {
	data, err := a.store.GetState(ctx, SettingsKey)
	if errors.Is(err, socialcrm.ErrNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("alerts: load settings: %w", err)
	}
	a.edit.Lock()
	defer a.edit.Unlock()
	base := a.confCopy()
	base.Brands = nil // the stored document holds every brand's
	c, err := ReadConfig(bytes.NewReader(data), base)
	if err != nil {
		return fmt.Errorf("alerts: stored settings: %w", err)
	}
	a.applySettings(c)
	return nil
}

// applySettings puts the edited settings of c in force. Series whose parameters
// change take the new ones at their next window; a series whose window or
// scales change starts its baseline anew, keeping its open alert.
func (a *Alerter) applySettings(c Config) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.cmu.Lock()
	a.conf.Params, a.conf.Brands = c.Params, c.Brands
	a.conf.VIPTiers, a.conf.VIPValue, a.conf.VIPQuiet, a.conf.VIPPerHour = c.VIPTiers, c.VIPValue, c.VIPQuiet, c.VIPPerHour
	a.conf.MaxTopics, a.conf.MaxPerHour, a.conf.Sample, a.conf.NotifyResolved = c.MaxTopics, c.MaxPerHour, c.Sample, c.NotifyResolved
	a.cmu.Unlock()
	now := a.conf.Now()
	for k, s := range a.series {
		p := a.conf.params(k.brand)
		if reflect.DeepEqual(p, s.p) {
			continue
		}
		if p.Window != s.p.Window || !slices.Equal(p.Scales, s.p.Scales) {
			n := newSeries(k, p, now)
			n.alert, n.first = s.alert, s.first
			a.series[k] = n
			continue
		}
		s.p = p
		s.det.setParams(p)
	}
}

// vipRule returns the thresholds that make a contact a VIP.
func (a *Alerter) vipRule() (segment string, tiers []string, value float64) {
	a.cmu.RLock()
	defer a.cmu.RUnlock()
	return a.conf.VIPSegment, a.conf.VIPTiers, a.conf.VIPValue
}
