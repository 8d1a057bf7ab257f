package memory

import (
	"github.com/google/btree"

	"github.com/socialcrm/socialcrm"
)

// entry is one stored mention with what the indexes need.
type entry struct {
	m         *socialcrm.Mention
	at        int64  // CreatedAt in Unix microseconds
	authorKey string // m.AuthorKey()
}

// item is an index key: mentions ordered by time, then ID.
type item struct {
	at int64
	id string
	e  *entry
}

func less(a, b item) bool {
	if a.at != b.at {
		return a.at < b.at
	}
	return a.id < b.id
}

func newTree() *btree.BTreeG[item] { return btree.NewG(32, less) }

func (e *entry) item() item { return item{at: e.at, id: e.m.ID, e: e} }

// index adds e to the indexes: the time and brand trees when it is live,
// the tombstone tree when it is not.
func (s *Store) index(e *entry) {
	if e.m.Deleted {
		s.tombs.ReplaceOrInsert(e.item())
		return
	}
	s.all.ReplaceOrInsert(e.item())
	t := s.byBrand[e.m.Brand]
	if t == nil {
		t = newTree()
		s.byBrand[e.m.Brand] = t
	}
	t.ReplaceOrInsert(e.item())
}

// unindex removes e from the indexes.
func (s *Store) unindex(e *entry) {
	if e.m.Deleted {
		s.tombs.Delete(e.item())
		return
	}
	s.all.Delete(e.item())
	if t := s.byBrand[e.m.Brand]; t != nil {
		t.Delete(e.item())
		if t.Len() == 0 {
			delete(s.byBrand, e.m.Brand)
		}
	}
}

// evict drops the oldest mentions while there are more than the limit.
func (s *Store) evict() {
	if s.maxMentions == 0 {
		return
	}
	for len(s.mentions) > s.maxMentions {
		live, okLive := s.all.Min()
		tomb, okTomb := s.tombs.Min()
		victim := live
		if !okLive || (okTomb && less(tomb, live)) {
			victim = tomb
		}
		s.unindex(victim.e)
		delete(s.mentions, victim.id)
	}
}

// tree returns the index to scan for an optional brand, or nil when no
// mention has that brand.
func (s *Store) tree(brand *string) *btree.BTreeG[item] {
	if brand == nil {
		return s.all
	}
	return s.byBrand[*brand]
}
