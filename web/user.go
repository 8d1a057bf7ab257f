package web

import (
	"cmp"
	"net/http"
	"slices"
	"strings"

	"github.com/socialcrm/socialcrm"
	"github.com/socialcrm/socialcrm/auth"
)

func (s *Server) userRoutes(mux *router) {
	mux.handle("GET /api/v1/users", PermAdmin, s.handleUsers)
	mux.handle("POST /api/v1/users", PermAdmin, s.handleCreateUser)
	mux.handle("GET /api/v1/users/lookup", PermWork, s.handleUserLookup)
	mux.handle("GET /api/v1/users/{id}", PermAdmin, s.handleUser)
	mux.handle("PATCH /api/v1/users/{id}", PermAdmin, s.handleUpdateUser)
	mux.handle("POST /api/v1/users/{id}/password", PermAdmin, s.handleResetPassword)
}

// userList is the JSON answer of GET /api/v1/users.
type userList struct {
	Users []*socialcrm.User `json:"users"`
}

func (s *Server) handleUsers(w http.ResponseWriter, r *http.Request) {
	us, err := s.Store.FindUsers(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if us == nil {
		us = []*socialcrm.User{}
	}
	writeJSON(w, http.StatusOK, userList{Users: us})
}

// userRef is what anyone who works cases may know of a user: whom to
// assign a case or a task to.
type userRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// handleUserLookup lists the active users by name, with their ids and
// names only (no email, role or teams): the assignee pickers.
func (s *Server) handleUserLookup(w http.ResponseWriter, r *http.Request) {
	us, err := s.Store.FindUsers(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	refs := []userRef{}
	for _, u := range us {
		if u.Active {
			refs = append(refs, userRef{ID: u.ID, Name: u.Name})
		}
	}
	slices.SortStableFunc(refs, func(a, b userRef) int {
		return cmp.Or(cmp.Compare(strings.ToLower(cmp.Or(a.Name, a.ID)), strings.ToLower(cmp.Or(b.Name, b.ID))), cmp.Compare(a.ID, b.ID))
	})
	writeJSON(w, http.StatusOK, map[string][]userRef{"users": refs})
}

// newUserBody is the body of POST /api/v1/users.
type newUserBody struct {
	Email    string         `json:"email"`
	Name     string         `json:"name"`
	Role     socialcrm.Role `json:"role"`
	Teams    []string       `json:"teams"`
	Password string         `json:"password"`
}

func (s *Server) handleCreateUser(w http.ResponseWriter, r *http.Request) {
	var b newUserBody
	if err := decodeJSON(r, 8<<10, &b); err != nil {
		s.writeError(w, r, err)
		return
	}
	role, err := socialcrm.ParseRole(string(b.Role))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	u, err := s.Auth.CreateUser(r.Context(), auth.NewUser{Email: b.Email, Name: b.Name, Role: role, Teams: b.Teams, Password: b.Password})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, u)
}

func (s *Server) handleUser(w http.ResponseWriter, r *http.Request) {
	u, err := s.Store.FindUserByID(r.Context(), r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, u)
}

// userPatch is the body of PATCH /api/v1/users/{id}; absent fields are
// kept. "active": false disables the user and ends their sessions.
type userPatch struct {
	Name   *string         `json:"name"`
	Role   *socialcrm.Role `json:"role"`
	Teams  *[]string       `json:"teams"`
	Active *bool           `json:"active"`
}

func (s *Server) handleUpdateUser(w http.ResponseWriter, r *http.Request) {
	var b userPatch
	if err := decodeJSON(r, 8<<10, &b); err != nil {
		s.writeError(w, r, err)
		return
	}
	if b.Role != nil {
		role, err := socialcrm.ParseRole(string(*b.Role))
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		b.Role = &role
	}
	u, err := s.Auth.UpdateUser(r.Context(), r.PathValue("id"), auth.UserUpdate{Name: b.Name, Role: b.Role, Teams: b.Teams, Active: b.Active})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, u)
}

// passwordReset is the body of POST /api/v1/users/{id}/password.
type passwordReset struct {
	Password string `json:"password"`
}

func (s *Server) handleResetPassword(w http.ResponseWriter, r *http.Request) {
	var b passwordReset
	if err := decodeJSON(r, 4<<10, &b); err != nil {
		s.writeError(w, r, err)
		return
	}
	u, err := s.Auth.SetPassword(r.Context(), r.PathValue("id"), b.Password)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, u)
}
