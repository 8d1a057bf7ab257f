// Package memory is an in-memory socialcrm.Store: maps guarded by one
// read-write mutex, with ordered indexes so that the dashboard's queries stay
// cheap. It is the demo store and the store of most tests. Nothing survives
// the process.
//
// Memory is bounded when a limit on retained mentions is set
// (WithMaxMentions): past it, the mentions with the oldest CreatedAt are
// dropped, tombstones included, as they are saved.
package memory

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/google/btree"

	"github.com/socialcrm/socialcrm"
)

var _ socialcrm.Store = (*Store)(nil)

// defaultLimit is the page size when a filter's Limit is 0.
const defaultLimit = 50

// Store is an in-memory socialcrm.Store, safe for concurrent use.
type Store struct {
	maxMentions int

	mu       sync.RWMutex
	closed   bool
	mentions map[string]*entry
	all      *btree.BTreeG[item]            // live mentions by time
	byBrand  map[string]*btree.BTreeG[item] // live mentions by brand, then time
	tombs    *btree.BTreeG[item]            // tombstones by time, for eviction
	contacts map[string]*socialcrm.Contact
	owners   map[string]string // identity key → contact ID
	accounts map[string]*socialcrm.Account
	alerts   map[string]*socialcrm.Alert
	// openAlerts maps a fingerprint to the ID of its open alert.
	openAlerts map[string]string
	cases      map[string]*socialcrm.Case
	active     map[string]string // case key → ID of its active case
	state      map[string][]byte
	nonces     map[string]time.Time // key → expiry
	reserves   int                  // reservations since the last sweep of expired nonces
	graph      graphRows
	access     access // users, sessions, tokens and the audit trail

	erased map[string]bool // erased identities' author keys
	sales  sales           // leads and opportunities

	activities map[string]*socialcrm.Activity
	merges     map[string]*socialcrm.ContactMerge // by merged contact ID
	teams      map[string]*socialcrm.Team

	consent     map[string][]consentEntry // contact ID → consent history
	leadConsent map[string][]consentEntry // lead ID → consent history
	consentSeq  int64                     // the order consent changes were recorded in
	segments    map[string]*socialcrm.Segment

	leadMu sync.Mutex
	roles  map[string]chan struct{} // held roles, see Lead

	changes changes // watchers of NotifyChange
}

// Option configures a Store.
type Option func(*Store)

// WithMaxMentions keeps at most n mentions (0, the default, means no limit).
// When a save goes past n, the mentions with the oldest CreatedAt are
// dropped.
func WithMaxMentions(n int) Option { return func(s *Store) { s.maxMentions = max(n, 0) } }

// New returns an empty store.
func New(opts ...Option) *Store {
	s := &Store{
		mentions:    make(map[string]*entry),
		all:         newTree(),
		byBrand:     make(map[string]*btree.BTreeG[item]),
		tombs:       newTree(),
		contacts:    make(map[string]*socialcrm.Contact),
		owners:      make(map[string]string),
		accounts:    make(map[string]*socialcrm.Account),
		alerts:      make(map[string]*socialcrm.Alert),
		openAlerts:  make(map[string]string),
		cases:       make(map[string]*socialcrm.Case),
		active:      make(map[string]string),
		state:       make(map[string][]byte),
		roles:       make(map[string]chan struct{}),
		nonces:      make(map[string]time.Time),
		sales:       sales{leads: make(map[string]*socialcrm.Lead), opps: make(map[string]*socialcrm.Opportunity)},
		activities:  make(map[string]*socialcrm.Activity),
		merges:      make(map[string]*socialcrm.ContactMerge),
		teams:       make(map[string]*socialcrm.Team),
		consent:     make(map[string][]consentEntry),
		leadConsent: make(map[string][]consentEntry),
		segments:    make(map[string]*socialcrm.Segment),
	}
	for _, o := range opts {
		o(s)
	}
	return s
}

// errClosed is returned by every method once the store is closed.
var errClosed = errors.New("memory: store is closed")

// Ping returns an error once the store is closed.
func (s *Store) Ping(ctx context.Context) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return errClosed
	}
	return ctx.Err()
}

// Close drops everything the store holds. Later calls fail.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	// The maps that findByID and findPage are handed (read before they
	// take the lock) are emptied, not replaced.
	clear(s.contacts)
	clear(s.accounts)
	clear(s.alerts)
	clear(s.cases)
	s.mentions, s.owners, s.state = nil, nil, nil
	s.active, s.openAlerts, s.nonces, s.graph = nil, nil, nil, graphRows{}
	s.access = access{}
	s.consent = nil
	s.all, s.tombs, s.byBrand = newTree(), newTree(), nil
	return nil
}

// lock takes the write lock, or fails when the store is closed.
func (s *Store) lock() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return errClosed
	}
	return nil
}

// rlock takes the read lock, or fails when the store is closed.
// findByID returns a copy of the record of kind under id in m, or
// ErrNotFound.
func findByID[T any](s *Store, m map[string]*T, kind, id string, clone func(*T) *T) (*T, error) {
	if err := s.rlock(); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	r := m[socialcrm.CleanText(id)]
	if r == nil {
		return nil, fmt.Errorf("memory: %s %q: %w", kind, id, socialcrm.ErrNotFound)
	}
	return clone(r), nil
}

// stamp fills the times a save leaves unset: created from the stored
// record (oldCreated, nil when there is none) or now, updated now.
func stamp(created, updated *time.Time, oldCreated *time.Time, now time.Time) {
	switch {
	case !created.IsZero():
	case oldCreated != nil:
		*created = *oldCreated
	default:
		*created = now
	}
	if updated.IsZero() {
		*updated = now
	}
}

// findPage returns the records of m that keep accepts, ordered by order,
// the page [offset, offset+limit) of them cloned, and how many matched.
func findPage[T any](s *Store, m map[string]*T, offset, limit int, keep func(*T) bool, order func(a, b *T) int, clone func(*T) *T) ([]*T, int, error) {
	if err := s.rlock(); err != nil {
		return nil, 0, err
	}
	defer s.mu.RUnlock()
	var match []*T
	for _, r := range m {
		if keep(r) {
			match = append(match, r)
		}
	}
	slices.SortFunc(match, order)
	total := len(match)
	match = match[min(offset, total):]
	match = match[:min(limit, len(match))]
	out := make([]*T, len(match))
	for i, r := range match {
		out[i] = clone(r)
	}
	return out, total, nil
}

func (s *Store) rlock() error {
	s.mu.RLock()
	if s.closed {
		s.mu.RUnlock()
		return errClosed
	}
	return nil
}

// norm returns t in UTC, to the microsecond, as Postgres keeps it.
func norm(t time.Time) time.Time { return t.Truncate(time.Microsecond).UTC() }

// page returns the offset and limit of a filter, or ErrInvalid. A limit of
// 0 means defaultLimit; -1 means no limit when allowAll.
func page(offset, limit int, allowAll bool) (int, int, error) {
	switch {
	case offset < 0:
		return 0, 0, socialcrm.Invalidf("memory: negative offset %d", offset)
	case limit == 0:
		return offset, defaultLimit, nil
	case limit == -1 && allowAll:
		return offset, int(^uint(0) >> 1), nil
	case limit < 0:
		return 0, 0, socialcrm.Invalidf("memory: negative limit %d", limit)
	}
	return offset, limit, nil
}
