package crm

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/socialcrm/socialcrm"
)

// Erased is the set of author keys of identities erased under the GDPR,
// kept in the store (socialcrm.ErasedStore) so that every process (web,
// pipeline workers, a later run) refuses their mentions when a source
// delivers them again.
type Erased struct {
	st    socialcrm.ErasedStore
	every time.Duration // reload period of Keep; 0 never reloads

	mu        sync.RWMutex
	keys      map[string]bool
	loadedAt  time.Time
	onAdded   func(context.Context, []string)
	reloading atomic.Bool
}

// OnAdded sets f to be told of keys that another process erased, when a
// reload (or an Add) finds them: cmd has its graph forget them. Keys this
// process adds itself are not told.
func (e *Erased) OnAdded(f func(ctx context.Context, keys []string)) {
	e.mu.Lock()
	e.onAdded = f
	e.mu.Unlock()
}

// Keys returns the erased keys, sorted.
func (e *Erased) Keys() []string {
	e.mu.RLock()
	defer e.mu.RUnlock()
	return slices.Sorted(maps.Keys(e.keys))
}

// replace installs keys as the set and tells OnAdded of those it did not
// hold, except mine.
func (e *Erased) replace(ctx context.Context, keys map[string]bool, mine []string) {
	e.mu.Lock()
	var added []string
	for k := range keys {
		if !e.keys[k] && !slices.Contains(mine, k) {
			added = append(added, k)
		}
	}
	e.keys, e.loadedAt = keys, time.Now()
	f := e.onAdded
	e.mu.Unlock()
	if f != nil && len(added) > 0 {
		slices.Sort(added)
		f(ctx, added)
	}
}

// NewErased returns the erased set of st. Keep reloads it from st when it
// is older than every (0: only Load and Add change it), so that erasures
// made by another process reach this one.
func NewErased(st socialcrm.ErasedStore, every time.Duration) *Erased {
	return &Erased{st: st, every: every, keys: map[string]bool{}}
}

// read returns the keys stored.
func (e *Erased) read(ctx context.Context) (map[string]bool, error) {
	list, err := e.st.FindErased(ctx)
	if err != nil {
		return nil, fmt.Errorf("crm: load erased identities: %w", err)
	}
	keys := make(map[string]bool, len(list))
	for _, k := range list {
		keys[k] = true
	}
	return keys, nil
}

// Load replaces the set with the stored one. Nothing stored yet is an
// empty set.
func (e *Erased) Load(ctx context.Context) error {
	keys, err := e.read(ctx)
	if err != nil {
		return err
	}
	e.replace(ctx, keys, nil)
	return nil
}

// Add stores keys in the set (one row each: no read-modify-write), then
// rereads it with what other processes stored.
func (e *Erased) Add(ctx context.Context, keys ...string) error {
	if err := e.st.AddErased(ctx, keys...); err != nil {
		return fmt.Errorf("crm: save erased identities: %w", err)
	}
	stored, err := e.read(ctx)
	if err != nil {
		return err
	}
	e.replace(ctx, stored, keys)
	return nil
}

// Has reports whether key is erased.
func (e *Erased) Has(key string) bool {
	e.mu.RLock()
	defer e.mu.RUnlock()
	return e.keys[key]
}

// Len is the number of erased keys.
func (e *Erased) Len() int {
	e.mu.RLock()
	defer e.mu.RUnlock()
	return len(e.keys)
}

// Keep reports whether the mention may be stored: false when its author
// is an erased identity. When the set is older than the reload period, one
// caller reloads it first; a failed reload keeps the set it had.
func (e *Erased) Keep(ctx context.Context, m *socialcrm.Mention) bool {
	if e.every > 0 {
		e.mu.RLock()
		stale := time.Since(e.loadedAt) >= e.every
		e.mu.RUnlock()
		if stale && e.reloading.CompareAndSwap(false, true) {
			if e.Load(ctx) != nil {
				e.mu.Lock()
				e.loadedAt = time.Now() // try again after another period
				e.mu.Unlock()
			}
			e.reloading.Store(false)
		}
	}
	e.mu.RLock()
	defer e.mu.RUnlock()
	for _, k := range socialcrm.MentionKeys(m) {
		if e.keys[k] {
			return false
		}
	}
	return true
}
