package alerts

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/socialcrm/socialcrm"
)

// SegmentRule is an alert rule that targets a segment: a series per
// brand (of Brands, or of every brand when empty) that counts only the
// mentions linked to members of Segment, judged like a topic's, whose
// alerts have the topic "segment:" and the segment's ID.
type SegmentRule struct {
	Segment string   `yaml:"segment" json:"segment"`
	Brands  []string `yaml:"brands" json:"brands,omitempty"`
}

// segmentTopic is the series topic (and alert topic) of a segment rule.
func segmentTopic(id string) string { return "segment:" + id }

// SegmentStatus is the membership the alerter holds for one targeted
// segment, as the settings show it.
type SegmentStatus struct {
	Segment  string    `json:"segment"`
	Members  int       `json:"members"`
	LoadedAt time.Time `json:"loaded_at,omitzero"`
	Error    string    `json:"error,omitempty"`
}

// members holds the contact IDs of the segments the alerter targets,
// evaluated by the store (never per mention) and replaced whole at each
// refresh, so that Observe only looks them up in memory.
type members struct {
	mu     sync.RWMutex
	sets   map[string]map[string]bool // segment ID → member contact IDs
	status map[string]SegmentStatus
	warmed map[string]bool // segments whose series were warmed from the store
}

// targeted returns the IDs of the segments the configuration targets,
// sorted: the VIP segment and those of the segment rules.
func (c Config) targeted() []string {
	var ids []string
	if c.VIPSegment != "" {
		ids = append(ids, c.VIPSegment)
	}
	for _, r := range c.SegmentRules {
		ids = append(ids, r.Segment)
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

// RefreshSegments evaluates, in the store, the members of every segment
// the configuration targets and replaces the alerter's copy. A segment
// that cannot be read (deleted, or the store down) keeps its last
// members, and its error shows in the settings; the errors are returned
// joined. Restore calls it, and Run every Config.SegmentRefresh.
func (a *Alerter) RefreshSegments(ctx context.Context) error {
	ids := a.conf.targeted()
	if len(ids) == 0 {
		return nil
	}
	now := a.conf.Now()
	sets := make(map[string]map[string]bool, len(ids))
	status := make(map[string]SegmentStatus, len(ids))
	var errs []error
	for _, id := range ids {
		set, err := a.segmentMembers(ctx, id, now)
		if err != nil {
			errs = append(errs, err)
			a.segs.mu.RLock()
			sets[id], status[id] = a.segs.sets[id], a.segs.status[id]
			a.segs.mu.RUnlock()
			st := status[id]
			st.Segment, st.Members, st.Error = id, len(sets[id]), err.Error()
			status[id] = st
			continue
		}
		sets[id], status[id] = set, SegmentStatus{Segment: id, Members: len(set), LoadedAt: now}
	}
	a.segs.mu.Lock()
	a.segs.sets, a.segs.status = sets, status
	if a.segs.warmed == nil {
		a.segs.warmed = map[string]bool{}
	}
	var cold []string
	for _, id := range ids {
		if _, ok := status[id]; ok && status[id].Error == "" && !a.segs.warmed[id] {
			cold = append(cold, id)
		}
	}
	a.segs.mu.Unlock()
	for _, id := range cold {
		if err := a.warmSegment(ctx, id, sets[id]); err != nil {
			errs = append(errs, err)
			continue
		}
		a.segs.mu.Lock()
		a.segs.warmed[id] = true
		a.segs.mu.Unlock()
	}
	return joinErrs("alerts: refresh segments", errs)
}

// warmSegment rebuilds the baselines of the series of the segment rules
// that target segment id from its members' stored mentions within each
// window's history, as Warm does for the other series. RefreshSegments
// calls it once the members are first evaluated (again at the next
// refresh if the store failed).
func (a *Alerter) warmSegment(ctx context.Context, id string, set map[string]bool) error {
	if len(set) == 0 || !slices.ContainsFunc(a.conf.SegmentRules, func(r SegmentRule) bool { return r.Segment == id }) {
		return nil
	}
	contacts := slices.Sorted(maps.Keys(set))
	now := a.conf.Now()
	for window, hist := range a.windows() {
		since, open := now.Add(-hist).Truncate(window), now.Truncate(window)
		cs, err := a.store.CountSeries(ctx, socialcrm.SeriesFilter{Since: since, Until: open, Window: window, Contacts: contacts})
		if err != nil {
			return fmt.Errorf("segment %q: warm: %w", id, err)
		}
		a.warmSegmentSeries(id, cs, window, now)
	}
	return nil
}

// warmSegmentSeries builds the series of segment id of each brand a rule
// targets from the brand-wide counts of cs (ordered by brand and start),
// skipping brands whose parameters use another window. A series that is
// already counting keeps its open window and its open alert.
func (a *Alerter) warmSegmentSeries(id string, cs []socialcrm.SeriesCount, window time.Duration, now time.Time) {
	byBrand := map[string][]socialcrm.SeriesCount{}
	for _, c := range cs {
		if c.Topic == "" && c.Rule == "" {
			byBrand[c.Brand] = append(byBrand[c.Brand], c)
		}
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	n := 0
	for brand, bc := range byBrand {
		p := a.conf.params(brand)
		targeted := slices.ContainsFunc(a.conf.SegmentRules, func(r SegmentRule) bool {
			return r.Segment == id && (len(r.Brands) == 0 || slices.Contains(r.Brands, brand))
		})
		if p.Window != window || !targeted {
			continue
		}
		s := a.seriesFor(key{brand, segmentTopic(id)}, now)
		s.det = warmDetector(p, bc, now)
		if s.alert != nil {
			s.det.resume(s.alert.Start)
		}
		if open := now.Truncate(window); !s.cur.start.Equal(open) {
			s.cur = counts{start: open}
		}
		n++
	}
	if n > 0 {
		a.logger.Info("segment alert baselines restored from the store", "segment", id, "series", n)
	}
}

func (a *Alerter) segmentMembers(ctx context.Context, id string, now time.Time) (map[string]bool, error) {
	g, err := a.store.FindSegmentByID(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("segment %q: %w", id, err)
	}
	cs, _, err := a.store.FindSegmentMembers(ctx, g.Rules, socialcrm.SegmentMemberFilter{Now: now, Limit: -1})
	if err != nil {
		return nil, fmt.Errorf("segment %q: members: %w", id, err)
	}
	set := make(map[string]bool, len(cs))
	for _, c := range cs {
		set[c.ID] = true
	}
	return set, nil
}

// member reports whether any of contacts is a member of segment id, as
// last refreshed.
func (s *members) member(id string, contacts ...string) bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	set := s.sets[id]
	for _, c := range contacts {
		if set[c] {
			return true
		}
	}
	return false
}

// statuses returns the membership held for each targeted segment.
func (s *members) statuses(ids []string) []SegmentStatus {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]SegmentStatus, 0, len(ids))
	for _, id := range ids {
		st, ok := s.status[id]
		if !ok {
			st = SegmentStatus{Segment: id, Error: "not loaded yet"}
		}
		out = append(out, st)
	}
	return out
}

// observeSegments counts m in the series of each segment rule that
// targets its brand and one of its contacts. Called with a.mu held.
func (a *Alerter) observeSegments(m *socialcrm.Mention, now time.Time, reach float64) {
	if len(m.Contacts) == 0 {
		return
	}
	for _, r := range a.conf.SegmentRules {
		if len(r.Brands) > 0 && !slices.Contains(r.Brands, m.Brand) {
			continue
		}
		if a.segs.member(r.Segment, m.Contacts...) {
			a.seriesFor(key{m.Brand, segmentTopic(r.Segment)}, now).add(m, now, reach)
		}
	}
}

// refreshSegmentsEvery refreshes the targeted segments every
// Config.SegmentRefresh until ctx ends.
func (a *Alerter) refreshSegmentsEvery(ctx context.Context) {
	if len(a.conf.targeted()) == 0 {
		return
	}
	t := time.NewTicker(a.conf.SegmentRefresh)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := a.RefreshSegments(ctx); err != nil && ctx.Err() == nil {
				a.logger.Warn("segment members not refreshed", "err", err)
			}
		}
	}
}
