package web

import (
	"net/http"
	"time"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/auth"
)

func (s *Server) tokenRoutes(mux *router) {
	mux.handle("POST /api/v1/tokens", PermAdmin, s.handleCreateToken)
	mux.handle("GET /api/v1/tokens", PermAdmin, s.handleTokens)
	mux.handle("DELETE /api/v1/tokens/{id}", PermAdmin, s.handleRevokeToken)
}

// newTokenBody is the body of POST /api/v1/tokens; expires_in is a Go
// duration ("720h"), 90 days when left out.
type newTokenBody struct {
	Name      string         `json:"name"`
	Role      socialcrm.Role `json:"role"`
	ExpiresIn string         `json:"expires_in"`
}

// createdToken is a new token with its secret, shown this once.
type createdToken struct {
	*socialcrm.Token
	Secret string `json:"token"`
}

func (s *Server) handleCreateToken(w http.ResponseWriter, r *http.Request) {
	var b newTokenBody
	if err := decodeJSON(r, 4<<10, &b); err != nil {
		s.writeError(w, r, err)
		return
	}
	role, err := socialcrm.ParseRole(string(b.Role))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var life time.Duration
	if b.ExpiresIn != "" {
		if life, err = time.ParseDuration(b.ExpiresIn); err != nil {
			s.writeError(w, r, socialcrm.Invalidf("expires_in %q: want a duration such as 720h", b.ExpiresIn))
			return
		}
	}
	p := principalOf(r)
	t, secret, err := s.Auth.CreateToken(r.Context(), auth.NewToken{Name: b.Name, Role: role, Life: life, UserID: p.User.ID})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusCreated, createdToken{Token: t, Secret: secret})
}

// tokenList is the JSON answer of GET /api/v1/tokens.
type tokenList struct {
	Tokens []*socialcrm.Token `json:"tokens"`
}

func (s *Server) handleTokens(w http.ResponseWriter, r *http.Request) {
	ts, err := s.Store.FindTokens(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if ts == nil {
		ts = []*socialcrm.Token{}
	}
	writeJSON(w, http.StatusOK, tokenList{Tokens: ts})
}

func (s *Server) handleRevokeToken(w http.ResponseWriter, r *http.Request) {
	t, err := s.Auth.RevokeToken(r.Context(), r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, t)
}
