package crm

import (
	"fmt"
	"slices"
	"strings"

	"github.com/socialcrm/socialcrm"
)

// rowIndex finds the earlier row of a contact (by id or email, in any
// case) and the earlier owner of an identity while a CSV is read.
type rowIndex struct {
	imp     *Import
	byID    map[string]int
	byEmail map[string]int
	owners  map[string]int // identity key → index in imp.Contacts
}

func newRowIndex(imp *Import) *rowIndex {
	return &rowIndex{imp: imp, byID: map[string]int{}, byEmail: map[string]int{}, owners: map[string]int{}}
}

// identityKeys returns the keys an identity is unique by in the stores,
// for a handle read from a file (surrounding spaces dropped).
func identityKeys(i socialcrm.Identity) []string {
	i.Handle = strings.TrimSpace(i.Handle)
	return i.UniqueKeys()
}

// add takes c, read from line: merged into the earlier row of the same
// contact, or appended; identities owned by another row's contact are left
// there and reported.
func (x *rowIndex) add(c *socialcrm.Contact, line int) {
	imp := x.imp
	at, dup := x.byID[c.ID]
	why := "same id"
	if email := strings.ToLower(c.Email); !dup && email != "" {
		if at, dup = x.byEmail[email]; dup {
			why = "same email"
		}
	}
	target := len(imp.Contacts)
	if dup {
		target = at
	}
	var kept []socialcrm.Identity
	for _, i := range c.Identities {
		owner := -1
		for _, k := range identityKeys(i) {
			if o, ok := x.owners[k]; ok && o != target {
				owner = o
			}
		}
		if owner >= 0 {
			o := imp.Contacts[owner]
			imp.Notes = append(imp.Notes, RowNote{Line: line, Msg: fmt.Sprintf(
				"identity %s is already on line %d (contact %q); not moved", i.Key(), imp.Lines[owner], o.ID)})
			continue
		}
		kept = append(kept, i)
	}
	c.Identities = kept
	if dup {
		first := imp.Contacts[at]
		imp.Notes = append(imp.Notes, RowNote{Line: line, Msg: fmt.Sprintf(
			"merged into line %d (contact %q, %s)", imp.Lines[at], first.ID, why)})
		mergeContact(first, c, false)
	} else {
		imp.Contacts, imp.Lines = append(imp.Contacts, c), append(imp.Lines, line)
		x.byID[c.ID] = target
	}
	if email := strings.ToLower(c.Email); email != "" {
		if _, ok := x.byEmail[email]; !ok {
			x.byEmail[email] = target
		}
	}
	for _, i := range kept {
		for _, k := range identityKeys(i) {
			x.owners[k] = target
		}
	}
}

// mergeContact sets the fields of dst that src has and dst lacks (with
// overwrite, also those src has with another value), and adds src's
// identities and tags that dst does not have. It describes the changes.
func mergeContact(dst, src *socialcrm.Contact, overwrite bool) []string {
	var changed []string
	for _, f := range []struct {
		name     string
		dst, src *string
	}{{"name", &dst.Name, &src.Name}, {"email", &dst.Email, &src.Email}, {"phone", &dst.Phone, &src.Phone},
		{"title", &dst.Title, &src.Title}, {"account", &dst.AccountID, &src.AccountID},
		{"lifecycle", &dst.Lifecycle, &src.Lifecycle}, {"owner", &dst.Owner, &src.Owner}} {
		if *f.src == "" || strings.EqualFold(*f.dst, *f.src) || (*f.dst != "" && !overwrite) {
			continue
		}
		changed = append(changed, fmt.Sprintf("%s %q → %q", f.name, *f.dst, *f.src))
		*f.dst = *f.src
	}
	have := map[string]bool{}
	for _, i := range dst.Identities {
		for _, k := range identityKeys(i) {
			have[k] = true
		}
	}
	for _, i := range src.Identities {
		keys := identityKeys(i)
		if slices.ContainsFunc(keys, func(k string) bool { return have[k] }) {
			continue
		}
		dst.Identities = append(dst.Identities, i)
		changed = append(changed, "identity "+i.Key())
		for _, k := range keys {
			have[k] = true
		}
	}
	for _, t := range src.Tags {
		if !slices.Contains(dst.Tags, t) {
			dst.Tags = append(dst.Tags, t)
			changed = append(changed, "tag "+t)
		}
	}
	return changed
}
