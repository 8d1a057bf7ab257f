package entity

import (
	"cmp"
	"slices"
	"sync"

	"github.com/socialcrm/socialcrm"
)

// TopicCount is how often a topic was seen for a brand.
type TopicCount struct {
	Topic string `json:"topic"`
	Count int    `json:"count"`
}

// Tally counts the topics of mentions per brand, so the frequent ones can
// be shown as a brand's topics. Memory is bounded: when a brand holds more
// than its limit of topics, the rarer half is forgotten, so a long tail of
// one-off phrases cannot grow without end. It is safe for concurrent use.
type Tally struct {
	mu     sync.Mutex
	limit  int
	brands map[string]map[string]int
}

// NewTally returns a tally that keeps at most limit topics per brand
// (at least 2).
func NewTally(limit int) *Tally {
	return &Tally{limit: max(limit, 2), brands: make(map[string]map[string]int)}
}

// Add counts m's topics under m.Brand; mentions without a brand count under "".
func (t *Tally) Add(m *socialcrm.Mention) {
	if len(m.Topics) == 0 || m.Deleted {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	counts := t.brands[m.Brand]
	if counts == nil {
		counts = make(map[string]int)
		t.brands[m.Brand] = counts
	}
	for _, topic := range m.Topics {
		counts[topic]++
	}
	if len(counts) > t.limit {
		t.prune(counts)
	}
}

// prune forgets the rarer half of counts.
func (t *Tally) prune(counts map[string]int) {
	all := sorted(counts)
	for _, tc := range all[t.limit/2:] {
		delete(counts, tc.Topic)
	}
}

// Top returns the n most frequent topics of brand, most frequent first,
// ties in alphabetical order.
func (t *Tally) Top(brand string, n int) []TopicCount {
	t.mu.Lock()
	all := sorted(t.brands[brand])
	t.mu.Unlock()
	return all[:min(n, len(all))]
}

func sorted(counts map[string]int) []TopicCount {
	all := make([]TopicCount, 0, len(counts))
	for topic, c := range counts {
		all = append(all, TopicCount{topic, c})
	}
	slices.SortFunc(all, func(a, b TopicCount) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Topic, b.Topic))
	})
	return all
}
