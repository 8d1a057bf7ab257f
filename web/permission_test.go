package web_test

import (
	"os"
	"strings"
	"testing"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/web"
)

// TestPermissions_README checks that the README's table of permissions is
// the one in code.
func TestPermissions_README(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), web.PermissionTable()) {
		t.Errorf("README.md lacks the permission table of web.Permissions; put this in it:\n%s", web.PermissionTable())
	}
}

// TestPermissions_Cumulative checks that each role has the permissions of
// the roles before it, and that only admins hold admin and privacy.
func TestPermissions_Cumulative(t *testing.T) {
	for _, e := range web.Permissions {
		for i, r := range socialcrm.Roles {
			for _, higher := range socialcrm.Roles[i:] {
				if web.Allows(r, e.Permission) && !web.Allows(higher, e.Permission) {
					t.Errorf("%s has %s but %s does not", r, e.Permission, higher)
				}
			}
		}
	}
	for _, p := range []web.Permission{web.PermAdmin, web.PermPrivacy} {
		if web.Allows(socialcrm.RoleAnalyst, p) || !web.Allows(socialcrm.RoleAdmin, p) {
			t.Errorf("%s: want admins only", p)
		}
	}
	if web.Allows("root", web.PermRead) {
		t.Error("an unknown role has a permission")
	}
}
