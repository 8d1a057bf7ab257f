package crm

import (
	"slices"

	"github.com/socialcrm/socialcrm"
)

// CheckOwners checks the owner of every contact and account of imp
// against users. An owner given as a user's email becomes that user's ID.
// A contact whose owner is no user, or whose account's owner is none, is
// not imported: it moves to imp.Errors with its line, and so does an
// account with no contact left.
func CheckOwners(imp *Import, users []*socialcrm.User) {
	ids := map[string]string{} // user ID or email key → user ID
	for _, u := range users {
		ids[u.ID] = u.ID
		ids[socialcrm.NormalizeEmailKey(u.Email)] = u.ID
	}
	resolve := func(owner string) (string, bool) {
		if owner == "" {
			return "", true
		}
		if id, ok := ids[owner]; ok {
			return id, true
		}
		id, ok := ids[socialcrm.NormalizeEmailKey(owner)]
		return id, ok
	}
	badAccount := map[string]string{}
	for _, a := range imp.Accounts {
		if id, ok := resolve(a.Owner); ok {
			a.Owner = id
		} else {
			badAccount[a.ID] = a.Owner
		}
	}
	var cs []*socialcrm.Contact
	var lines []int
	used := map[string]bool{}
	for n, c := range imp.Contacts {
		id, ok := resolve(c.Owner)
		var err error
		switch {
		case !ok:
			err = socialcrm.Invalidf("contact %q: owner %q is not a user (give a user's id or email)", c.ID, c.Owner)
		case badAccount[c.AccountID] != "":
			err = socialcrm.Invalidf("contact %q: account %q: owner %q is not a user (give a user's id or email)",
				c.ID, c.AccountID, badAccount[c.AccountID])
		}
		if err != nil {
			imp.Errors = append(imp.Errors, RowError{Line: imp.Lines[n], Err: err})
			continue
		}
		c.Owner = id
		cs, lines = append(cs, c), append(lines, imp.Lines[n])
		used[c.AccountID] = true
	}
	imp.Contacts, imp.Lines = cs, lines
	for i := len(imp.Accounts) - 1; i >= 0; i-- {
		if !used[imp.Accounts[i].ID] {
			imp.Accounts = slices.Delete(imp.Accounts, i, i+1)
		}
	}
	slices.SortStableFunc(imp.Errors, func(a, b RowError) int { return a.Line - b.Line })
}
