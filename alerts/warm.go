package alerts

import (
	"context"
	"fmt"
	"time"

	"github.com/socialcrm/socialcrm"
)

// Warm rebuilds the baselines of the brands' series from the mentions
// already stored, so that a restarted alerter judges against its whole
// history at once instead of warming up again. Windows from the store
// raise no alerts. Call it before Observe and Run.
func (a *Alerter) Warm(ctx context.Context, brands []string) error {
	now := a.conf.Now()
	for _, b := range brands {
		p := a.conf.params(b)
		since, open := now.Add(-p.History).Truncate(p.Window), now.Truncate(p.Window)
		buckets, err := a.store.SentimentSummary(ctx, socialcrm.SummaryFilter{
			Brand: &b, Since: &since, Until: &open, Window: p.Window})
		if err != nil {
			return fmt.Errorf("alerts: warm %s: %w", b, err)
		}
		if len(buckets) == 0 {
			continue
		}
		det := NewDetector(p)
		byStart := make(map[time.Time]socialcrm.SummaryBucket, len(buckets))
		for _, bk := range buckets {
			byStart[bk.Start.UTC()] = bk
		}
		for t := buckets[0].Start.UTC(); t.Before(open); t = t.Add(p.Window) {
			bk := byStart[t]
			det.Observe(Point{Start: t, Value: float64(bk.Negative), Total: float64(bk.Total())})
		}
		det.calm()
		a.mu.Lock()
		s := a.seriesFor(key{b, ""}, now)
		s.det, s.cur = det, counts{start: open}
		a.mu.Unlock()
		a.logger.Info("alert baseline restored from the store", "brand", b, "windows", len(buckets))
	}
	return nil
}

// calm forgets an alert state reached on history, keeping the baseline.
func (d *Detector) calm() {
	d.firing, d.above, d.below = false, 0, 0
	d.runStart, d.quietUntil = time.Time{}, time.Time{}
}
