package memory

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/socialcrm/socialcrm"
)

// checkMention reports why m cannot be stored, if it cannot.
func checkMention(m *socialcrm.Mention) error {
	switch {
	case m == nil:
		return socialcrm.Invalidf("memory: nil mention")
	case m.ID == "":
		return socialcrm.Invalidf("memory: mention without id")
	}
	if err := m.CheckBounds(); err != nil {
		return fmt.Errorf("memory: %w", err)
	}
	switch {
	case m.Sentiment != nil && !socialcrm.ValidLabel(m.Sentiment.Label):
		return socialcrm.Invalidf("memory: mention %q: unknown sentiment label %q", m.ID, m.Sentiment.Label)
	}
	for k, v := range m.Extra {
		if !json.Valid(v) {
			return socialcrm.Invalidf("memory: mention %q: extra field %q is not valid JSON", m.ID, k)
		}
	}
	return nil
}

// SaveMentions upserts mentions by ID; see socialcrm.MentionStore. A batch
// with an invalid mention stores nothing and returns ErrInvalid.
func (s *Store) SaveMentions(ctx context.Context, ms ...*socialcrm.Mention) error {
	for _, m := range ms {
		if err := checkMention(m); err != nil {
			return err
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	// Copy outside the lock: it is most of the work.
	cs := make([]*entry, len(ms))
	for i, m := range ms {
		c := copyMention(m)
		socialcrm.CleanMention(c)
		if c.Deleted {
			erase(c)
		}
		cs[i] = &entry{m: c, at: c.CreatedAt.UnixMicro(), authorKey: c.AuthorKey()}
	}
	if err := s.lock(); err != nil {
		return err
	}
	defer s.mu.Unlock()
	for _, e := range cs {
		if old := s.mentions[e.m.ID]; old != nil {
			s.merge(old, e)
			s.unindex(old)
		}
		s.mentions[e.m.ID] = e
		s.index(e)
	}
	s.evict()
	return nil
}

// merge keeps in e what must survive a re-save of old: a sentiment
// corrected by hand, and the tombstone.
func (s *Store) merge(old, e *entry) {
	if old.m.Sentiment != nil && old.m.Sentiment.Corrected && (e.m.Sentiment == nil || !e.m.Sentiment.Corrected) {
		e.m.Sentiment = old.m.Sentiment
	}
	if old.m.Deleted && !e.m.Deleted {
		erase(e.m)
	}
}

// FindMentionByID returns the mention with that ID, or ErrNotFound.
func (s *Store) FindMentionByID(ctx context.Context, id string) (*socialcrm.Mention, error) {
	if err := s.rlock(); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	e := s.mentions[socialcrm.CleanText(id)]
	if e == nil {
		return nil, fmt.Errorf("memory: mention %q: %w", id, socialcrm.ErrNotFound)
	}
	return copyMention(e.m), nil
}

// FindMentions returns the live mentions that match f, newest first, and
// their total.
func (s *Store) FindMentions(ctx context.Context, f socialcrm.MentionFilter) ([]*socialcrm.Mention, int, error) {
	offset, limit, err := page(f.Offset, f.Limit, false)
	if err != nil {
		return nil, 0, err
	}
	if f.Sentiment != nil && !socialcrm.ValidLabel(*f.Sentiment) {
		return nil, 0, socialcrm.Invalidf("memory: unknown sentiment label %q", *f.Sentiment)
	}
	var members map[string]bool
	if f.Segment != nil { // evaluated before taking the lock, which FindSegmentMembers takes
		g, err := s.FindSegmentByID(ctx, *f.Segment)
		if err != nil {
			return nil, 0, err
		}
		cs, _, err := s.FindSegmentMembers(ctx, g.Rules, socialcrm.SegmentMemberFilter{Now: time.Now(), Limit: -1})
		if err != nil {
			return nil, 0, fmt.Errorf("memory: members of segment %q: %w", *f.Segment, err)
		}
		members = make(map[string]bool, len(cs))
		for _, c := range cs {
			members[c.ID] = true
		}
	}
	if err := s.rlock(); err != nil {
		return nil, 0, err
	}
	defer s.mu.RUnlock()
	t := s.tree(f.Brand)
	if t == nil {
		return nil, 0, nil
	}
	var out []*socialcrm.Mention
	total := 0
	match := mentionMatcher(f)
	if members != nil {
		next := match
		match = func(e *entry) bool { return anyIn(e.m.Contacts, members) && next(e) }
	}
	if f.AccountID != nil {
		match = s.accountMatcher(socialcrm.CleanText(*f.AccountID), match)
	}
	since := int64(-1 << 63)
	if f.Since != nil {
		since = norm(*f.Since).UnixMicro()
	}
	visit := func(it item) bool {
		if it.at < since {
			return false
		}
		if match(it.e) {
			if total >= offset && len(out) < limit {
				out = append(out, copyMention(it.e.m))
			}
			total++
		}
		return true
	}
	if f.Until != nil {
		t.DescendLessOrEqual(item{at: norm(*f.Until).UnixMicro()}, visit)
	} else {
		t.Descend(visit)
	}
	return out, total, nil
}

// accountMatcher narrows match to the mentions linked to a contact of the
// account; the caller holds the read lock.
func (s *Store) accountMatcher(accountID string, match func(*entry) bool) func(*entry) bool {
	of := map[string]bool{}
	for _, c := range s.contacts {
		if c.AccountID == accountID {
			of[c.ID] = true
		}
	}
	return func(e *entry) bool {
		return len(of) > 0 && slices.ContainsFunc(e.m.Contacts, func(id string) bool { return of[id] }) && match(e)
	}
}

// mentionMatcher returns a test for the filters the indexes do not apply.
func mentionMatcher(f socialcrm.MentionFilter) func(*entry) bool {
	return func(e *entry) bool {
		m := e.m
		switch {
		case f.Sentiment != nil && (m.Sentiment == nil || m.Sentiment.Label != *f.Sentiment),
			f.Source != nil && m.Source != *f.Source,
			f.Author != nil && e.authorKey != *f.Author,
			f.ContactID != nil && !slices.Contains(m.Contacts, *f.ContactID),
			f.Topic != nil && !slices.Contains(m.Topics, *f.Topic),
			f.Rule != nil && m.Rule != *f.Rule:
			return false
		}
		return true
	}
}

// CorrectSentiment sets a mention's sentiment by hand.
func (s *Store) CorrectSentiment(ctx context.Context, id string, sent socialcrm.Sentiment) error {
	if !socialcrm.ValidLabel(sent.Label) {
		return socialcrm.Invalidf("memory: correct mention %q: unknown sentiment label %q", id, sent.Label)
	}
	if err := s.lock(); err != nil {
		return err
	}
	defer s.mu.Unlock()
	e := s.mentions[socialcrm.CleanText(id)]
	if e == nil {
		return fmt.Errorf("memory: correct mention %q: %w", id, socialcrm.ErrNotFound)
	}
	sent.Corrected = true
	cm := socialcrm.Mention{Sentiment: &sent}
	socialcrm.CleanMention(&cm)
	// Replace the mention rather than change it: readers may hold it.
	c := *e.m
	c.Sentiment = copySentiment(cm.Sentiment)
	e.m = &c
	return nil
}

// DeleteMention tombstones a mention.
func (s *Store) DeleteMention(ctx context.Context, id string) error {
	if err := s.lock(); err != nil {
		return err
	}
	defer s.mu.Unlock()
	e := s.mentions[socialcrm.CleanText(id)]
	if e == nil {
		return fmt.Errorf("memory: delete mention %q: %w", id, socialcrm.ErrNotFound)
	}
	if e.m.Deleted {
		return nil
	}
	s.unindex(e)
	c := *e.m
	erase(&c)
	t := &entry{m: &c, at: e.at, authorKey: ""}
	s.mentions[id] = t
	s.index(t)
	return nil
}
