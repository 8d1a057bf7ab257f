package web

import (
	"context"
	"errors"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/auth"
)

// SessionCookie is the name of the session cookie.
const SessionCookie = "socialcrm_session"

// Principal is who makes a request: a signed-in user, or an API token
// (then User is the token's owner and Role the token's).
type Principal struct {
	User  *socialcrm.User
	Token *socialcrm.Token
	Role  socialcrm.Role
}

// Actor names the principal in records of who did what: the user's ID, or
// "token:" and the token's ID.
func (p *Principal) Actor() string {
	if p.Token != nil {
		return "token:" + p.Token.ID
	}
	return p.User.ID
}

type principalKey struct{}

// principalOf returns the request's principal, nil when anonymous.
func principalOf(r *http.Request) *Principal {
	p, _ := r.Context().Value(principalKey{}).(*Principal)
	return p
}

// authenticate finds who makes the request from its bearer token or its
// session cookie. It returns nil, nil for an anonymous request.
func (s *Server) authenticate(r *http.Request) (*Principal, error) {
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, secret, _ := strings.Cut(h, " ")
		if !strings.EqualFold(scheme, "Bearer") {
			return nil, nil
		}
		t, u, err := s.Auth.Token(r.Context(), strings.TrimSpace(secret))
		if errors.Is(err, auth.ErrNoSession) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		return &Principal{User: u, Token: t, Role: t.Role}, nil
	}
	c, err := r.Cookie(SessionCookie)
	if err != nil {
		return nil, nil
	}
	u, err := s.Auth.Session(r.Context(), c.Value)
	if errors.Is(err, auth.ErrNoSession) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &Principal{User: u, Role: u.Role}, nil
}

// guard wraps a route's handler: writes need a JSON body, then the caller
// must be signed in (401, or the sign-in page for pages) and hold the
// route's permission (403).
func (s *Server) guard(rt Route, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !rt.Page && unsafeMethod(r.Method) && rt.Pattern != "POST /api/v1/ingest" && !isJSON(r) {
			writeJSON(w, http.StatusUnsupportedMediaType, map[string]string{"error": "want Content-Type: application/json"})
			return
		}
		if rt.Permission == PermPublic {
			h.ServeHTTP(w, r)
			return
		}
		p, err := s.authenticate(r)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		switch {
		case p == nil && rt.Page:
			http.Redirect(w, r, "/signin?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		case p == nil:
			w.Header().Set("WWW-Authenticate", `Bearer realm="socialcrm"`)
			writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "sign in first: POST /api/v1/session, or send Authorization: Bearer <token>"})
			return
		case !Allows(p.Role, rt.Permission):
			writeJSON(w, http.StatusForbidden, map[string]string{"error": "role " + string(p.Role) + " lacks permission " + string(rt.Permission)})
			return
		}
		r = r.WithContext(context.WithValue(r.Context(), principalKey{}, p))
		if audited(rt, r) {
			s.serveAudited(w, r, rt, p, h)
			return
		}
		h.ServeHTTP(w, r)
	})
}

func unsafeMethod(m string) bool {
	return m != http.MethodGet && m != http.MethodHead && m != http.MethodOptions
}

// isJSON reports whether a write says its body is JSON. DELETE without a
// body needs no type: browsers cannot send it cross-origin without a
// preflight, and CrossOriginProtection refuses it too.
func isJSON(r *http.Request) bool {
	ct := r.Header.Get("Content-Type")
	if ct == "" && r.Method == http.MethodDelete && r.ContentLength <= 0 {
		return true
	}
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && mt == "application/json"
}

// remoteAddr returns the IP address of the request's peer.
func remoteAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// crossOrigin refuses non-safe cross-origin browser requests on every
// path (Go's CrossOriginProtection: Sec-Fetch-Site, else Origin vs Host).
func (s *Server) crossOrigin(h http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.Logger.Warn("cross-origin request refused", "method", r.Method, "path", r.URL.Path,
			"origin", r.Header.Get("Origin"), "sec_fetch_site", r.Header.Get("Sec-Fetch-Site"))
		writeJSON(w, http.StatusForbidden, map[string]string{"error": "cross-origin request refused"})
	}))
	return cop.Handler(h)
}
