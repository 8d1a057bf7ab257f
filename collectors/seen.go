package collectors

import "sync"

// DefaultSeen is the number of keys a Seen remembers by default.
const DefaultSeen = 100_000

// Seen remembers the last n keys added, forgetting the oldest first.
type Seen struct {
	mu   sync.Mutex
	set  map[string]struct{}
	ring []string
	next int
}

// NewSeen returns a set that remembers n keys.
func NewSeen(n int) *Seen {
	return &Seen{set: make(map[string]struct{}, n), ring: make([]string, max(n, 1))}
}

// Add adds the keys and reports true when none of them was there.
func (s *Seen) Add(keys ...string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, k := range keys {
		if _, ok := s.set[k]; ok {
			return false
		}
	}
	for _, k := range keys {
		if old := s.ring[s.next]; old != "" {
			delete(s.set, old)
		}
		s.ring[s.next] = k
		s.set[k] = struct{}{}
		s.next = (s.next + 1) % len(s.ring)
	}
	return true
}
