// Package crm links social activity to CRM records: it matches mention
// authors to contacts by their social identities.
package crm

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/socialcrm/socialcrm"
)

// Matcher finds the contacts whose social identity wrote a mention. It keeps
// an in-memory index of identities, loaded from the contact store and
// refreshed when contacts change, so that matching costs a map lookup.
type Matcher struct {
	mu       sync.RWMutex
	byHandle map[string]string // NodeKey(network, handle, "") → contact id
	byNative map[string]string // network + ":" + native id → contact id
}

// NewMatcher returns an empty matcher.
func NewMatcher() *Matcher {
	return &Matcher{byHandle: map[string]string{}, byNative: map[string]string{}}
}

// Load replaces the index with every contact in the store.
func (m *Matcher) Load(ctx context.Context, s socialcrm.ContactStore) error {
	cs, _, err := s.FindContacts(ctx, socialcrm.ContactFilter{Limit: -1})
	if err != nil {
		return fmt.Errorf("crm: load contacts: %w", err)
	}
	byHandle, byNative := map[string]string{}, map[string]string{}
	for _, c := range cs {
		index(byHandle, byNative, c)
	}
	m.mu.Lock()
	m.byHandle, m.byNative = byHandle, byNative
	m.mu.Unlock()
	return nil
}

// Add indexes one contact's identities, for a contact saved after Load.
func (m *Matcher) Add(c *socialcrm.Contact) {
	m.mu.Lock()
	index(m.byHandle, m.byNative, c)
	m.mu.Unlock()
}

// Remove drops one contact's identities from the index, for a contact
// deleted after Load.
func (m *Matcher) Remove(c *socialcrm.Contact) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, id := range c.Identities {
		if k := socialcrm.NodeKey(id.Network, id.Handle, ""); id.Handle != "" && m.byHandle[k] == c.ID {
			delete(m.byHandle, k)
		}
		if k := id.Network + ":" + id.NativeID; id.NativeID != "" && m.byNative[k] == c.ID {
			delete(m.byNative, k)
		}
	}
}

func index(byHandle, byNative map[string]string, c *socialcrm.Contact) {
	for _, id := range c.Identities {
		if id.Handle != "" {
			byHandle[socialcrm.NodeKey(id.Network, id.Handle, "")] = c.ID
		}
		if id.NativeID != "" {
			byNative[id.Network+":"+id.NativeID] = c.ID
		}
	}
}

// Link returns the ids of the contacts behind the mention's author: at most
// one per network identity, by native id first, then by handle.
func (m *Matcher) Link(mn *socialcrm.Mention) []string {
	m.mu.RLock()
	defer m.mu.RUnlock()
	if mn.Author.ID != "" {
		if id, ok := m.byNative[mn.Source+":"+mn.Author.ID]; ok {
			return []string{id}
		}
	}
	if mn.Author.Handle != "" {
		if id, ok := m.byHandle[socialcrm.NodeKey(mn.Source, mn.Author.Handle, "")]; ok {
			return []string{id}
		}
	}
	return nil
}

// Len returns the number of indexed identities.
func (m *Matcher) Len() int {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return len(m.byHandle) + len(m.byNative)
}

// NormalizeHandle lower-cases a handle and strips a leading "@".
func NormalizeHandle(h string) string {
	return strings.ToLower(strings.TrimPrefix(strings.TrimSpace(h), "@"))
}
