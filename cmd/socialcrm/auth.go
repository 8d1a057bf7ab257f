package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/auth"
	"github.com/socialcrm/socialcrm/web"
)

// demoAdmin is the demo's admin when SOCIALCRM_ADMIN_EMAIL is not set; a
// new password is generated at every start and printed beside the URL.
const demoAdmin = "demo@example.com"

// bindAuth defines the session flags and reads the first admin from the
// environment (a password never goes in a flag, where ps would show it).
func (c *appConfig) bindAuth(fs *flagSet) {
	def := auth.DefaultConfig()
	fs.durationVar(&c.SessionIdle, "session-idle", "SOCIALCRM_SESSION_IDLE", def.IdleTimeout,
		"end a dashboard session unused for this long")
	fs.durationVar(&c.SessionMaxAge, "session-max-age", "SOCIALCRM_SESSION_MAX_AGE", def.MaxAge,
		"end a dashboard session this long after sign-in")
	fs.stringVar(&c.OIDC.Issuer, "oidc-issuer", "SOCIALCRM_OIDC_ISSUER", "", "OpenID Connect issuer URL for single sign-on (off without it)")
	fs.stringVar(&c.OIDC.ClientID, "oidc-client-id", "SOCIALCRM_OIDC_CLIENT_ID", "", "OpenID Connect client id")
	fs.stringVar(&c.OIDC.Domains, "oidc-allowed-domains", "SOCIALCRM_OIDC_ALLOWED_DOMAINS", "", "comma-separated email domains allowed to sign in (default: any)")
	fs.stringVar(&c.OIDC.RoleClaim, "oidc-role-claim", "SOCIALCRM_OIDC_ROLE_CLAIM", "", "ID token claim holding the user's role")
	fs.stringVar(&c.OIDC.DefaultRole, "oidc-default-role", "SOCIALCRM_OIDC_DEFAULT_ROLE", "viewer", "role of new single sign-on users without a role claim")
	c.OIDC.ClientSecret = fs.envVar("SOCIALCRM_OIDC_CLIENT_SECRET", "OpenID Connect client secret")
	c.AdminEmail = fs.envVar("SOCIALCRM_ADMIN_EMAIL", "email of the first admin, created when the store has no user")
	c.AdminPassword = fs.envVar("SOCIALCRM_ADMIN_PASSWORD", "password of that first admin")
}

func (c *appConfig) authConfig() auth.Config {
	conf := auth.DefaultConfig()
	conf.IdleTimeout, conf.MaxAge = c.SessionIdle, c.SessionMaxAge
	return conf
}

// startAuth makes sure somebody can sign in: the first admin from the
// environment when the store has no user; serve refuses to start with no
// user at all; the demo without SOCIALCRM_ADMIN_EMAIL (re)sets its demo
// admin with a fresh password.
func (a *app) startAuth(ctx context.Context) error {
	svc, err := auth.New(a.store, a.conf.authConfig(), a.log)
	if err != nil {
		return err
	}
	a.auth = svc
	if a.oidc, err = a.conf.OIDC.open(ctx, a.conf.publicURL()); err != nil {
		return err
	}
	if a.conf.Demo && a.conf.AdminEmail == "" {
		pw := auth.NewPassword()
		if err := ensureUser(ctx, svc, demoAdmin, pw); err != nil {
			return err
		}
		a.signIn = fmt.Sprintf("sign in as %s with password %s (new at every start)", demoAdmin, pw)
		return nil
	}
	created, err := svc.Bootstrap(ctx, a.conf.AdminEmail, a.conf.AdminPassword)
	if err != nil {
		return err
	}
	if created {
		a.log.Info("first admin created from SOCIALCRM_ADMIN_EMAIL", "email", a.conf.AdminEmail)
	}
	a.signIn = "sign in with a user of the store (socialcrm users list)"
	if a.conf.AdminEmail != "" {
		a.signIn = fmt.Sprintf("sign in as %s with the password of SOCIALCRM_ADMIN_PASSWORD", a.conf.AdminEmail)
	}
	return nil
}

// oidcFlags configure single sign-on; the client secret comes from
// SOCIALCRM_OIDC_CLIENT_SECRET (or _FILE) only.
type oidcFlags struct {
	Issuer, ClientID, ClientSecret, Domains, RoleClaim, DefaultRole string
}

// open discovers the provider, or returns nil when no issuer is set.
func (o oidcFlags) open(ctx context.Context, publicURL string) (*web.OIDC, error) {
	if o.Issuer == "" {
		return nil, nil
	}
	role, err := socialcrm.ParseRole(o.DefaultRole)
	if err != nil {
		return nil, fmt.Errorf("--oidc-default-role: %w", err)
	}
	return web.NewOIDC(ctx, web.OIDCConfig{Issuer: o.Issuer, ClientID: o.ClientID, ClientSecret: o.ClientSecret,
		RedirectURL: publicURL + "/auth/oidc/callback", Domains: splitList(o.Domains), RoleClaim: o.RoleClaim, DefaultRole: role})
}

// ensureUser gives the admin of email the password, creating them if
// need be.
func ensureUser(ctx context.Context, svc *auth.Service, email, pw string) error {
	_, err := svc.SetPassword(ctx, email, pw)
	if errors.Is(err, socialcrm.ErrNotFound) {
		_, err = svc.CreateUser(ctx, auth.NewUser{Email: email, Name: "Demo admin", Role: socialcrm.RoleAdmin, Password: pw})
	}
	if err != nil {
		return fmt.Errorf("demo admin: %w", err)
	}
	active, role := true, socialcrm.RoleAdmin
	_, err = svc.UpdateUser(ctx, email, auth.UserUpdate{Active: &active, Role: &role})
	return err
}
