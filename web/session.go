package web

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/auth"
)

func (s *Server) sessionRoutes(mux *router) {
	mux.handle("POST /api/v1/session", PermPublic, s.handleSignIn)
	mux.handle("GET /api/v1/session", PermRead, s.handleWhoAmI)
	mux.handle("DELETE /api/v1/session", PermRead, s.handleSignOut)
	mux.handle("POST /api/v1/session/password", PermRead, s.handleChangePassword)
}

// credentials is the body of POST /api/v1/session.
type credentials struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

// sessionView answers who is signed in.
type sessionView struct {
	User        any      `json:"user"`
	Permissions []string `json:"permissions"`
}

func (s *Server) viewSession(p *Principal) sessionView {
	v := sessionView{User: p.User, Permissions: []string{}}
	for _, e := range Permissions {
		if Allows(p.Role, e.Permission) {
			v.Permissions = append(v.Permissions, string(e.Permission))
		}
	}
	return v
}

func (s *Server) handleSignIn(w http.ResponseWriter, r *http.Request) {
	var c credentials
	if err := decodeJSON(r, 4<<10, &c); err != nil {
		s.writeError(w, r, err)
		return
	}
	u, secret, err := s.Auth.SignIn(r.Context(), c.Email, c.Password, remoteAddr(r))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	id := newRequestID()
	err = s.Store.AppendAudit(r.Context(), &socialcrm.AuditEntry{ID: "au-" + id, At: time.Now(), Actor: u.ID,
		Action: auditAction(r.Pattern), Target: "users/" + u.ID, Status: http.StatusOK, RequestID: id, RemoteAddr: remoteAddr(r)})
	if err != nil {
		err = fmt.Errorf("web: audit sign-in: %w", err)
		s.writeError(w, r, errors.Join(err, s.Auth.SignOut(r.Context(), secret)))
		return
	}
	s.setSessionCookie(w, secret, s.Auth.Config().MaxAge)
	writeJSON(w, http.StatusOK, s.viewSession(&Principal{User: u, Role: u.Role}))
}

// setSessionCookie sets (or, with an empty secret, clears) the session
// cookie: HttpOnly, SameSite=Lax, Secure when the service is reached over
// https.
func (s *Server) setSessionCookie(w http.ResponseWriter, secret string, maxAge time.Duration) {
	c := &http.Cookie{Name: SessionCookie, Value: secret, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.SecureCookies, MaxAge: int(maxAge.Seconds())}
	if secret == "" {
		c.MaxAge = -1
	}
	http.SetCookie(w, c)
}

func (s *Server) handleWhoAmI(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, s.viewSession(principalOf(r)))
}

func (s *Server) handleSignOut(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(SessionCookie); err == nil {
		if err := s.Auth.SignOut(r.Context(), c.Value); err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	s.setSessionCookie(w, "", 0)
	w.WriteHeader(http.StatusNoContent)
}

// passwordChange is the body of POST /api/v1/session/password.
type passwordChange struct {
	Current string `json:"current"`
	New     string `json:"new"`
}

// handleChangePassword changes the signed-in user's own password; every
// session of theirs ends, this one included.
func (s *Server) handleChangePassword(w http.ResponseWriter, r *http.Request) {
	var body passwordChange
	if err := decodeJSON(r, 4<<10, &body); err != nil {
		s.writeError(w, r, err)
		return
	}
	p := principalOf(r)
	_, err := s.Auth.ChangePassword(r.Context(), p.User.ID, body.Current, body.New)
	if errors.Is(err, auth.ErrCredentials) {
		err = socialcrm.Invalidf("the current password is wrong")
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.setSessionCookie(w, "", 0)
	w.WriteHeader(http.StatusNoContent)
}
