package crm

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/socialcrm/socialcrm"
)

// consentStore is what Consents needs of the store.
type consentStore interface {
	socialcrm.ConsentStore
	FindUnprofiledLeads(ctx context.Context) ([]*socialcrm.Consent, error)
	FindContactByID(ctx context.Context, id string) (*socialcrm.Contact, error)
	FindLeadByID(ctx context.Context, id string) (*socialcrm.Lead, error)
}

// Consents keeps, for every process, the contacts and leads that are not
// profiled (consent withdrawn, or suppressed) and the author keys of
// their identities: the suppression list. A lead's identities count
// like a contact's: their mentions feed no lead and open no case, and
// keep no ties. Their new mentions are stored without
// a link to them (Strip), open no case and feed no lead (Profiled), and
// their identities keep no ties (ProfiledKey). It reloads the list from
// the store when it is older than its period, so that a change made in
// another process reaches this one.
type Consents struct {
	st    consentStore
	every time.Duration // 0: only Load and Changed change it

	mu        sync.RWMutex
	contacts  map[string]bool     // IDs of the contacts not profiled
	leads     map[string][]string // IDs of the leads not profiled, and their identities' keys
	lkeys     map[string]bool     // the keys of leads
	keys      map[string]bool     // the contacts' identities' author keys
	loadedAt  time.Time
	reloading atomic.Bool
}

// NewConsents returns the suppression list of st, reloaded when older
// than every.
func NewConsents(st consentStore, every time.Duration) *Consents {
	return &Consents{st: st, every: every, contacts: map[string]bool{}, leads: map[string][]string{}, keys: map[string]bool{}}
}

// Load replaces the list with the stored one.
func (c *Consents) Load(ctx context.Context) error {
	un, err := c.st.FindUnprofiled(ctx)
	if err != nil {
		return fmt.Errorf("crm: load consent: %w", err)
	}
	contacts, keys := make(map[string]bool, len(un)), map[string]bool{}
	for _, k := range un {
		contacts[k.ContactID] = true
		p, err := c.st.FindContactByID(ctx, k.ContactID)
		if err != nil {
			continue // erased meanwhile
		}
		for _, key := range socialcrm.ErasedKeys(p.Identities) {
			keys[key] = true
		}
	}
	unl, err := c.st.FindUnprofiledLeads(ctx)
	if err != nil {
		return fmt.Errorf("crm: load lead consent: %w", err)
	}
	leads := make(map[string][]string, len(unl))
	for _, k := range unl {
		leads[k.LeadID] = c.leadKeys(ctx, k.LeadID)
	}
	c.mu.Lock()
	c.contacts, c.leads, c.keys, c.loadedAt = contacts, leads, keys, time.Now()
	c.indexLeads()
	c.mu.Unlock()
	return nil
}

// leadKeys returns the author keys of the lead's identities; none when
// it is gone or converted (its identities are the contact's then).
func (c *Consents) leadKeys(ctx context.Context, id string) []string {
	l, err := c.st.FindLeadByID(ctx, id)
	if err != nil {
		return []string{}
	}
	return socialcrm.ErasedKeys(l.Identities)
}

// leadKey reports whether key is an identity of a lead not profiled.
// Called with c.mu held.
func (c *Consents) leadKey(key string) bool { return c.lkeys[key] }

// indexLeads rebuilds the set of the unprofiled leads' keys. Called with
// c.mu held for writing.
func (c *Consents) indexLeads() {
	c.lkeys = map[string]bool{}
	for _, ks := range c.leads {
		for _, k := range ks {
			c.lkeys[k] = true
		}
	}
}

// Changed updates the list with a contact's new consent, recorded by
// this process.
func (c *Consents) Changed(ctx context.Context, k *socialcrm.Consent) {
	if k.LeadID != "" {
		keys := c.leadKeys(ctx, k.LeadID)
		c.mu.Lock()
		defer c.mu.Unlock()
		if k.Profiled() {
			delete(c.leads, k.LeadID)
		} else {
			c.leads[k.LeadID] = keys
		}
		c.indexLeads()
		return
	}
	p, err := c.st.FindContactByID(ctx, k.ContactID)
	c.mu.Lock()
	defer c.mu.Unlock()
	if k.Profiled() {
		delete(c.contacts, k.ContactID)
	} else {
		c.contacts[k.ContactID] = true
	}
	if err != nil {
		return
	}
	for _, key := range socialcrm.ErasedKeys(p.Identities) {
		if k.Profiled() {
			delete(c.keys, key)
		} else {
			c.keys[key] = true
		}
	}
}

// fresh reloads the list when it is older than the period; one caller
// does, the others go on with the list they have. A failed reload keeps
// the list and tries again after another period.
func (c *Consents) fresh(ctx context.Context) {
	if c.every <= 0 {
		return
	}
	c.mu.RLock()
	stale := time.Since(c.loadedAt) >= c.every
	c.mu.RUnlock()
	if stale && c.reloading.CompareAndSwap(false, true) {
		if c.Load(ctx) != nil {
			c.mu.Lock()
			c.loadedAt = time.Now()
			c.mu.Unlock()
		}
		c.reloading.Store(false)
	}
}

// ProfiledContact reports whether the contact may be profiled.
func (c *Consents) ProfiledContact(id string) bool {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return !c.contacts[id]
}

// ProfiledKey reports whether the graph node key (an author key) may be
// profiled: false for an identity of a contact not profiled.
func (c *Consents) ProfiledKey(key string) bool {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return !c.keys[key] && !c.leadKey(key)
}

// Profiled reports whether a mention may feed profiling (cases opened
// proactively, leads): false when its author is an identity of a contact
// not profiled, or when it is linked to one.
func (c *Consents) Profiled(ctx context.Context, m *socialcrm.Mention) bool {
	c.fresh(ctx)
	c.mu.RLock()
	defer c.mu.RUnlock()
	for _, k := range socialcrm.MentionKeys(m) {
		if c.keys[k] || c.leadKey(k) {
			return false
		}
	}
	for _, id := range m.Contacts {
		if c.contacts[id] {
			return false
		}
	}
	return true
}

// Strip is a pipeline stage: it takes the contacts not profiled off the
// mention's links, so that it is stored and counted for its brand but not
// put on their record.
func (c *Consents) Strip(ctx context.Context, m *socialcrm.Mention) error {
	c.fresh(ctx)
	c.mu.RLock()
	defer c.mu.RUnlock()
	if len(c.contacts) > 0 {
		m.Contacts = slices.DeleteFunc(m.Contacts, func(id string) bool { return c.contacts[id] })
	}
	return nil
}

// Keep returns the mentions of ms that may feed profiling, in order.
func (c *Consents) Keep(ctx context.Context, ms []*socialcrm.Mention) []*socialcrm.Mention {
	out := ms[:0:0]
	for _, m := range ms {
		if c.Profiled(ctx, m) {
			out = append(out, m)
		}
	}
	return out
}

// Len returns the number of contacts not profiled (leads not counted).
func (c *Consents) Len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.contacts)
}
