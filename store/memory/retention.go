package memory

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"

	"github.com/socialcrm/socialcrm"
)

var _ socialcrm.RetentionStore = (*Store)(nil)

// RedactMentions redacts the oldest unlinked live mentions before before.
func (s *Store) RedactMentions(ctx context.Context, before time.Time, limit int) (int, error) {
	if limit < 1 {
		return 0, socialcrm.Invalidf("memory: redact mentions: limit %d: want at least 1", limit)
	}
	if err := s.lock(); err != nil {
		return 0, err
	}
	defer s.mu.Unlock()
	var old []*entry
	for _, e := range s.mentions {
		m := e.m
		if !m.Deleted && len(m.Contacts) == 0 && m.CreatedAt.Before(before) && (m.Text != "" || e.authorKey != "" || m.URL != "") {
			old = append(old, e)
		}
	}
	slices.SortFunc(old, func(a, b *entry) int { return cmp.Or(cmp.Compare(a.at, b.at), strings.Compare(a.m.ID, b.m.ID)) })
	old = old[:min(limit, len(old))]
	for _, e := range old {
		s.unindex(e)
		c := copyMention(e.m)
		socialcrm.Redact(c)
		t := &entry{m: c, at: e.at, authorKey: ""}
		s.mentions[c.ID] = t
		s.index(t)
	}
	return len(old), nil
}
