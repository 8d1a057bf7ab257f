package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/socialcrm/socialcrm"
)

// Permission is what a route needs of its caller.
type Permission string

// Permissions. PermPublic routes need nobody signed in.
const (
	PermPublic    Permission = "public"
	PermRead      Permission = "read"
	PermMetrics   Permission = "metrics"
	PermWork      Permission = "work"
	PermConfigure Permission = "configure"
	PermPrivacy   Permission = "privacy"
	PermAdmin     Permission = "admin"
)

// Permissions is the one table of who may do what: each permission, the
// least role that has it, and what it allows. A role has every permission
// of the roles below it. The README's table is tested against this one.
var Permissions = []struct {
	Permission Permission
	Role       socialcrm.Role
	Allows     string
}{
	{PermRead, socialcrm.RoleViewer, "read dashboards, mentions, sentiment, contacts, accounts, leads, opportunities, the sales and SLA reports, alerts, cases, the graph and the live stream"},
	{PermMetrics, socialcrm.RoleViewer, "scrape /metrics"},
	{PermWork, socialcrm.RoleAgent, "work cases (assign, answer, resolve, reopen), look up users' names and ids to assign to, acknowledge and resolve alerts, correct sentiment, edit contacts and notes, create, work, disqualify and convert leads, open and move opportunities"},
	{PermConfigure, socialcrm.RoleAnalyst, "silences, alert settings, tracking rules, segments, teams, aggregate exports, demo bursts"},
	{PermPrivacy, socialcrm.RoleAdmin, "GDPR export and erasure of a contact"},
	{PermAdmin, socialcrm.RoleAdmin, "users, API tokens, notifiers, the audit trail"},
}

// Allows reports whether role has permission p.
func Allows(role socialcrm.Role, p Permission) bool {
	if p == PermPublic {
		return true
	}
	for _, e := range Permissions {
		if e.Permission == p {
			return role.AtLeast(e.Role)
		}
	}
	return false
}

// PermissionTable renders Permissions as the Markdown table in the README.
func PermissionTable() string {
	var b strings.Builder
	b.WriteString("| permission | least role | allows |\n|---|---|---|\n")
	for _, e := range Permissions {
		fmt.Fprintf(&b, "| `%s` | %s | %s |\n", e.Permission, e.Role, e.Allows)
	}
	return b.String()
}

// Route is a registered route and the permission it needs.
type Route struct {
	Pattern    string // "METHOD /path"
	Permission Permission
	// Page routes send anonymous browsers to the sign-in page rather than
	// answering 401.
	Page bool
}

// router registers routes with the permission each needs, wrapping every
// handler in the server's access check.
type router struct {
	s      *Server
	mux    *http.ServeMux
	routes []Route
}

// handle registers an API route.
func (rt *router) handle(pattern string, p Permission, h http.HandlerFunc) {
	rt.add(Route{Pattern: pattern, Permission: p}, h)
}

// page registers a dashboard page.
func (rt *router) page(pattern string, p Permission, h http.HandlerFunc) {
	rt.add(Route{Pattern: pattern, Permission: p, Page: true}, h)
}

func (rt *router) add(r Route, h http.Handler) {
	if !Allows(socialcrm.RoleAdmin, r.Permission) {
		panic(fmt.Sprintf("web: route %s: unknown permission %q", r.Pattern, r.Permission))
	}
	rt.routes = append(rt.routes, r)
	rt.mux.Handle(r.Pattern, rt.s.guard(r, h))
}
