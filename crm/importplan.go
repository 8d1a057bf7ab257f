package crm

import (
	"fmt"
	"strings"

	"github.com/socialcrm/socialcrm"
)

// Change is what an import does to one contact.
type Change struct {
	Line    int
	Contact *socialcrm.Contact // as it will be saved
	Create  bool
	Fields  []string // what an update changes
}

func (c Change) String() string {
	if c.Create {
		return fmt.Sprintf("line %d: create contact %q (%s)", c.Line, c.Contact.ID, c.Contact.Name)
	}
	return fmt.Sprintf("line %d: update contact %q: %s", c.Line, c.Contact.ID, strings.Join(c.Fields, "; "))
}

// Plan is what an import changes in a store that holds existing.
type Plan struct {
	Changes   []Change  // contacts to save, created or updated
	Unchanged int       // rows whose contact has everything already
	Notes     []RowNote // matches by email, identities not moved
}

// Contacts returns the contacts the plan saves.
func (p *Plan) Contacts() []*socialcrm.Contact {
	cs := make([]*socialcrm.Contact, len(p.Changes))
	for i, c := range p.Changes {
		cs[i] = c.Contact
	}
	return cs
}

// PlanImport matches the contacts of imp to existing ones (by id, then by
// email in any case) and returns what saving them changes. An update sets
// the fields a row has and adds identities and tags; a field the row lacks
// keeps its stored value, so a sparse row never wipes one. An identity that belongs to another
// stored contact is not moved: it is left out and reported.
func PlanImport(imp *Import, existing []*socialcrm.Contact) *Plan {
	byID, byEmail, owners := map[string]*socialcrm.Contact{}, map[string]*socialcrm.Contact{}, map[string]string{}
	for _, c := range existing {
		byID[c.ID] = c
		if e := strings.ToLower(c.Email); e != "" && byEmail[e] == nil {
			byEmail[e] = c
		}
		for _, i := range c.Identities {
			for _, k := range identityKeys(i) {
				owners[k] = c.ID
			}
		}
	}
	p := &Plan{}
	for n, c := range imp.Contacts {
		line := imp.Lines[n]
		old := byID[c.ID]
		if old == nil && c.Email != "" {
			if old = byEmail[strings.ToLower(c.Email)]; old != nil {
				p.Notes = append(p.Notes, RowNote{Line: line, Msg: fmt.Sprintf("matches contact %q by email %s; updates it", old.ID, c.Email)})
			}
		}
		id := c.ID
		if old != nil {
			id = old.ID
		}
		var kept []socialcrm.Identity
		for _, i := range c.Identities {
			owner := ""
			for _, k := range identityKeys(i) {
				if o, ok := owners[k]; ok && o != id {
					owner = o
				}
			}
			if owner != "" {
				p.Notes = append(p.Notes, RowNote{Line: line, Msg: fmt.Sprintf("identity %s belongs to contact %q; not moved", i.Key(), owner)})
				continue
			}
			kept = append(kept, i)
		}
		d := *c
		d.Identities = kept
		if old == nil {
			p.Changes = append(p.Changes, Change{Line: line, Contact: &d, Create: true})
			continue
		}
		merged := *old
		merged.Identities, merged.Tags = append([]socialcrm.Identity(nil), old.Identities...), append([]string(nil), old.Tags...)
		merged.CreatedAt, merged.UpdatedAt = old.CreatedAt, d.UpdatedAt
		fields := mergeContact(&merged, &d, true)
		if len(fields) == 0 {
			p.Unchanged++
			continue
		}
		p.Changes = append(p.Changes, Change{Line: line, Contact: &merged, Fields: fields})
	}
	return p
}
