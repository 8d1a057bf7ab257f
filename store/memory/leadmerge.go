package memory

import (
	"slices"

	"github.com/socialcrm/socialcrm"
)

// moveSales points the leads converted into contact from, and the
// opportunities that list it, at contact into, for a merge. The caller
// holds the write lock.
func (s *Store) moveSales(into, from string) {
	for id, l := range s.sales.leads {
		if l.ContactID == from {
			d := copyLead(l)
			d.ContactID = into
			s.sales.leads[id] = d
		}
	}
	for id, o := range s.sales.opps {
		if slices.Contains(o.Contacts, from) {
			d := copyOpportunity(o)
			d.Contacts = socialcrm.MergedContacts(o.Contacts, into, from)
			s.sales.opps[id] = d
		}
	}
}
