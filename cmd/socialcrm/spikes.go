package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"

	"github.com/socialcrm/socialcrm/alerts"
)

// cmdSpikes replays a timestamp,value series through the production spike
// detector and prints one JSON line per alert.
func cmdSpikes(ctx context.Context, args []string, io stdio) error {
	fs := newFlagSet("spikes", "spikes --csv FILE [flags]", io)
	def := alerts.DefaultParams()
	path := fs.String("csv", "SOCIALCRM_SPIKES_CSV", "", "timestamp,value CSV to replay (- for stdin)")
	window := fs.Duration("window", "SOCIALCRM_ALERT_WINDOW", def.Window, "width of one window of the series")
	threshold := fs.Float64("threshold", "SOCIALCRM_ALERT_THRESHOLD", def.Threshold, "robust z-score a window must reach")
	minVolume := fs.Float64("min-volume", "SOCIALCRM_ALERT_MIN_VOLUME", def.MinVolume, "least count of an abnormal window")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := fs.noArgs(); err != nil {
		return err
	}
	if *path == "" {
		return fmt.Errorf("spikes: --csv FILE is required")
	}
	p := def
	p.Window, p.Threshold, p.MinVolume = *window, *threshold, *minVolume
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
	for _, s := range alerts.Replay(p, pts) {
		s.Expected = math.Round(s.Expected*100) / 100
		s.Score = math.Round(s.Score*100) / 100
		if err := enc.Encode(s); err != nil {
			return fmt.Errorf("spikes: write: %w", err)
		}
	}
	return ctx.Err()
}
