package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"time"

	"github.com/socialcrm/socialcrm/alerts"
)

// cmdSpikes replays a timestamp,value series through the production spike
// detector and prints one JSON line per alert.
func cmdSpikes(ctx context.Context, args []string, io stdio) error {
	fs := newFlagSet("spikes", "spikes --csv FILE [flags]", io)
	def := alerts.DefaultParams()
	path := fs.String("csv", "SOCIALCRM_SPIKES_CSV", "", "timestamp,value CSV to replay (- for stdin)")
	confPath := fs.String("alert-config", "SOCIALCRM_ALERT_CONFIG", "", "YAML file of detector parameters, as serve reads it")
	brand := fs.String("brand", "", "", "replay with this brand's parameters from --alert-config")
	window := fs.Duration("window", "SOCIALCRM_ALERT_WINDOW", def.Window,
		"width of one window of the series (when not given, --alert-config's if set)")
	threshold := fs.Float64("threshold", "SOCIALCRM_ALERT_THRESHOLD", def.Threshold,
		"robust z-score a window must reach (when not given, --alert-config's if set)")
	minVolume := fs.Float64("min-volume", "SOCIALCRM_ALERT_MIN_VOLUME", def.MinVolume,
		"least count of an abnormal window (when not given, --alert-config's if set)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := fs.noArgs(); err != nil {
		return err
	}
	if *path == "" {
		return fmt.Errorf("spikes: --csv FILE is required")
	}
	p, err := spikeParams(*confPath, *brand)
	if err != nil {
		return fmt.Errorf("spikes: %w", err)
	}
	if fs.setByUser("window") {
		p.Window = *window
	}
	if fs.setByUser("threshold") {
		p.Threshold = *threshold
	}
	if fs.setByUser("min-volume") {
		p.MinVolume = *minVolume
	}
	if err := p.Validate(); err != nil {
		return fmt.Errorf("spikes: %w", err)
	}
	in := io.in
	if *path != "-" {
		f, err := os.Open(*path)
		if err != nil {
			return fmt.Errorf("spikes: %w", err)
		}
		defer f.Close()
		in = f
	}
	pts, err := alerts.ReadSeries(in)
	if err != nil {
		return fmt.Errorf("spikes: %s: %w", *path, err)
	}
	enc := json.NewEncoder(io.out)
	spikes := alerts.Replay(p, pts)
	switch {
	case len(pts) == 0:
		fmt.Fprintf(io.err, "spikes: no alerts in 0 points: %s holds no series\n", *path)
	case len(spikes) == 0:
		fmt.Fprintf(io.err, "spikes: no alerts in %d points from %s to %s\n", len(pts),
			pts[0].Start.Format(time.RFC3339), pts[len(pts)-1].Start.Format(time.RFC3339))
	}
	for _, s := range spikes {
		s.Expected = math.Round(s.Expected*100) / 100
		s.Score = math.Round(s.Score*100) / 100
		if err := enc.Encode(s); err != nil {
			return fmt.Errorf("spikes: write: %w", err)
		}
	}
	return ctx.Err()
}

// spikeParams returns the detector parameters of brand ("" for the shared
// ones) from the alert config file at path, or the defaults without one.
func spikeParams(path, brand string) (alerts.Params, error) {
	if path == "" {
		if brand != "" {
			return alerts.Params{}, fmt.Errorf("--brand %s needs --alert-config", brand)
		}
		return alerts.DefaultParams(), nil
	}
	f, err := os.Open(path)
	if err != nil {
		return alerts.Params{}, err
	}
	defer f.Close()
	c, err := alerts.ReadConfig(f, alerts.DefaultConfig())
	if err != nil {
		return alerts.Params{}, fmt.Errorf("%s: %w", path, err)
	}
	if p, ok := c.Brands[brand]; ok {
		return p, nil
	}
	if brand != "" {
		return alerts.Params{}, fmt.Errorf("--brand %s: %s has no overrides for it", brand, path)
	}
	return c.Params, nil
}
