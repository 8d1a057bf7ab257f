package memory

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/socialcrm/socialcrm"
)

var _ socialcrm.SegmentStore = (*Store)(nil)

func copySegment(g *socialcrm.Segment) *socialcrm.Segment {
	c := *g
	c.Rules = copyRules(g.Rules)
	return &c
}

func copyRules(r socialcrm.SegmentRules) socialcrm.SegmentRules {
	r.Conditions = slices.Clone(r.Conditions)
	gs := make([]socialcrm.SegmentRules, len(r.Groups))
	for i := range r.Groups {
		gs[i] = copyRules(r.Groups[i])
	}
	r.Groups = gs
	return r
}

// CreateSegment stores a new segment.
func (s *Store) CreateSegment(ctx context.Context, g *socialcrm.Segment) error {
	return s.putSegment(g, true)
}

// UpdateSegment replaces a stored segment.
func (s *Store) UpdateSegment(ctx context.Context, g *socialcrm.Segment) error {
	return s.putSegment(g, false)
}

func (s *Store) putSegment(g *socialcrm.Segment, create bool) error {
	if err := g.Validate(); err != nil {
		return fmt.Errorf("memory: %w", err)
	}
	if err := s.lock(); err != nil {
		return err
	}
	defer s.mu.Unlock()
	old := s.segments[g.ID]
	switch {
	case create && old != nil:
		return fmt.Errorf("memory: segment %q exists: %w", g.ID, socialcrm.ErrConflict)
	case !create && old == nil:
		return fmt.Errorf("memory: segment %q: %w", g.ID, socialcrm.ErrNotFound)
	}
	c := copySegment(g)
	c.Name = socialcrm.CleanText(c.Name)
	now := norm(time.Now())
	c.CreatedAt, c.UpdatedAt = now, now
	if old != nil {
		c.CreatedAt = old.CreatedAt
	}
	s.segments[g.ID] = c
	return nil
}

// FindSegmentByID returns the segment with that ID, or ErrNotFound.
func (s *Store) FindSegmentByID(ctx context.Context, id string) (*socialcrm.Segment, error) {
	return findByID(s, s.segments, "segment", id, copySegment)
}

// FindSegments returns every segment by name, then ID.
func (s *Store) FindSegments(ctx context.Context) ([]*socialcrm.Segment, error) {
	gs, _, err := findPage(s, s.segments, 0, int(^uint(0)>>1), func(*socialcrm.Segment) bool { return true },
		func(a, b *socialcrm.Segment) int {
			return cmp.Or(strings.Compare(a.Name, b.Name), strings.Compare(a.ID, b.ID))
		}, copySegment)
	return gs, err
}

// DeleteSegment removes a segment.
func (s *Store) DeleteSegment(ctx context.Context, id string) error {
	if err := s.lock(); err != nil {
		return err
	}
	defer s.mu.Unlock()
	if s.segments[id] == nil {
		return fmt.Errorf("memory: delete segment %q: %w", id, socialcrm.ErrNotFound)
	}
	delete(s.segments, id)
	return nil
}

// linked is what a segment needs of one linked live mention.
type linked struct {
	at        time.Time
	scored    bool
	score     float64
	negative  bool
	followers int
}

// FindSegmentMembers evaluates rules over every contact.
func (s *Store) FindSegmentMembers(ctx context.Context, rules socialcrm.SegmentRules, f socialcrm.SegmentMemberFilter) ([]*socialcrm.Contact, int, error) {
	if err := rules.Validate(); err != nil {
		return nil, 0, fmt.Errorf("memory: %w", err)
	}
	offset, limit, err := page(f.Offset, f.Limit, true)
	if err != nil {
		return nil, 0, err
	}
	now := f.Now
	if now.IsZero() {
		now = time.Now()
	}
	if err := s.rlock(); err != nil {
		return nil, 0, err
	}
	defer s.mu.RUnlock()
	match := s.segmentMatches(s.segmentFacts(), rules, now, f.ContactID)
	slices.SortFunc(match, func(a, b *socialcrm.Contact) int {
		return cmp.Or(strings.Compare(a.Name, b.Name), strings.Compare(a.ID, b.ID))
	})
	total := len(match)
	match = match[min(offset, total):]
	match = match[:min(limit, len(match))]
	out := make([]*socialcrm.Contact, len(match))
	for i, c := range match {
		out[i] = copyContact(c)
	}
	return out, total, nil
}

// segmentFacts is what segment rules need beside the contacts: each
// contact's live linked mentions and its number of open cases.
type segmentFacts struct {
	byContact map[string][]linked
	openCases map[string]int
}

// segmentFacts gathers the facts once, for any number of rule sets; the
// caller holds the lock.
func (s *Store) segmentFacts() segmentFacts {
	byContact := map[string][]linked{}
	for _, e := range s.mentions {
		m := e.m
		if m.Deleted || len(m.Contacts) == 0 {
			continue
		}
		l := linked{at: m.CreatedAt, followers: m.Author.Followers}
		if m.Sentiment != nil && m.Sentiment.Label != "" {
			l.scored, l.score, l.negative = true, m.Sentiment.Score, m.Sentiment.Label == socialcrm.Negative
		}
		for _, id := range m.Contacts {
			byContact[id] = append(byContact[id], l)
		}
	}
	openCases := map[string]int{}
	for _, k := range s.cases {
		if k.ContactID != "" && k.Active() {
			openCases[k.ContactID]++
		}
	}
	return segmentFacts{byContact, openCases}
}

// segmentMatches returns the profiled contacts rules match at now (only
// contactID when set), in no particular order; the caller holds the lock.
func (s *Store) segmentMatches(facts segmentFacts, rules socialcrm.SegmentRules, now time.Time, contactID string) []*socialcrm.Contact {
	var match []*socialcrm.Contact
	for _, id := range slices.Sorted(maps.Keys(s.contacts)) {
		c := s.contacts[id]
		if contactID != "" && id != contactID {
			continue
		}
		if h := s.consent[id]; len(h) > 0 && !h[len(h)-1].c.Profiled() {
			continue
		}
		ev := segmentEval{c: c, account: s.accounts[c.AccountID], mentions: facts.byContact[id], open: facts.openCases[id], now: now}
		if ev.rules(rules) {
			match = append(match, c)
		}
	}
	return match
}
