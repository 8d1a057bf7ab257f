package web

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/auth"
)

// OIDCConfig configures single sign-on with an OpenID Connect provider.
type OIDCConfig struct {
	Issuer       string
	ClientID     string
	ClientSecret string
	// RedirectURL is this service's /auth/oidc/callback as users reach it.
	RedirectURL string
	// Domains are the email domains allowed to sign in; empty allows any.
	Domains []string
	// RoleClaim names the ID token claim holding the user's role ("" for
	// none); DefaultRole is the role of new users without one.
	RoleClaim   string
	DefaultRole socialcrm.Role
}

// OIDC signs users in through an OpenID Connect provider: authorization
// code flow with state, nonce and PKCE; users are created or updated on
// each sign-in.
type OIDC struct {
	conf     OIDCConfig
	oauth    oauth2.Config
	verifier *oidc.IDTokenVerifier
}

// NewOIDC discovers the provider at conf.Issuer.
func NewOIDC(ctx context.Context, conf OIDCConfig) (*OIDC, error) {
	if conf.Issuer == "" || conf.ClientID == "" || conf.RedirectURL == "" {
		return nil, errors.New("oidc: issuer, client id and redirect URL are required")
	}
	if _, err := socialcrm.ParseRole(string(conf.DefaultRole)); err != nil {
		return nil, fmt.Errorf("oidc: default role: %w", err)
	}
	p, err := oidc.NewProvider(ctx, conf.Issuer)
	if err != nil {
		return nil, fmt.Errorf("oidc: discover %s: %w", conf.Issuer, err)
	}
	return &OIDC{conf: conf, verifier: p.Verifier(&oidc.Config{ClientID: conf.ClientID}),
		oauth: oauth2.Config{ClientID: conf.ClientID, ClientSecret: conf.ClientSecret, Endpoint: p.Endpoint(),
			RedirectURL: conf.RedirectURL, Scopes: []string{oidc.ScopeOpenID, "email", "profile"}}}, nil
}

// oidcCookie holds a sign-in under way between login and callback.
const oidcCookie = "socialcrm_oidc"

type oidcFlow struct {
	State, Nonce, Verifier, Next string
}

func (s *Server) oidcRoutes(mux *router) {
	if s.OIDC == nil {
		return
	}
	mux.handle("GET /auth/oidc/login", PermPublic, s.handleOIDCLogin)
	mux.handle("GET /auth/oidc/callback", PermPublic, s.handleOIDCCallback)
}

func (s *Server) handleOIDCLogin(w http.ResponseWriter, r *http.Request) {
	f := oidcFlow{State: newRequestID() + newRequestID(), Nonce: newRequestID() + newRequestID(),
		Verifier: oauth2.GenerateVerifier(), Next: safeNext(r.URL.Query().Get("next"))}
	b, _ := json.Marshal(f)
	http.SetCookie(w, &http.Cookie{Name: oidcCookie, Value: base64.RawURLEncoding.EncodeToString(b), Path: "/auth/oidc/",
		HttpOnly: true, Secure: s.SecureCookies, SameSite: http.SameSiteLaxMode, MaxAge: int((10 * time.Minute).Seconds())})
	http.Redirect(w, r, s.OIDC.oauth.AuthCodeURL(f.State, oidc.Nonce(f.Nonce), oauth2.S256ChallengeOption(f.Verifier)), http.StatusFound)
}

// safeNext returns next when it is a path of this site, else "/".
func safeNext(next string) string {
	if strings.HasPrefix(next, "/") && !strings.HasPrefix(next, "//") && !strings.HasPrefix(next, "/\\") {
		return next
	}
	return "/"
}

// oidcClaims are the ID token claims a sign-in reads.
type oidcClaims struct {
	Email    string `json:"email"`
	Verified *bool  `json:"email_verified"`
	Name     string `json:"name"`
}

func (s *Server) handleOIDCCallback(w http.ResponseWriter, r *http.Request) {
	u, err := s.oidcSignIn(r)
	if err != nil {
		s.Logger.Warn("single sign-on refused", "err", err, "remote_addr", remoteAddr(r))
		writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "single sign-on failed: " + err.Error()})
		return
	}
	secret, err := s.Auth.OpenSession(r.Context(), u, remoteAddr(r))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	f, _ := readFlow(r)
	http.SetCookie(w, &http.Cookie{Name: oidcCookie, Path: "/auth/oidc/", MaxAge: -1})
	s.setSessionCookie(w, secret, s.Auth.Config().MaxAge)
	http.Redirect(w, r, safeNext(f.Next), http.StatusSeeOther)
}

func readFlow(r *http.Request) (oidcFlow, error) {
	var f oidcFlow
	c, err := r.Cookie(oidcCookie)
	if err != nil {
		return f, errors.New("no sign-in under way (cookie missing or expired)")
	}
	b, err := base64.RawURLEncoding.DecodeString(c.Value)
	if err != nil || json.Unmarshal(b, &f) != nil || f.State == "" {
		return f, errors.New("bad sign-in cookie")
	}
	return f, nil
}

// oidcSignIn checks the callback (state, code with the PKCE verifier, ID
// token signature, audience, expiry and nonce, email domain) and returns
// the user, created or updated from the claims.
func (s *Server) oidcSignIn(r *http.Request) (*socialcrm.User, error) {
	f, err := readFlow(r)
	if err != nil {
		return nil, err
	}
	q := r.URL.Query()
	if e := q.Get("error"); e != "" {
		return nil, fmt.Errorf("provider answered %s", e)
	}
	if q.Get("state") != f.State {
		return nil, errors.New("state does not match")
	}
	tok, err := s.OIDC.oauth.Exchange(r.Context(), q.Get("code"), oauth2.VerifierOption(f.Verifier))
	if err != nil {
		return nil, fmt.Errorf("code exchange: %w", err)
	}
	raw, _ := tok.Extra("id_token").(string)
	idt, err := s.OIDC.verifier.Verify(r.Context(), raw)
	if err != nil {
		return nil, fmt.Errorf("ID token: %w", err)
	}
	if idt.Nonce != f.Nonce {
		return nil, errors.New("nonce does not match")
	}
	var c oidcClaims
	var all map[string]any
	if err := errors.Join(idt.Claims(&c), idt.Claims(&all)); err != nil {
		return nil, fmt.Errorf("ID token claims: %w", err)
	}
	return s.oidcUser(r.Context(), idt.Issuer+"|"+idt.Subject, c, all)
}

// oidcUser finds the user of subject (or, on a first sign-in, of the
// email), or creates them; the role claim, when present, sets the role.
func (s *Server) oidcUser(ctx context.Context, subject string, c oidcClaims, all map[string]any) (*socialcrm.User, error) {
	email, err := socialcrm.NormalizeEmail(c.Email)
	if err != nil || (c.Verified != nil && !*c.Verified) {
		return nil, errors.New("no verified email in the ID token")
	}
	_, domain, _ := strings.Cut(email, "@")
	if len(s.OIDC.conf.Domains) > 0 && !slices.Contains(s.OIDC.conf.Domains, domain) {
		return nil, fmt.Errorf("email domain %s is not allowed", domain)
	}
	var role *socialcrm.Role
	if claim, ok := all[s.OIDC.conf.RoleClaim].(string); ok && s.OIDC.conf.RoleClaim != "" {
		r, err := socialcrm.ParseRole(claim)
		if err != nil {
			return nil, fmt.Errorf("role claim: %w", err)
		}
		role = &r
	}
	u, err := s.Store.FindUserBySubject(ctx, subject)
	if errors.Is(err, socialcrm.ErrNotFound) {
		u, err = s.Store.FindUserByEmail(ctx, email)
	}
	switch {
	case errors.Is(err, socialcrm.ErrNotFound):
		r := s.OIDC.conf.DefaultRole
		if role != nil {
			r = *role
		}
		return s.Auth.CreateUser(ctx, auth.NewUser{Email: email, Name: c.Name, Role: r, Subject: subject})
	case err != nil:
		return nil, err
	case !u.Active:
		return nil, errors.New("the user is disabled")
	}
	u.Subject, u.UpdatedAt = subject, time.Now()
	if role != nil {
		u.Role = *role
	}
	if c.Name != "" {
		u.Name = c.Name
	}
	if err := s.Store.UpdateUser(ctx, u); err != nil {
		return nil, err
	}
	return u, nil
}
