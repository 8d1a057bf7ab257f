package crm_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/crm"
)

func TestReadContactsCSV(t *testing.T) {
	t.Run("HubSpot", func(t *testing.T) {
		in := "\ufeffRecord ID,First Name,Last Name,Email,Company Name,Annual Revenue,Twitter Username,Mastodon,Favourite Colour\n" +
			"101,Alice,Archer,Alice@Globex.example,Globex,\"1,200,000\",@alice,alice@example.social,red\n" +
			"102,Bob,Baker,bob@globex.example,Globex,,bob_b,,blue\n" +
			",,,,,,,,\n" +
			"104,Carol,,carol@initech.example,Initech,lots,,,\n"
		imp, err := crm.ReadContactsCSV(strings.NewReader(in), time.Unix(0, 0))
		if err != nil {
			t.Fatal(err)
		}
		if len(imp.Contacts) != 2 || len(imp.Accounts) != 1 || len(imp.Errors) != 2 {
			t.Fatalf("contacts %d, accounts %d, errors %v", len(imp.Contacts), len(imp.Accounts), imp.Errors)
		}
		a := imp.Contacts[0]
		if a.ID != "101" || a.Name != "Alice Archer" || a.Email != "alice@globex.example" || a.AccountID != imp.Accounts[0].ID {
			t.Fatalf("alice = %+v", a)
		}
		if len(a.Identities) != 2 || a.Identities[0] != (socialcrm.Identity{Network: "x", Handle: "alice"}) {
			t.Fatalf("identities = %+v", a.Identities)
		}
		if imp.Accounts[0].Value != 1200000 {
			t.Fatalf("account = %+v", imp.Accounts[0])
		}
		if imp.Errors[0].Line != 4 || imp.Errors[1].Line != 5 || !errors.Is(imp.Errors[1].Err, socialcrm.ErrInvalid) {
			t.Fatalf("errors = %v", imp.Errors)
		}
		if len(imp.Ignored) != 1 || imp.Ignored[0] != "Favourite Colour" {
			t.Fatalf("ignored = %v", imp.Ignored)
		}
	})
	t.Run("Salesforce", func(t *testing.T) {
		in := "Id,FirstName,LastName,Email,Title,AccountName,Tier\n003A,Dana,Drake,dana@hooli.example,CTO,Hooli,Gold\n"
		imp, err := crm.ReadContactsCSV(strings.NewReader(in), time.Unix(0, 0))
		if err != nil || len(imp.Contacts) != 1 || imp.Contacts[0].Title != "CTO" || imp.Accounts[0].Tier != "gold" {
			t.Fatalf("%v %+v", err, imp)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		_, err := crm.ReadContactsCSV(strings.NewReader("foo,bar\n1,2\n"), time.Unix(0, 0))
		if !errors.Is(err, socialcrm.ErrInvalid) {
			t.Fatalf("err = %v", err)
		}
	})
}
