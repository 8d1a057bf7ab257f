package alerts

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/socialcrm/socialcrm"
)

// Alerter counts scored mentions per brand and topic, raises and resolves
// alerts, stores and publishes them and notifies the receivers. Observe,
// Tick, Ack, Resolve and the silence methods are safe for concurrent use.
type Alerter struct {
	conf      Config
	store     socialcrm.Store
	notifiers []socialcrm.Notifier
	logger    *slog.Logger
	m         *metrics

	mu       sync.Mutex
	series   map[key]*series
	vip      map[string]*vipAlert // open VIP alerts by fingerprint
	topics   map[string]int       // series per brand
	outgoing map[string]*delivery // notifications in progress by alert ID
	outbox   []*socialcrm.Alert   // alert copies to publish
	sent     []time.Time          // notification times within the last hour
	vipSent  []time.Time          // VIP alerts raised within the last hour
	silences []socialcrm.Silence

	// cmu guards the settings an edit changes (see applySettings) for readers
	// that do not hold mu; apply holds both. edit serialises edits.
	cmu  sync.RWMutex
	edit sync.Mutex

	segs members // members of the targeted segments, refreshed by Run
}

// New returns an Alerter. store keeps alerts and silences and answers
// contact look-ups; notifiers may be empty.
func New(conf Config, store socialcrm.Store, notifiers []socialcrm.Notifier, logger *slog.Logger, reg prometheus.Registerer) (*Alerter, error) {
	conf, err := conf.withDefaults()
	if err != nil {
		return nil, fmt.Errorf("alerts: config: %w", err)
	}
	if store == nil {
		return nil, fmt.Errorf("alerts: a store is required")
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Alerter{
		conf: conf, store: store, notifiers: notifiers,
		logger: logger.With("component", "alerts"), m: newMetrics(reg),
		series: map[key]*series{}, vip: map[string]*vipAlert{}, topics: map[string]int{},
		outgoing: map[string]*delivery{},
	}, nil
}

// Observe counts a batch of stored scored mentions. A negative mention by
// a VIP contact raises an alert at once; it is notified at the next Tick.
func (a *Alerter) Observe(ctx context.Context, ms []*socialcrm.Mention) error {
	now := a.conf.Now()
	var vips []*socialcrm.Mention
	a.mu.Lock()
	for _, m := range ms {
		if m == nil || m.Brand == "" || m.Deleted {
			continue
		}
		a.m.observed.Inc()
		var reach float64
		if isNegative(m) {
			reach = a.reach(m)
		}
		a.seriesFor(key{m.Brand, ""}, now).add(m, now, reach)
		if m.Rule != "" {
			a.topicSeries(key{m.Brand, "rule:" + m.Rule}, now).add(m, now, reach)
		}
		for _, t := range m.Topics {
			a.topicSeries(key{m.Brand, t}, now).add(m, now, reach)
		}
		a.observeSegments(m, now, reach)
		if isNegative(m) && len(m.Contacts) > 0 {
			vips = append(vips, m)
		}
	}
	a.mu.Unlock()
	var errs []error
	for _, m := range vips {
		if err := a.checkVIP(ctx, m, now); err != nil {
			errs = append(errs, err)
		}
	}
	if len(vips) > 0 {
		if err := a.flush(ctx); err != nil {
			errs = append(errs, err)
		}
	}
	return joinErrs("alerts: observe", errs)
}

// JudgesFrom is the earliest time a burst of brand's complaints can raise
// an alert: its series needs a few windows before it can judge one (see
// Params.FirstJudged), counted from its first mention. A series restored
// by Warm judges at once. For a brand whose mentions have not reached the
// alerter yet, seen is false and the time is counted from now: a guess,
// as its first mention may still be on its way.
func (a *Alerter) JudgesFrom(brand string) (from time.Time, seen bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	now := a.conf.Now()
	first := now
	s, seen := a.series[key{brand, ""}]
	if seen {
		first = s.first
		if f := s.det.first; !f.IsZero() && f.Before(first) {
			first = f
		}
	}
	return a.conf.params(brand).FirstJudged(first), seen
}

// maxInfluence caps the weight of the most central authors' reach.
const maxInfluence = 10

// reach is the weighted reach of m's author: followers (at least one),
// times the author's influence in the relationship graph (PageRank
// against the average node, from 1 to maxInfluence) when it is known.
func (a *Alerter) reach(m *socialcrm.Mention) float64 {
	w := 1.0
	if a.conf.Influence != nil {
		w = min(max(a.conf.Influence(m.AuthorKey()), 1), maxInfluence)
	}
	return float64(max(m.Author.Followers, 1)) * w
}

func (a *Alerter) seriesFor(k key, now time.Time) *series {
	s, ok := a.series[k]
	if !ok {
		s = newSeries(k, a.conf.params(k.brand), now)
		a.series[k] = s
		a.topics[k.brand]++
	}
	return s
}

// topicSeries is seriesFor a topic or rule, or a throwaway series once
// the brand has Config.MaxTopics of them: memory stays bounded however
// many topics the pipeline finds.
func (a *Alerter) topicSeries(k key, now time.Time) *series {
	if _, ok := a.series[k]; !ok && a.topics[k.brand] > a.conf.MaxTopics {
		return &series{}
	}
	return a.seriesFor(k, now)
}

// evictIdle drops series without mentions for a whole history and no
// open alert. Called with a.mu held.
func (a *Alerter) evictIdle(now time.Time) {
	for k, s := range a.series {
		if s.alert == nil && now.Sub(s.lastSeen) > s.p.History {
			delete(a.series, k)
			a.topics[k.brand]--
		}
	}
}

// Run closes windows and sends notifications every Config.Tick until ctx
// is cancelled. It returns nil on a clean stop.
func (a *Alerter) Run(ctx context.Context) error {
	if err := a.loadSilences(ctx); err != nil {
		a.logger.Warn("silences not loaded", "err", err)
	}
	var wg sync.WaitGroup
	defer wg.Wait()
	refresh, stop := context.WithCancel(ctx)
	defer stop()
	wg.Go(func() { a.refreshSegmentsEvery(refresh) })
	t := time.NewTicker(a.conf.Tick)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
			if err := a.Tick(ctx); err != nil {
				a.logger.Error("alert tick", "err", err)
			}
		}
	}
}

// Tick closes the windows that ended by the clock's now, fires and
// resolves alerts, and delivers pending notifications.
func (a *Alerter) Tick(ctx context.Context) error {
	now := a.conf.Now()
	var errs []error
	a.mu.Lock()
	for _, s := range a.ordered() {
		for _, j := range s.closeWindows(now) {
			a.m.windows.Inc()
			if err := a.apply(ctx, s, j, now); err != nil {
				errs = append(errs, err)
			}
		}
	}
	a.evictIdle(now)
	if err := a.resolveVIPs(ctx, now); err != nil {
		errs = append(errs, err)
	}
	a.mu.Unlock()
	if err := a.flush(ctx); err != nil {
		errs = append(errs, err)
	}
	if err := a.deliverDue(ctx, now); err != nil {
		errs = append(errs, err)
	}
	return joinErrs("alerts: tick", errs)
}

// ordered returns the series brand-wide ones first, so that a topic's
// spike groups under its brand's alert raised in the same tick.
func (a *Alerter) ordered() []*series {
	out := make([]*series, 0, len(a.series))
	for _, s := range a.series {
		out = append(out, s)
	}
	slices.SortFunc(out, func(x, y *series) int {
		return cmp.Or(cmp.Compare(x.key.brand, y.key.brand), cmp.Compare(x.key.topic, y.key.topic))
	})
	return out
}

// apply acts on one judged window of s. Called with a.mu held.
func (a *Alerter) apply(ctx context.Context, s *series, j judged, now time.Time) error {
	switch {
	case j.v.Fire:
		if open := a.openSpike(s.key.brand); open != nil {
			// Grouped: the brand's open alert covers this series too.
			if s.key.topic != "" && !slices.Contains(open.Themes, s.key.topic) {
				open.Themes = append(open.Themes, s.key.topic)
			}
			return nil
		}
		al := a.newSpikeAlert(ctx, s, j, now)
		err := a.record(ctx, al, true)
		if errors.Is(err, socialcrm.ErrConflict) {
			return a.adopt(ctx, al, func(open *socialcrm.Alert) { s.alert = open })
		}
		s.alert = al
		a.m.fired.WithLabelValues(socialcrm.ReasonSpike).Inc()
		a.m.open.Inc()
		a.logger.Info("alert firing", "alert_id", al.ID, "brand", al.Brand, "topic", al.Topic, "observed", al.Observed, "expected", al.Expected)
		return err
	case j.v.Firing && s.alert != nil:
		al := s.alert
		al.End = j.c.start.Add(s.p.Window)
		al.MentionsLink = MentionsLink("", al)
		if j.c.negative > al.Observed {
			al.Observed, al.Expected = j.c.negative, j.v.Expected
			a.brandLevel(al, s, j)
		}
		al.UpdatedAt = now
		return a.saveAlert(ctx, al)
	case j.v.Resolve && s.alert != nil:
		al := s.alert
		s.alert = nil
		if al.Status == socialcrm.AlertResolved {
			return nil // resolved by hand already
		}
		al.Status, al.End, al.UpdatedAt = socialcrm.AlertResolved, j.c.start.Add(s.p.Window), now
		al.MentionsLink = MentionsLink("", al)
		a.m.resolved.Inc()
		a.m.open.Dec()
		a.logger.Info("alert resolved", "alert_id", al.ID, "brand", al.Brand, "topic", al.Topic)
		return a.record(ctx, al, a.conf.NotifyResolved)
	}
	return nil
}

// openSpike returns the open spike alert of any series of brand, or nil:
// a brand has at most one, which groups its topics' spikes.
func (a *Alerter) openSpike(brand string) *socialcrm.Alert {
	for k, s := range a.series {
		if k.brand == brand && s.alert != nil && s.alert.Status != socialcrm.AlertResolved {
			return s.alert
		}
	}
	return nil
}

// record saves al, queues a copy for publishing (see flush) and, when
// notify, queues its notification for the next Tick. When the store
// refuses a new open alert because another of its fingerprint is open
// (raised before a restart, or by another replica), it returns
// ErrConflict and queues nothing. Called with a.mu held.
func (a *Alerter) record(ctx context.Context, al *socialcrm.Alert, notify bool) error {
	prev := a.outgoing[al.ID]
	if notify {
		a.queue(al)
	}
	err := a.saveAlert(ctx, al)
	if errors.Is(err, socialcrm.ErrConflict) {
		if prev != nil {
			a.outgoing[al.ID] = prev
		} else {
			delete(a.outgoing, al.ID)
		}
		return err
	}
	if a.conf.Publish != nil {
		a.outbox = append(a.outbox, snapshot(al))
	}
	return err
}

// adopt takes the stored open alert of al's fingerprint, which kept al
// from being saved, as the open alert (set) instead of al. Called with
// a.mu held.
func (a *Alerter) adopt(ctx context.Context, al *socialcrm.Alert, set func(*socialcrm.Alert)) error {
	open, _, err := a.store.FindAlerts(ctx, socialcrm.AlertFilter{Open: true, Fingerprint: &al.Fingerprint, Limit: 1})
	if err != nil {
		return fmt.Errorf("alerts: open alert of %s: %w", al.Fingerprint, err)
	}
	if len(open) == 0 {
		return fmt.Errorf("alerts: alert %s conflicts with no open alert of %s: %w", al.ID, al.Fingerprint, socialcrm.ErrConflict)
	}
	set(open[0])
	a.m.open.Inc()
	a.logger.Info("alert already open; adopted", "alert_id", open[0].ID, "fingerprint", al.Fingerprint)
	return nil
}

// flush publishes the queued alert changes, outside the lock so that a
// slow topic never holds up Observe.
func (a *Alerter) flush(ctx context.Context) error {
	a.mu.Lock()
	out := a.outbox
	a.outbox = nil
	a.mu.Unlock()
	var errs []error
	for _, al := range out {
		if err := a.conf.Publish(ctx, al); err != nil {
			errs = append(errs, fmt.Errorf("publish alert %s: %w", al.ID, err))
		}
	}
	return errors.Join(errs...)
}

// snapshot copies al so that readers outside the lock see one state.
func snapshot(al *socialcrm.Alert) *socialcrm.Alert {
	c := *al
	c.Deliveries = slices.Clone(al.Deliveries)
	return &c
}

func (a *Alerter) saveAlert(ctx context.Context, al *socialcrm.Alert) error {
	if err := a.store.SaveAlert(ctx, al); err != nil {
		return fmt.Errorf("save alert %s: %w", al.ID, err)
	}
	return nil
}

// alertID is stable for a fingerprint and start time, so a replayed
// window upserts the same alert.
func alertID(fingerprint string, start time.Time) string {
	h := fnv.New64a()
	h.Write([]byte(fingerprint))
	return fmt.Sprintf("%012x-%d", h.Sum64()&0xffffffffffff, start.Unix())
}

func isNegative(m *socialcrm.Mention) bool {
	return m.Sentiment != nil && m.Sentiment.Label == socialcrm.Negative
}
