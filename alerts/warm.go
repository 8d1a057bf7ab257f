package alerts

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/socialcrm/socialcrm"
)

// Warm rebuilds the baselines of every series, brand-wide, per topic and
// per tracking rule, of every brand with mentions stored within its
// history, so that a restarted alerter judges against its whole history
// at once instead of warming up again. Windows from the store raise no
// alerts. Call it before Observe and Run (Restore does).
func (a *Alerter) Warm(ctx context.Context) error {
	now := a.conf.Now()
	for window, hist := range a.windows() {
		since, open := now.Add(-hist).Truncate(window), now.Truncate(window)
		counts, err := a.store.CountSeries(ctx, socialcrm.SeriesFilter{Since: since, Until: open, Window: window})
		if err != nil {
			return fmt.Errorf("alerts: warm: %w", err)
		}
		a.warmSeries(counts, window, now)
	}
	return nil
}

// windows maps each window width in use to the longest history kept with
// it.
func (a *Alerter) windows() map[time.Duration]time.Duration {
	out := map[time.Duration]time.Duration{a.conf.Params.Window: a.conf.Params.History}
	for _, p := range a.conf.Brands {
		out[p.Window] = max(out[p.Window], p.History)
	}
	return out
}

// warmSeries builds the series of the counts cs (ordered by brand, topic,
// rule and start) made with window, skipping brands whose parameters use
// another window and a brand's topics past Config.MaxTopics, the busiest
// kept.
func (a *Alerter) warmSeries(cs []socialcrm.SeriesCount, window time.Duration, now time.Time) {
	type run struct {
		k     key
		c     []socialcrm.SeriesCount
		total int
	}
	var runs []*run
	for _, c := range cs {
		k := key{c.Brand, c.Topic}
		if c.Rule != "" {
			k.topic = "rule:" + c.Rule
		}
		if n := len(runs); n == 0 || runs[n-1].k != k {
			runs = append(runs, &run{k: k})
		}
		r := runs[len(runs)-1]
		r.c, r.total = append(r.c, c), r.total+c.Total
	}
	// brand-wide series first, then the busiest topics and rules
	slices.SortStableFunc(runs, func(x, y *run) int {
		return cmp.Or(cmp.Compare(x.k.brand, y.k.brand), boolRank(x.k.topic != "", y.k.topic != ""), cmp.Compare(y.total, x.total))
	})
	a.mu.Lock()
	defer a.mu.Unlock()
	restored := map[string]int{}
	for _, r := range runs {
		p := a.conf.params(r.k.brand)
		if p.Window != window {
			continue
		}
		if r.k.topic != "" && a.topics[r.k.brand] > a.conf.MaxTopics {
			continue
		}
		s := a.seriesFor(r.k, now)
		s.det, s.cur = warmDetector(p, r.c, now), counts{start: now.Truncate(window)}
		restored[r.k.brand]++
	}
	for b, n := range restored {
		a.logger.Info("alert baselines restored from the store", "brand", b, "series", n)
	}
}

// boolRank orders false before true.
func boolRank(x, y bool) int {
	switch {
	case x == y:
		return 0
	case !x:
		return -1
	}
	return 1
}

// warmDetector replays a series' stored buckets, oldest first, up to the
// window open at now; gaps are empty windows.
func warmDetector(p Params, cs []socialcrm.SeriesCount, now time.Time) *Detector {
	det := NewDetector(p)
	byStart := make(map[time.Time]socialcrm.SeriesCount, len(cs))
	for _, c := range cs {
		byStart[c.Start] = c
	}
	open := now.Truncate(p.Window)
	for t := cs[0].Start; t.Before(open); t = t.Add(p.Window) {
		c := byStart[t]
		det.Observe(Point{Start: t, Value: float64(c.Negative), Total: float64(c.Total)})
	}
	det.calm()
	return det
}

// calm forgets an alert state reached on history, keeping the baseline.
func (d *Detector) calm() {
	d.firing, d.above, d.below = false, 0, 0
	d.runStart, d.quietUntil = time.Time{}, time.Time{}
}

// resume puts the detector back in the firing state of an open alert
// that began at since, so that it resolves once the windows are normal
// again.
func (d *Detector) resume(since time.Time) {
	d.firing, d.above, d.below, d.byLevel = true, 0, 0, false
	d.runStart = since
}
