package socialcrm_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/socialcrm/socialcrm"
)

func TestContactValidate(t *testing.T) {
	ok := func() *socialcrm.Contact {
		return &socialcrm.Contact{ID: "c-1", Name: "Alice", Email: "alice@example.com", AccountID: "acc-1",
			Identities: []socialcrm.Identity{{Network: "x", Handle: "alice"}}}
	}
	if err := ok().Validate(); err != nil {
		t.Fatalf("valid contact: %v", err)
	}
	for name, change := range map[string]func(*socialcrm.Contact){
		"bad email":        func(c *socialcrm.Contact) { c.Email = "not-an-email" },
		"named email":      func(c *socialcrm.Contact) { c.Email = "Alice <alice@example.com>" },
		"path id":          func(c *socialcrm.Contact) { c.ID = "../x" },
		"dot id":           func(c *socialcrm.Contact) { c.ID = ".x" },
		"long id":          func(c *socialcrm.Contact) { c.ID = strings.Repeat("a", 129) },
		"no name":          func(c *socialcrm.Contact) { c.Name = " " },
		"100 KB name":      func(c *socialcrm.Contact) { c.Name = strings.Repeat("n", 100<<10) },
		"long title":       func(c *socialcrm.Contact) { c.Title = strings.Repeat("t", 201) },
		"bad account id":   func(c *socialcrm.Contact) { c.AccountID = "a/b" },
		"handleless ident": func(c *socialcrm.Contact) { c.Identities = []socialcrm.Identity{{Network: "x", Handle: "@"}} },
		"long handle":      func(c *socialcrm.Contact) { c.Identities[0].Handle = strings.Repeat("h", 257) },
		"too many tags":    func(c *socialcrm.Contact) { c.Tags = make([]string, 51) },
	} {
		c := ok()
		change(c)
		if err := c.Validate(); !errors.Is(err, socialcrm.ErrInvalid) {
			t.Errorf("%s: Validate() = %v, want ErrInvalid", name, err)
		}
	}
}

func TestContactPatchKeepsAbsentFields(t *testing.T) {
	c := &socialcrm.Contact{ID: "c-1", Name: "Alice", Email: "a@example.com", Title: "CTO", AccountID: "acc-1",
		Identities: []socialcrm.Identity{{Network: "x", Handle: "alice"}}}
	name, empty := "Alice M.", ""
	socialcrm.ContactPatch{Name: &name, Title: &empty}.Apply(c)
	if c.Name != name || c.Title != "" || c.Email != "a@example.com" || c.AccountID != "acc-1" || len(c.Identities) != 1 {
		t.Fatalf("after patch: %+v", c)
	}
}
