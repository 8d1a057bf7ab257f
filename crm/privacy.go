package crm

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/socialcrm/socialcrm"
)

var _ socialcrm.PrivacyService = (*Privacy)(nil)

// exportPage is the page size Privacy reads stored records with.
const exportPage = 500

// Privacy exports and erases contacts (GDPR articles 15 and 17): their
// record, account, identities, mentions, cases, alert references and
// ties in the relationship graph.
type Privacy struct {
	store  socialcrm.Store
	graph  socialcrm.GraphService // nil: no ties to export or forget
	erased *Erased
	// OnErased, if set, is told of every erased contact (cmd drops its
	// identities from the Matcher).
	OnErased func(*socialcrm.Contact)
	now      func() time.Time
	mu       sync.Mutex // one erasure at a time
}

// NewPrivacy returns the privacy service of st. g may be nil when the
// graph is not in this process; it is asked for ties, and told to forget
// erased people when it is a socialcrm.GraphForgetter.
func NewPrivacy(st socialcrm.Store, g socialcrm.GraphService, erased *Erased) *Privacy {
	return &Privacy{store: st, graph: g, erased: erased, now: time.Now}
}

// ExportContact returns everything held about the contact.
func (p *Privacy) ExportContact(ctx context.Context, id string) (*socialcrm.ContactExport, error) {
	c, err := p.store.FindContactByID(ctx, id)
	if err != nil {
		return nil, err
	}
	x := &socialcrm.ContactExport{V: socialcrm.SchemaVersion, ExportedAt: p.now().UTC(), Contact: c,
		Identities: c.Identities, Mentions: []*socialcrm.Mention{}, Cases: []*socialcrm.Case{},
		Alerts: []*socialcrm.Alert{}, Ties: []socialcrm.Tie{}}
	if x.Identities == nil {
		x.Identities = []socialcrm.Identity{}
	}
	if c.AccountID != "" {
		a, err := p.store.FindAccountByID(ctx, c.AccountID)
		if err != nil && !errors.Is(err, socialcrm.ErrNotFound) {
			return nil, fmt.Errorf("crm: export contact %q: account: %w", c.ID, err)
		}
		x.Account = a
	}
	keys, linked, err := p.authorKeys(ctx, c)
	if err != nil {
		return nil, fmt.Errorf("crm: export contact %q: %w", c.ID, err)
	}
	if x.Mentions, err = p.mentions(ctx, keys, linked); err != nil {
		return nil, fmt.Errorf("crm: export contact %q: %w", c.ID, err)
	}
	if x.Cases, err = p.cases(ctx, c.ID, keys); err != nil {
		return nil, fmt.Errorf("crm: export contact %q: %w", c.ID, err)
	}
	if x.Alerts, err = p.alerts(ctx, c.ID, keys); err != nil {
		return nil, fmt.Errorf("crm: export contact %q: %w", c.ID, err)
	}
	if x.Consent, err = p.store.FindConsentHistory(ctx, c.ID); err != nil {
		return nil, fmt.Errorf("crm: export contact %q: consent: %w", c.ID, err)
	}
	if p.graph != nil {
		ties, err := p.graph.Ties(ctx, keys, 0)
		if err != nil {
			return nil, fmt.Errorf("crm: export contact %q: ties: %w", c.ID, err)
		}
		x.Graph = true
		x.Ties = append(x.Ties, ties...)
	}
	return x, nil
}

// EraseContact removes the contact and what is held about it; see
// socialcrm.PrivacyService. The contact record goes last, so that an
// erasure a failure stopped can be run again to finish it.
func (p *Privacy) EraseContact(ctx context.Context, id string) (*socialcrm.Erasure, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	c, err := p.store.FindContactByID(ctx, id)
	if err != nil {
		return nil, err
	}
	rec := socialcrm.Erasure{ContactID: c.ID, ErasedAt: p.now().UTC(), Identities: len(c.Identities)}
	fail := func(step string, err error) (*socialcrm.Erasure, error) {
		return nil, &socialcrm.ErasureError{Step: step, Done: rec, Err: err}
	}
	keys, _, err := p.authorKeys(ctx, c)
	if err != nil {
		return fail("mentions", err)
	}
	if p.erased == nil {
		return fail("erased list", errors.New("crm: no erased-identities list to record the erasure in"))
	}
	if err := p.erased.Add(ctx, keys...); err != nil {
		return fail("erased list", err)
	}
	// Alerts first: their samples name the mentions about to go.
	written, err := p.mentions(ctx, keys, nil)
	if err != nil {
		return fail("alerts", err)
	}
	ids := make([]string, len(written))
	for i, m := range written {
		ids[i] = m.ID
	}
	if rec.AlertsUnlinked, err = p.store.UnlinkAlerts(ctx, c.ID, keys, ids); err != nil {
		return fail("alerts", err)
	}
	if rec.MentionsDeleted, err = p.store.DeleteMentionsByAuthor(ctx, keys); err != nil {
		return fail("mentions", err)
	}
	if rec.MentionsUnlinked, err = p.store.UnlinkContact(ctx, c.ID); err != nil {
		return fail("links", err)
	}
	if rec.CasesDeleted, err = p.store.DeleteContactCases(ctx, c.ID, keys); err != nil {
		return fail("cases", err)
	}
	if f, ok := p.graph.(socialcrm.GraphForgetter); ok && f != nil {
		if rec.GraphNodes, rec.GraphTies, err = f.Forget(ctx, keys...); err != nil {
			return fail("graph", err)
		}
		rec.Graph = true
	}
	if err := p.store.DeleteContact(ctx, c.ID); err != nil {
		return fail("contact", err)
	}
	rec.ContactDeleted = true
	if p.OnErased != nil {
		p.OnErased(c)
	}
	return &rec, nil
}

// authorKeys returns the keys the contact's identities write under (see
// socialcrm.ErasedKeys, plus the author keys of linked mentions that one
// of its identities wrote under another handle) and the linked mentions.
func (p *Privacy) authorKeys(ctx context.Context, c *socialcrm.Contact) ([]string, []*socialcrm.Mention, error) {
	keys := socialcrm.ErasedKeys(c.Identities)
	linked, err := p.all(ctx, socialcrm.MentionFilter{ContactID: &c.ID})
	if err != nil {
		return nil, nil, err
	}
	for _, m := range linked {
		if k := m.AuthorKey(); writtenBy(m, c.Identities) && !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	return keys, linked, nil
}

// writtenBy reports whether one of ids wrote m: same network, and the same
// native ID or handle.
func writtenBy(m *socialcrm.Mention, ids []socialcrm.Identity) bool {
	for _, i := range ids {
		if i.Network != m.Source {
			continue
		}
		if (i.NativeID != "" && i.NativeID == m.Author.ID) ||
			(i.Handle != "" && NormalizeHandle(i.Handle) == NormalizeHandle(m.Author.Handle)) {
			return true
		}
	}
	return false
}

// all reads every mention that matches f, page by page.
func (p *Privacy) all(ctx context.Context, f socialcrm.MentionFilter) ([]*socialcrm.Mention, error) {
	var out []*socialcrm.Mention
	f.Limit = exportPage
	for f.Offset = 0; ; f.Offset += exportPage {
		ms, total, err := p.store.FindMentions(ctx, f)
		if err != nil {
			return nil, fmt.Errorf("mentions: %w", err)
		}
		out = append(out, ms...)
		if len(ms) < exportPage || f.Offset+len(ms) >= total {
			return out, nil
		}
	}
}

// mentions returns the linked mentions and those written under keys,
// newest first, each once.
func (p *Privacy) mentions(ctx context.Context, keys []string, linked []*socialcrm.Mention) ([]*socialcrm.Mention, error) {
	seen := map[string]bool{}
	out := []*socialcrm.Mention{}
	add := func(ms []*socialcrm.Mention) {
		for _, m := range ms {
			if !seen[m.ID] {
				seen[m.ID] = true
				out = append(out, m)
			}
		}
	}
	add(linked)
	for _, k := range keys {
		ms, err := p.all(ctx, socialcrm.MentionFilter{Author: &k})
		if err != nil {
			return nil, err
		}
		add(ms)
	}
	slices.SortFunc(out, func(a, b *socialcrm.Mention) int {
		return cmp.Or(b.CreatedAt.Compare(a.CreatedAt), strings.Compare(b.ID, a.ID))
	})
	return out, nil
}

// cases returns the cases of the contact and those its identities opened
// before they were linked to it.
func (p *Privacy) cases(ctx context.Context, id string, keys []string) ([]*socialcrm.Case, error) {
	out := []*socialcrm.Case{}
	f := socialcrm.CaseFilter{Limit: exportPage}
	for ; ; f.Offset += exportPage {
		cs, total, err := p.store.FindCases(ctx, f)
		if err != nil {
			return nil, fmt.Errorf("cases: %w", err)
		}
		for _, c := range cs {
			if c.ContactID == id || slices.Contains(keys, c.Author) {
				out = append(out, c)
			}
		}
		if len(cs) < exportPage || f.Offset+len(cs) >= total {
			return out, nil
		}
	}
}

// alerts returns the alerts that list the contact or one of its keys as
// an author.
func (p *Privacy) alerts(ctx context.Context, id string, keys []string) ([]*socialcrm.Alert, error) {
	out := []*socialcrm.Alert{}
	f := socialcrm.AlertFilter{Limit: exportPage}
	for ; ; f.Offset += exportPage {
		as, total, err := p.store.FindAlerts(ctx, f)
		if err != nil {
			return nil, fmt.Errorf("alerts: %w", err)
		}
		for _, a := range as {
			if slices.Contains(a.Contacts, id) || slices.ContainsFunc(a.Authors, func(k string) bool { return slices.Contains(keys, k) }) {
				out = append(out, a)
			}
		}
		if len(as) < exportPage || f.Offset+len(as) >= total {
			return out, nil
		}
	}
}
