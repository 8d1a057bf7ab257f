package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/socialcrm/socialcrm"
)

func (s *Server) accountWriteRoutes(mux *router) {
	mux.handle("POST /api/v1/accounts", PermWork, s.handleCreateAccount)
	mux.handle("PATCH /api/v1/accounts/{id}", PermWork, s.handleUpdateAccount)
}

// checkOwner answers ErrInvalid when owner is set but no user has it.
func (s *Server) checkOwner(ctx context.Context, kind, id, owner string) error {
	if owner == "" {
		return nil
	}
	_, err := s.Store.FindUserByID(ctx, owner)
	if errors.Is(err, socialcrm.ErrNotFound) {
		return socialcrm.Invalidf("%s %q: owner %q is not a user", kind, id, owner)
	}
	return err
}

// handleCreateAccount creates an account; an existing id answers 409.
func (s *Server) handleCreateAccount(w http.ResponseWriter, r *http.Request) {
	var a socialcrm.Account
	if err := decodeJSON(r, 64<<10, &a); err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := a.Validate(); err != nil {
		s.writeError(w, r, err)
		return
	}
	_, err := s.Store.FindAccountByID(r.Context(), a.ID)
	switch {
	case err == nil:
		s.writeError(w, r, fmt.Errorf("account %q already exists (PATCH /api/v1/accounts/%s changes it): %w", a.ID, a.ID, socialcrm.ErrConflict))
		return
	case !errors.Is(err, socialcrm.ErrNotFound):
		s.writeError(w, r, err)
		return
	}
	a.CreatedAt, a.UpdatedAt = time.Time{}, time.Time{}
	s.saveAccount(w, r, &a, http.StatusCreated)
}

// handleUpdateAccount merges the fields present in the body into an
// account.
func (s *Server) handleUpdateAccount(w http.ResponseWriter, r *http.Request) {
	var p socialcrm.AccountPatch
	if err := decodeJSON(r, 64<<10, &p); err != nil {
		s.writeError(w, r, err)
		return
	}
	a, err := s.Store.FindAccountByID(r.Context(), r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	p.Apply(a)
	if err := a.Validate(); err != nil {
		s.writeError(w, r, err)
		return
	}
	a.UpdatedAt = time.Time{}
	s.saveAccount(w, r, a, http.StatusOK)
}

func (s *Server) saveAccount(w http.ResponseWriter, r *http.Request, a *socialcrm.Account, code int) {
	ctx := r.Context()
	if err := s.checkOwner(ctx, "account", a.ID, a.Owner); err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.Store.SaveAccounts(ctx, a); err != nil {
		s.writeError(w, r, err)
		return
	}
	saved, err := s.Store.FindAccountByID(ctx, a.ID)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, code, saved)
}
