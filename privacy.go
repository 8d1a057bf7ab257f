package socialcrm

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// ErasedStateKey is the StateStore key under which earlier versions kept
// the identities erased under the GDPR, as one JSON array; they are rows
// of ErasedStore now (the Postgres migration moves them).
const ErasedStateKey = "gdpr/erased"

// ErasedStore keeps the author keys (see ErasedKeys) of identities erased
// under the GDPR, one row each, whose mentions must not be stored again
// when a source delivers them anew. Processes add keys without reading
// the others' first, so concurrent erasures never lose one.
type ErasedStore interface {
	// AddErased records keys as erased; a key recorded already stays
	// once. Empty keys are ignored.
	AddErased(ctx context.Context, keys ...string) error
	// FindErased returns every erased key, sorted.
	FindErased(ctx context.Context) ([]string, error)
}

// ErasedKeys returns the author keys under which the identities' mentions
// are stored: NodeKey of each identity, and also "<network>:<native id>"
// for an identity that has both a handle and a native ID, since a mention
// without the handle is keyed by the ID.
func ErasedKeys(ids []Identity) []string {
	var keys []string
	add := func(k string) {
		for _, have := range keys {
			if have == k {
				return
			}
		}
		keys = append(keys, k)
	}
	for _, i := range ids {
		if k := i.Key(); !strings.HasSuffix(k, ":") {
			add(k)
		}
		if i.NativeID != "" {
			add(NodeKey(i.Network, "", i.NativeID))
		}
	}
	return keys
}

// MentionKeys returns the keys a mention's author may be known by: its
// author key and, when it has both a handle and an ID, "<source>:<id>".
func MentionKeys(m *Mention) []string {
	keys := []string{m.AuthorKey()}
	if m.Author.Handle != "" && m.Author.ID != "" {
		keys = append(keys, NodeKey(m.Source, "", m.Author.ID))
	}
	return keys
}

// ContactExport is everything the service holds about one contact: the
// answer to a data subject's access request (GDPR art. 15).
type ContactExport struct {
	V          int        `json:"v"`
	ExportedAt time.Time  `json:"exported_at"`
	Contact    *Contact   `json:"contact"`
	Account    *Account   `json:"account,omitempty"`
	Identities []Identity `json:"identities"`
	// Mentions are the stored mentions linked to the contact or written
	// by one of its identities, newest first, all of them.
	Mentions []*Mention `json:"mentions"`
	Cases    []*Case    `json:"cases"`
	// Alerts are the alerts that list the contact.
	Alerts []*Alert `json:"alerts"`
	// Ties are the identities' ties in the relationship graph; Graph
	// says whether the graph could be asked.
	Ties  []Tie `json:"ties"`
	Graph bool  `json:"graph"`
	// Consent is the history of the contact's consent, oldest first.
	Consent []*Consent `json:"consent"`
}

// Erasure is the receipt of a contact's erasure (GDPR art. 17): what was
// removed, in counts.
type Erasure struct {
	ContactID string    `json:"contact_id"`
	ErasedAt  time.Time `json:"erased_at"`
	// Identities are the contact's social identities, now refused when
	// their mentions are collected again.
	Identities int `json:"identities"`
	// MentionsDeleted are the mentions its identities wrote, removed;
	// MentionsUnlinked the other mentions that listed the contact.
	MentionsDeleted  int `json:"mentions_deleted"`
	MentionsUnlinked int `json:"mentions_unlinked"`
	CasesDeleted     int `json:"cases_deleted"`
	AlertsUnlinked   int `json:"alerts_unlinked"`
	// GraphNodes and GraphTies were forgotten by the relationship graph;
	// Graph says whether there was a graph to ask.
	GraphNodes int  `json:"graph_nodes"`
	GraphTies  int  `json:"graph_ties"`
	Graph      bool `json:"graph"`
	// ContactDeleted is set once the contact record itself is gone: the
	// last step, so that an erasure stopped by a failure can be run again.
	ContactDeleted bool `json:"contact_deleted"`
}

// ErasureError is an erasure stopped by a failed step. Done says what was
// removed before it; running the erasure again finishes it.
type ErasureError struct {
	Step string // "erased list", "alerts", "mentions", "links", "cases", "graph", "contact"
	Done Erasure
	Err  error
}

func (e *ErasureError) Error() string {
	d := e.Done
	return fmt.Sprintf("erase contact %q: step %s failed: %v (done before it: %d alerts unlinked, %d mentions deleted, %d unlinked, %d cases deleted, %d graph nodes forgotten; run the erasure again to finish)",
		d.ContactID, e.Step, e.Err, d.AlertsUnlinked, d.MentionsDeleted, d.MentionsUnlinked, d.CasesDeleted, d.GraphNodes)
}

func (e *ErasureError) Unwrap() error { return e.Err }

// PrivacyService answers data subjects' requests about a contact
// (crm.Privacy).
type PrivacyService interface {
	// ExportContact returns everything held about the contact. Returns
	// ErrNotFound if no contact has that ID.
	ExportContact(ctx context.Context, id string) (*ContactExport, error)
	// EraseContact removes the contact and what is held about it, and
	// keeps its identities' mentions from being stored again. Returns
	// ErrNotFound if no contact has that ID (so a second erasure is
	// ErrNotFound), and an *ErasureError when a step fails.
	EraseContact(ctx context.Context, id string) (*Erasure, error)
}

// GraphForgetter is a relationship graph that can forget people.
type GraphForgetter interface {
	// Forget removes the nodes keys and their ties, keeps them out when
	// interactions name them again, and returns how many nodes and ties
	// it removed. Keys not in the graph are remembered all the same.
	Forget(ctx context.Context, keys ...string) (nodes, ties int, err error)
}
