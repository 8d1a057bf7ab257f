package graph

import (
	"slices"

	"github.com/socialcrm/socialcrm"
)

// dedupeWindow is how many interaction keys one generation of the
// duplicate filter holds; two generations are kept, so the filter
// remembers between one and two windows of the latest interactions.
const dedupeWindow = 1 << 20

// dedupe remembers the keys of recent interactions that carry a mention
// id, so that a redelivered message (at-least-once) is counted once.
type dedupe struct {
	cur, prev map[uint64]struct{}
	gen       int64                 // generation of cur; prev is gen-1
	fresh     []socialcrm.GraphSeen // keys added since the last save
}

func newDedupe() dedupe {
	return dedupe{cur: make(map[uint64]struct{}), prev: make(map[uint64]struct{})}
}

// seen reports whether the interaction was added before, and remembers it.
// Interactions without a mention id are never duplicates.
func (d *dedupe) seen(in *socialcrm.Interaction) bool {
	if in.MentionID == "" {
		return false
	}
	k := interactionKey(in)
	if _, ok := d.cur[k]; ok {
		return true
	}
	if _, ok := d.prev[k]; ok {
		return true
	}
	d.add(k)
	return false
}

func (d *dedupe) add(k uint64) {
	if len(d.cur) >= dedupeWindow {
		d.rotate()
	}
	d.cur[k] = struct{}{}
	if len(d.fresh) >= 2*dedupeWindow { // not saved for long: the oldest are outdated anyway
		d.fresh = slices.Delete(d.fresh, 0, dedupeWindow)
	}
	d.fresh = append(d.fresh, socialcrm.GraphSeen{Key: k, Gen: d.gen})
}

// rotate starts a new generation; the oldest is forgotten.
func (d *dedupe) rotate() {
	d.prev, d.cur = d.cur, make(map[uint64]struct{}, dedupeWindow/4)
	d.gen++
}

// load adds a saved key, generations in order.
func (d *dedupe) load(k socialcrm.GraphSeen, first bool) {
	if first {
		d.gen = k.Gen
	}
	for d.gen < k.Gen {
		d.rotate()
	}
	d.cur[k.Key] = struct{}{}
}

// keys lists the remembered keys, older generation first.
func (d *dedupe) keys() []uint64 {
	out := make([]uint64, 0, len(d.prev)+len(d.cur))
	for k := range d.prev {
		out = append(out, k)
	}
	for k := range d.cur {
		out = append(out, k)
	}
	return out
}

// interactionKey is the 64-bit FNV-1a hash of mention id, target and kind:
// one mention yields at most one edge of a kind to a target. It is stable
// across processes, so that snapshots keep it.
func interactionKey(in *socialcrm.Interaction) uint64 {
	h := uint64(14695981039346656037)
	for _, s := range [...]string{in.MentionID, in.To, string(in.Kind)} {
		for i := 0; i < len(s); i++ {
			h ^= uint64(s[i])
			h *= 1099511628211
		}
		h ^= 0xff // separator
		h *= 1099511628211
	}
	return h
}
