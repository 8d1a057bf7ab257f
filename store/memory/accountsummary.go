package memory

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"

	"github.com/socialcrm/socialcrm"
)

// SummarizeAccounts counts contacts, active cases and the sentiment of
// the contacts' mentions per account, in one pass over each.
func (s *Store) SummarizeAccounts(ctx context.Context, since *time.Time) ([]socialcrm.AccountSummary, error) {
	if err := s.rlock(); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	accs := make([]*socialcrm.Account, 0, len(s.accounts))
	sums := make(map[string]*socialcrm.AccountSummary, len(s.accounts))
	groups := make(map[string]*group, len(s.accounts))
	for id, a := range s.accounts {
		accs = append(accs, a)
		sums[id], groups[id] = &socialcrm.AccountSummary{AccountID: id}, &group{}
	}
	accountOf := map[string]string{} // contact ID → account ID
	for _, c := range s.contacts {
		if sum := sums[c.AccountID]; sum != nil {
			sum.Contacts++
			accountOf[c.ID] = c.AccountID
		}
	}
	for _, c := range s.cases {
		if sum := sums[c.AccountID]; sum != nil && c.Active() {
			sum.OpenCases++
		}
	}
	lo, hi := timeRange(since, nil)
	s.all.AscendRange(lo, hi, func(it item) bool {
		m := it.e.m
		if m.Sentiment == nil {
			return true
		}
		var seen []string
		for _, id := range m.Contacts {
			if acc, ok := accountOf[id]; ok && !slices.Contains(seen, acc) {
				seen = append(seen, acc)
				groups[acc].add(m.Sentiment)
			}
		}
		return true
	})
	slices.SortFunc(accs, func(a, b *socialcrm.Account) int {
		return cmp.Or(cmp.Compare(b.Value, a.Value), strings.Compare(a.ID, b.ID))
	})
	out := make([]socialcrm.AccountSummary, len(accs))
	for i, a := range accs {
		out[i] = *sums[a.ID]
		out[i].Sentiment = groups[a.ID].row("")
	}
	return out, nil
}
